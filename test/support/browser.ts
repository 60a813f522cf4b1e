import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it with apt-get); never a downloaded browser build. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where the browser tests leave their screenshots (gitignored). */
export const TEST_OUTPUT_DIR = path.resolve(__dirname, '..', '..', 'test-output');

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless chromium on a fresh profile folder, with nothing that phones home (updates, sync,
 * QUIC, background networking): the tests talk to 127.0.0.1 only.
 */
export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Path of a screenshot in the test output folder (created when absent). */
export function screenshotPath(name: string): string {
  fs.mkdirSync(TEST_OUTPUT_DIR, { recursive: true });
  return path.join(TEST_OUTPUT_DIR, `${name}.png`);
}
