import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** The text of a PDF as PDF.js reads it (a text layer, as a screen reader or a search would see it), and its page count. */
export async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-pdf-')), 'report.pdf');
  fs.writeFileSync(file, pdf);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, 'extract-pdf-text.mjs'), file], { maxBuffer: 32 * 1024 * 1024 });
    return JSON.parse(stdout) as { pages: number; text: string };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
