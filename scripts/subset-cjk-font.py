"""Writes assets/fonts/NotoSansCJKsc-Regular-GB2312.otf: Noto Sans CJK SC Regular (SIL OFL 1.1,
Debian package fonts-noto-cjk) cut to Latin, Greek, punctuation, arrows, mathematical operators,
CJK punctuation, full-width forms and the 6,763 hanzi of GB 2312 (levels 1 and 2), which cover
everyday Simplified Chinese. One font for the PDF report and the workbench's Chinese labels,
small enough to commit (assets/fonts/SOURCES.md). Run with Debian's python3-fonttools:
    /usr/bin/python3 scripts/subset-cjk-font.py
"""
import pathlib
from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
SC_FACE = 2  # JP, KR, SC, TC, HK, then the monospaced faces
TARGET = pathlib.Path(__file__).resolve().parent.parent / 'assets' / 'fonts' / 'NotoSansCJKsc-Regular-GB2312.otf'

RANGES = [(0x20, 0x7E), (0xA0, 0x17F), (0x370, 0x3FF), (0x2000, 0x206F), (0x2100, 0x21FF), (0x2200, 0x22FF),
          (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]


def gb2312_hanzi():
    """Every character of GB 2312 rows 16-87 (the hanzi), decoded from its two-byte EUC-CN code."""
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                yield ord(bytes([high, low]).decode('gb2312'))
            except UnicodeDecodeError:
                pass


font = TTCollection(SOURCE).fonts[SC_FACE]
codepoints = {c for lo, hi in RANGES for c in range(lo, hi + 1)} | set(gb2312_hanzi())
options = subset.Options()
options.layout_features = ['kern', 'liga', 'locl', 'ccmp', 'palt', 'halt']
options.name_IDs = ['*']
options.name_languages = ['*']
options.notdef_outline = True
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=codepoints)
subsetter.subset(font)
font.save(TARGET)
print(f'wrote {TARGET} ({TARGET.stat().st_size} bytes, {len(codepoints)} code points asked)')
