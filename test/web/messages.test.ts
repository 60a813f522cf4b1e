import path from 'node:path';
import { openSync, type Font } from 'fontkit';
import { REPORT_LABELS } from '../../src/api/report/report-labels';
import { MESSAGES } from '../../src/web/messages';

const FONT = path.resolve(__dirname, '..', '..', 'assets', 'fonts', 'NotoSansCJKsc-Regular-GB2312.otf');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogue', () => {
  it('when the two languages are compared, then every label is filled in both with the same placeholders', () => {
    const keys = Object.keys(MESSAGES.en);

    expect(Object.keys(MESSAGES.zh).sort()).toEqual([...keys].sort());
    for (const key of keys as Array<keyof typeof MESSAGES.en>) {
      expect(MESSAGES.zh[key].trim()).not.toBe('');
      expect({ key, placeholders: placeholders(MESSAGES.zh[key]) }).toEqual({ key, placeholders: placeholders(MESSAGES.en[key]) });
    }
  });

  it('when the report labels and the page\'s Chinese characters are drawn in the bundled font, then it has a glyph for every one', () => {
    const font = openSync(FONT) as Font;
    const missingIn = (text: string) => [...new Set(text)].filter((ch) => !/\s/.test(ch) && !font.hasGlyphForCodePoint(ch.codePointAt(0)!));
    // The page's @font-face serves only these ranges (src/web/styles.css); other characters come from the system fonts.
    const pageCjk = Object.values(MESSAGES.zh).join('').replace(/[^\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/gu, '');

    expect(missingIn(Object.values(REPORT_LABELS).flat().join(''))).toEqual([]);
    expect(missingIn(pageCjk)).toEqual([]);
    expect(pageCjk.length).toBeGreaterThan(500);
  });
});
