import { decodeText, ImportError } from '../../src/importers';
import { thrownBy } from './helpers';

describe('decodeText', () => {
  const text = 'Sample Name\tMarker\nÉlodie\tvWA\n';

  it.each([
    ['UTF-8', Buffer.from(text, 'utf8')],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ['Windows-1252', Buffer.from(text, 'latin1')],
    ['a string with a BOM', `\uFEFF${text}`],
  ])('when the upload is %s, then the text is recovered', (_encoding, input) => {
    expect(decodeText(input)).toBe(text);
  });

  it('when bytes hold NUL characters but no UTF-16 BOM, then ImportError UNSUPPORTED_ENCODING', () => {
    const error = thrownBy(() => decodeText(Buffer.from(text, 'utf16le')));
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_ENCODING' });
  });
});
