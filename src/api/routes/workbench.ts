import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { ServiceUnavailableError } from '../../lib';

/** Where `npm run build:web` (scripts/build-web.ts) writes the bundled workbench. */
export const WORKBENCH_DIR = path.resolve(__dirname, '..', '..', '..', 'dist', 'web');

/**
 * The workbench's Content-Security-Policy: only its own bundled script, styles and fonts; no
 * inline script or style, no eval, no plug-ins, no framing, and fetch only to this origin
 * (https://www.w3.org/TR/CSP3/). Trusted Types close the DOM XSS sinks (innerHTML and friends),
 * which the page never uses.
 */
export const WORKBENCH_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "require-trusted-types-for 'script'", "trusted-types 'none'",
].join('; ');

/**
 * Serves the investigator workbench (static files of the build) at /app/ under a strict CSP. The
 * page is a client of the /v1 API like any other: it holds no data and no secret.
 */
export function workbenchRouter(dir: string = WORKBENCH_DIR): Router {
  const router = Router();
  router.use((req, res, next) => {
    res.setHeader('Content-Security-Policy', WORKBENCH_CSP);
    if (req.originalUrl === '/app') return res.redirect(301, '/app/');
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new ServiceUnavailableError('the workbench is not built: run `npm run build:web` (npm install and npm start do it)');
    }
    next();
  });
  router.use(express.static(dir, {
    index: 'index.html', fallthrough: true, dotfiles: 'ignore',
    // The bundle's file names do not change between builds, so the browser revalidates every time.
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  }));
  return router;
}
