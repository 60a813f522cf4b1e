/**
 * Bundles the investigator workbench (src/web) with esbuild into dist/web: one script, its
 * stylesheet, the page and the CJK font, served by the service at /app/. No CDN: everything the
 * page loads comes from this folder. `npm install` (prepare), `npm start` (prestart) and the test
 * run (jest globalSetup) call it; it takes well under a second.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
export const WEB_SOURCE_DIR = path.join(ROOT, 'src', 'web');
export const CJK_FONT = path.join(ROOT, 'assets', 'fonts', 'NotoSansCJKsc-Regular-GB2312.otf');

export async function buildWorkbench(outDir: string = path.join(ROOT, 'dist', 'web')): Promise<void> {
  fs.mkdirSync(path.join(outDir, 'fonts'), { recursive: true });
  await build({
    entryPoints: [path.join(WEB_SOURCE_DIR, 'main.tsx')],
    outfile: path.join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    target: ['chrome111', 'firefox113', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) fs.copyFileSync(path.join(WEB_SOURCE_DIR, file), path.join(outDir, file));
  fs.copyFileSync(CJK_FONT, path.join(outDir, 'fonts', path.basename(CJK_FONT)));
  fs.copyFileSync(path.join(ROOT, 'assets', 'fonts', 'OFL.txt'), path.join(outDir, 'fonts', 'OFL.txt'));
}

if (require.main === module) {
  buildWorkbench().then(
    () => process.stderr.write('workbench built in dist/web\n'),
    (e: unknown) => {
      process.stderr.write(`workbench build failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
