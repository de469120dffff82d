#!/usr/bin/env bash
# Regenerate the bundled CJK font subsets and the fallback fonts (Hebrew,
# Arabic, emoji/symbols, CJK Extension B) in assets/fonts/.
#
#   scripts/subset-fonts.sh            # writes assets/fonts/*
#   scripts/subset-fonts.sh --check    # regenerates in a temporary folder and
#                                      # compares with assets/fonts/ (exit 1 on
#                                      # any difference); writes nothing
#
# What it does:
#   1. installs what it needs if missing: Debian packages fonts-noto-cjk,
#      fonts-lxgw-wenkai, fonts-noto-core, fonts-symbola, fonts-hanazono,
#      unicode-data (apt-get), and fontTools pinned to $FONTTOOLS_VERSION in a
#      private virtualenv under ~/.cache (pip);
#   2. builds the character set: GB 2312 (all 7445 characters, enumerated with
#      Python's gb2312 codec) ∪ 通用规范汉字表 (8105 characters, taken from
#      the kTGH field of Unihan in Debian's unicode-data) ∪ the non-ideograph
#      characters of GBK ∪ ASCII, Latin-1, punctuation and symbol blocks
#      (see the "character set" step below); and the character sets of the
#      fallback fonts: the Hebrew and Arabic blocks; emoji (emoji-data.txt of
#      unicode-data) plus symbol, Latin/Greek/Cyrillic-extension blocks; the
#      CJK Extension B characters named by Unihan fields that mark them as in
#      use (kUnihanCore2020, kHKSCS, kJIS0213, kXHC1983, kCihaiT, ...);
#   3. cuts Noto Serif CJK SC Regular/Bold, Noto Sans CJK SC Regular/Bold
#      (face 2 of Debian's .ttc collections) and LXGW WenKai Regular with
#      pyftsubset: hinting removed, vertical-writing features/tables removed,
#      OpenType layout kept for the default and Simplified Chinese (ZHS)
#      language systems only, font names unchanged; and the fallback fonts
#      Noto Sans Hebrew / Noto Sans Arabic Regular/Bold, Symbola and HanaMinB
#      (all TrueType outlines, no colour tables), hinting removed, all
#      OpenType layout kept, font names unchanged;
#   4. verifies every output (names, glyph count, cmap, GB 2312 and 8105
#      coverage, the sample characters of each fallback font, no colour or
#      bitmap tables, fsType embedding permission) and fails if a check fails;
#   5. writes the licence files and README.md, then replaces the files in
#      assets/fonts/ (only the files this script owns).
#
# Idempotent: running it again with the same inputs rewrites the same bytes.
# Reproducibility: the output is byte-reproducible for the same Debian package
# versions and the same fontTools version (checked: two runs gave identical
# sha256 for every file; pyftsubset keeps head.modified of the source font, so
# no clock time enters the files). Other package versions give other bytes; the
# script warns when the installed versions differ from the ones pinned below.
set -euo pipefail

FONTTOOLS_VERSION="4.68.0"
# Debian package versions the committed files were made from (Debian 12).
EXPECT_NOTO="1:20220127+repack1-1"
EXPECT_WENKAI="1.250+repack-1"
EXPECT_UNICODE_DATA="15.0.0-1"
EXPECT_NOTO_CORE="20201225-1"
EXPECT_SYMBOLA="2.60-1.1"
EXPECT_HANAZONO="20170904-2.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/assets/fonts"
CHECK=0
case "${1:-}" in
  --check) CHECK=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

NOTO_DIR=/usr/share/fonts/opentype/noto
WENKAI_DIR=/usr/share/fonts/truetype/lxgw-wenkai
UNIHAN=/usr/share/unicode/Unihan_OtherMappings.txt.bz2
UNIHAN_DIR=/usr/share/unicode
EMOJI_DATA=/usr/share/unicode/emoji/emoji-data.txt
NOTO_CORE_DIR=/usr/share/fonts/truetype/noto
SYMBOLA=/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf
HANAZONO_DIR=/usr/share/fonts/truetype/hanazono

log() { printf '[subset-fonts] %s\n' "$*" >&2; }

# ---------------------------------------------------------------- 1. install
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root to run: $*"; exit 1
  fi
}

need_pkgs=()
for p in fonts-noto-cjk fonts-lxgw-wenkai fonts-noto-core fonts-symbola fonts-hanazono unicode-data; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    need_pkgs+=("$p")
  fi
done
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  log "installing ${need_pkgs[*]} (apt-get)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

pkgver() { dpkg-query -W -f='${Version}' "$1"; }
VER_NOTO="$(pkgver fonts-noto-cjk)"
VER_WENKAI="$(pkgver fonts-lxgw-wenkai)"
VER_UNICODE_DATA="$(pkgver unicode-data)"
VER_NOTO_CORE="$(pkgver fonts-noto-core)"
VER_SYMBOLA="$(pkgver fonts-symbola)"
VER_HANAZONO="$(pkgver fonts-hanazono)"
check_ver() { # package installed expected
  if [ "$2" != "$3" ]; then
    log "warning: $1 is $2, the committed fonts were made from $3; the output will differ"
  fi
}
check_ver fonts-noto-cjk "$VER_NOTO" "$EXPECT_NOTO"
check_ver fonts-lxgw-wenkai "$VER_WENKAI" "$EXPECT_WENKAI"
check_ver unicode-data "$VER_UNICODE_DATA" "$EXPECT_UNICODE_DATA"
check_ver fonts-noto-core "$VER_NOTO_CORE" "$EXPECT_NOTO_CORE"
check_ver fonts-symbola "$VER_SYMBOLA" "$EXPECT_SYMBOLA"
check_ver fonts-hanazono "$VER_HANAZONO" "$EXPECT_HANAZONO"

VENV="${XDG_CACHE_HOME:-$HOME/.cache}/kpibrief/fonttools-$FONTTOOLS_VERSION"
PY="$VENV/bin/python"
if ! "$PY" -c "import fontTools, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" 2>/dev/null; then
  log "installing fonttools==$FONTTOOLS_VERSION into $VENV (pip)"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$VENV"
  fi
  "$PY" -m pip install --quiet --disable-pip-version-check "fonttools==$FONTTOOLS_VERSION"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export PYTHONHASHSEED=0 LC_ALL=C.UTF-8

# ------------------------------------------------------------ 2. character set
"$PY" - "$UNIHAN" "$WORK" <<'PYEOF'
import bz2, json, sys, unicodedata
unihan, work = sys.argv[1], sys.argv[2]

def decode_all(codec, leads, trails):
    out = set()
    for a in leads:
        for b in trails:
            try:
                s = bytes([a, b]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(s) == 1:
                out.add(ord(s))
    return out

def is_ideograph(c):
    n = unicodedata.name(chr(c), "")
    return n.startswith("CJK UNIFIED IDEOGRAPH") or n.startswith("CJK COMPATIBILITY IDEOGRAPH")

gb2312 = decode_all("gb2312", range(0xA1, 0xFF), range(0xA1, 0xFF))
assert len(gb2312) == 7445, len(gb2312)

tgh = set()
with bz2.open(unihan, "rt", encoding="utf-8") as f:
    for line in f:
        p = line.rstrip("\n").split("\t")
        if len(p) == 3 and p[1] == "kTGH":
            tgh.add(int(p[0][2:], 16))
assert len(tgh) == 8105, len(tgh)

gbk = decode_all("gbk", range(0x81, 0xFF), range(0x40, 0xFF))
gbk_symbols = {c for c in gbk if not is_ideograph(c)}

def rng(a, b):
    return set(range(a, b + 1))

required = (
    rng(0x0020, 0x007E)      # ASCII
    | rng(0x00A0, 0x00FF)    # Latin-1 Supplement (punctuation, ×, ÷, letters)
    | rng(0x2000, 0x206F)    # General Punctuation (— – ‘ ’ “ ” … ‰ …)
    | rng(0x3000, 0x303F)    # CJK Symbols and Punctuation (、。〇《》【】〔〕…)
    | rng(0xFF00, 0xFFEF)    # Halfwidth and Fullwidth Forms
    | rng(0x2460, 0x2473)    # ①–⑳
    | {ord(c) for c in "—【】〔〕《》"}
)
blocks = (
    rng(0x0100, 0x017F)      # Latin Extended-A (names with diacritics)
    | rng(0x20A0, 0x20CF)    # Currency Symbols (€)
    | rng(0x2100, 0x214F)    # Letterlike Symbols (℃ № ™)
    | rng(0x2150, 0x218F)    # Number Forms (Ⅰ–Ⅻ, ⅰ–ⅹ)
    | rng(0x2190, 0x21FF)    # Arrows
    | rng(0x2200, 0x22FF)    # Mathematical Operators
    | rng(0x2460, 0x24FF)    # Enclosed Alphanumerics (⑴ ⒈ ⓐ)
    | rng(0x25A0, 0x25FF)    # Geometric Shapes (■□▲△◆◇○●)
    | rng(0x2600, 0x26FF)    # Miscellaneous Symbols (★☆)
    | rng(0x2700, 0x27BF)    # Dingbats (✓)
    | rng(0x2E00, 0x2E7F)    # Supplemental Punctuation (⸺ ⸻)
    | rng(0x3040, 0x30FF)    # Hiragana, Katakana (mostly in GB 2312 already; ・)
    | rng(0x3200, 0x32FF)    # Enclosed CJK Letters and Months (㈠ ㊀ ㉑)
)
allc = gb2312 | tgh | gbk_symbols | required | blocks
with open(f"{work}/unicodes.txt", "w") as f:
    f.write("".join("%04X\n" % c for c in sorted(allc)))
with open(f"{work}/sets.json", "w") as f:
    json.dump({
        "gb2312": sorted(gb2312), "tgh": sorted(tgh), "gbk_symbols": sorted(gbk_symbols),
        "required": sorted(required), "requested": sorted(allc),
    }, f)
print(f"charset: GB 2312 {len(gb2312)}, 通用规范 {len(tgh)} "
      f"({len(tgh - gb2312)} not in GB 2312), GBK symbols {len(gbk_symbols)}, "
      f"requested in all {len(allc)}", file=sys.stderr)
PYEOF

# ------------------------------------------- 2b. fallback fonts' character sets
# The fallback fonts draw what the CJK faces above lack, so that text with
# Hebrew, Arabic, emoji, other symbols or rare CJK Extension B characters still
# renders (PDF/A export fails on a character no font has). Each set is
# requested from its font; pyftsubset keeps what the font has of it.
"$PY" - "$UNIHAN_DIR" "$EMOJI_DATA" "$NOTO_DIR/NotoSansCJK-Regular.ttc" "$WORK" <<'PYEOF'
import bz2, glob, json, re, sys
from fontTools.ttLib import TTCollection
unihan_dir, emoji_data, noto_sans_ttc, work = sys.argv[1:5]

def rng(a, b):
    return set(range(a, b + 1))

def write(name, cps):
    with open(f"{work}/{name}", "w") as f:
        f.write("".join("%04X\n" % c for c in sorted(cps)))

# Around right-to-left text: space, ASCII, no-break space, ZWNJ/ZWJ,
# LRM/RLM, the bidi embeddings/isolates, and the dotted circle that shapers
# show under a mark that has no base.
rtl_common = (rng(0x0020, 0x007E) | {0x00A0} | rng(0x200C, 0x200F)
              | rng(0x202A, 0x202E) | rng(0x2066, 0x2069) | {0x25CC})
hebrew = (rng(0x0590, 0x05FF)     # Hebrew
          | rng(0xFB1D, 0xFB4F)   # Alphabetic Presentation Forms (Hebrew part)
          | {0x20AA}              # ₪
          | rtl_common)
arabic = (rng(0x0600, 0x06FF)     # Arabic
          | rng(0x0750, 0x077F)   # Arabic Supplement
          | rng(0x0870, 0x089F)   # Arabic Extended-B
          | rng(0x08A0, 0x08FF)   # Arabic Extended-A
          | rng(0xFB50, 0xFDFF)   # Arabic Presentation Forms-A (﷼ ligatures)
          | rng(0xFE70, 0xFEFF)   # Arabic Presentation Forms-B
          | rtl_common)

# Emoji: every code point with the Emoji, Extended_Pictographic or
# Emoji_Component property (emoji-data.txt of the installed Unicode version),
# less ASCII (# * 0-9), plus ZWJ, the variation selectors and the keycap mark.
props = {"Emoji": set(), "Emoji_Presentation": set(), "Extended_Pictographic": set(),
         "Emoji_Component": set()}
with open(emoji_data, encoding="utf-8") as f:
    for line in f:
        m = re.match(r"([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*(\w+)", line)
        if m and m.group(3) in props:
            props[m.group(3)] |= rng(int(m.group(1), 16), int(m.group(2) or m.group(1), 16))
emoji = {c for c in props["Emoji"] | props["Extended_Pictographic"] | props["Emoji_Component"]
         if c >= 0x80} | {0x200D, 0xFE0E, 0xFE0F, 0x20E3}
# Symbola also draws the letters and symbols of these blocks, for text that
# the CJK faces lack (Vietnamese, Greek, Cyrillic, IPA, ⁴ ₂, ‱ ⁂, ⌘, box
# drawing, math, arrows, ...). Left out on purpose, for size: Mathematical
# Alphanumeric Symbols (996 glyphs, 130 kB), Control Pictures (80 kB),
# Braille, Alchemical Symbols, Phonetic Extensions, ancient scripts and music.
# Typst reshapes a run of missing glyphs, widened to whole clusters, with the
# fallback font, so the base letter of a cluster with a combining mark, and
# spaces, must be there too: ASCII, Latin-1 and Latin Extended-A are kept.
symbol_blocks = (
    rng(0x0020, 0x007E)      # ASCII
    | rng(0x00A0, 0x017F)    # Latin-1 Supplement, Latin Extended-A
    | rng(0x0180, 0x024F)    # Latin Extended-B
    | rng(0x0250, 0x02AF)    # IPA Extensions
    | rng(0x02B0, 0x02FF)    # Spacing Modifier Letters
    | rng(0x0300, 0x036F)    # Combining Diacritical Marks
    | rng(0x0370, 0x03FF)    # Greek and Coptic
    | rng(0x0400, 0x052F)    # Cyrillic, Cyrillic Supplement
    | rng(0x1AB0, 0x1AFF)    # Combining Diacritical Marks Extended
    | rng(0x1E00, 0x1EFF)    # Latin Extended Additional (Vietnamese)
    | rng(0x1F00, 0x1FFF)    # Greek Extended
    | rng(0x2000, 0x206F)    # General Punctuation
    | rng(0x2070, 0x209F)    # Superscripts and Subscripts
    | rng(0x20A0, 0x20CF)    # Currency Symbols
    | rng(0x20D0, 0x20FF)    # Combining Diacritical Marks for Symbols
    | rng(0x2100, 0x23FF)    # Letterlike, Number Forms, Arrows, Math Operators, Misc Technical
    | rng(0x2440, 0x245F)    # Optical Character Recognition
    | rng(0x2460, 0x27FF)    # Enclosed Alphanumerics … Dingbats, Misc Math A, Supp. Arrows-A
    | rng(0x2900, 0x2BFF)    # Supp. Arrows-B, Misc Math B, Supp. Math Operators, Misc Symbols and Arrows
    | rng(0x2E00, 0x2E7F)    # Supplemental Punctuation
    | rng(0x1F000, 0x1F6FF)  # Mahjong … Transport and Map Symbols
    | rng(0x1F780, 0x1F8FF)  # Geometric Shapes Extended, Supplemental Arrows-C
    | rng(0x1F900, 0x1F9FF)  # Supplemental Symbols and Pictographs
    | rng(0x1FA70, 0x1FAFF)  # Symbols and Pictographs Extended-A
)
symbola = emoji | symbol_blocks

# CJK Extension B (U+20000–U+2A6DF, 42720 characters; no bundled CJK face has
# them beyond the 36 of the 8105 list). A font of all of them is 30 MB, so
# take those that some source marks as in use: the Unihan fields below, and
# the Extension B characters of the full Noto Sans CJK (Adobe's pan-CJK pick:
# HKSCS, JIS X 0213, Adobe-Japan1, …).
EXTB = rng(0x20000, 0x2A6DF)
extb_fields = [
    "kUnihanCore2020",   # Unihan core set 2020 (minimal set for G/H/J/K/M/T/V use)
    "kIICore",           # IRG International Ideograph Core
    "kTGH",              # 通用规范汉字表
    "kXHC1983",          # 现代汉语词典
    "kHKSCS",            # Hong Kong Supplementary Character Set (names, places)
    "kIRG_MSource",      # Macao
    "kTaiwanTelegraph",  # Taiwan telegraph code (names)
    "kJIS0213",          # JIS X 0213
    "kRSAdobe_Japan1_6", # Adobe-Japan1-6
    "kCihaiT",           # 辭海
    "kCantonese",        # has a Cantonese reading
    "kDefinition",       # has an English definition
]
field_sets = {k: set() for k in extb_fields}
# For the README's list of what stays uncovered: these sets in every block.
gap_fields = {"kBigFive": set(), "kHKSCS": set(), "kUnihanCore2020": set()}
for path in sorted(glob.glob(f"{unihan_dir}/Unihan_*.txt.bz2")):
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            p = line.split("\t", 2)
            if len(p) == 3 and (p[1] in field_sets or p[1] in gap_fields):
                c = int(p[0][2:], 16)
                if p[1] in gap_fields:
                    gap_fields[p[1]].add(c)
                if p[1] in field_sets and c in EXTB:
                    field_sets[p[1]].add(c)
noto_extb = {c for c in TTCollection(noto_sans_ttc, lazy=True).fonts[2].getBestCmap() if c in EXTB}
extb = set(noto_extb)
for k in extb_fields:
    extb |= field_sets[k]
assert len(field_sets["kUnihanCore2020"]) > 1000 and len(noto_extb) > 2000, "Unihan or Noto CJK not as expected"

write("hebrew.txt", hebrew)
write("arabic.txt", arabic)
write("symbola.txt", symbola)
write("extb.txt", extb | {0x0020, 0x00A0, 0x3000})   # and the spaces, if the font has them
with open(f"{work}/fallback_sets.json", "w") as f:
    json.dump({
        "hebrew": sorted(hebrew), "arabic": sorted(arabic), "symbola": sorted(symbola),
        "emoji": sorted(emoji), "emoji_single": sorted(props["Emoji"] - rng(0, 0x7F)),
        "emoji_presentation": sorted(props["Emoji_Presentation"]),
        "extb": sorted(extb), "noto_extb": sorted(noto_extb),
        "extb_fields": {k: sorted(v) for k, v in field_sets.items()},
        "gap_fields": {k: sorted(v) for k, v in gap_fields.items()},
    }, f)
print(f"fallback charsets: Hebrew {len(hebrew)}, Arabic {len(arabic)}, emoji {len(emoji)}, "
      f"Symbola in all {len(symbola)}, Extension B {len(extb)} "
      f"(Noto CJK has {len(noto_extb)})", file=sys.stderr)
PYEOF

# --------------------------------------------------------------- 3. subset
# Language systems kept: default and ZHS (Simplified Chinese). Dropping JAN,
# KOR, ZHT and ZHH removes their 'locl' lookups, which would otherwise pull in
# the Japanese/Korean/Traditional glyph variants of ~3000 characters (the
# Serif Regular subset goes from 4.9 MB to 2.8 MB). The ZHS 'locl' (Chinese
# forms of — “ ” ‘ ’) and the latn default one are kept, so text tagged zh
# keeps its Chinese punctuation shapes.
SCRIPTS='DFLT,cyrl.dflt,cyrl.ZHS,grek.dflt,grek.ZHS,hani.dflt,hani.ZHS,kana.dflt,kana.ZHS,latn.dflt,latn.ZHS'
subset() { # src font-number out
  "$PY" -m fontTools.subset "$1" --font-number="$2" \
    --unicodes-file="$WORK/unicodes.txt" \
    --output-file="$WORK/$3" \
    --no-hinting \
    --layout-scripts="$SCRIPTS" \
    --layout-features-='vert,vrt2,vkrn,vhal,vpal,valt' \
    --drop-tables+='vhea,vmtx,VORG' \
    --name-IDs='*' --name-languages='*' \
    --notdef-outline
}
FACES=(
  "$NOTO_DIR/NotoSerifCJK-Regular.ttc|2|NotoSerifSC-Regular.subset.otf"
  "$NOTO_DIR/NotoSerifCJK-Bold.ttc|2|NotoSerifSC-Bold.subset.otf"
  "$NOTO_DIR/NotoSansCJK-Regular.ttc|2|NotoSansSC-Regular.subset.otf"
  "$NOTO_DIR/NotoSansCJK-Bold.ttc|2|NotoSansSC-Bold.subset.otf"
  "$WENKAI_DIR/LXGWWenKai-Regular.ttf|0|LXGWWenKai-Regular.subset.ttf"
)
# Fallback fonts (TrueType outlines, no colour or bitmap tables): hinting
# removed; all OpenType features and scripts kept (Arabic joining forms and
# ligatures, Hebrew marks); vertical metrics and FontForge's FFTM dropped.
subset_fallback() { # src unicodes-file out
  "$PY" -m fontTools.subset "$1" \
    --unicodes-file="$WORK/$2" \
    --output-file="$WORK/$3" \
    --no-hinting \
    --layout-features='*' \
    --drop-tables+='vhea,vmtx,VORG,FFTM' \
    --name-IDs='*' --name-languages='*' \
    --notdef-outline
}
FALLBACKS=(
  "$HANAZONO_DIR/HanaMinB.ttf|extb.txt|HanaMinB.subset.ttf"
  "$SYMBOLA|symbola.txt|Symbola.subset.ttf"
  "$NOTO_CORE_DIR/NotoSansHebrew-Regular.ttf|hebrew.txt|NotoSansHebrew-Regular.subset.ttf"
  "$NOTO_CORE_DIR/NotoSansHebrew-Bold.ttf|hebrew.txt|NotoSansHebrew-Bold.subset.ttf"
  "$NOTO_CORE_DIR/NotoSansArabic-Regular.ttf|arabic.txt|NotoSansArabic-Regular.subset.ttf"
  "$NOTO_CORE_DIR/NotoSansArabic-Bold.ttf|arabic.txt|NotoSansArabic-Bold.subset.ttf"
)
JOBS=()
for f in "${FACES[@]}"; do JOBS+=("cjk|$f"); done
for f in "${FALLBACKS[@]}"; do JOBS+=("fallback|$f"); done
pids=()
for job in "${JOBS[@]}"; do
  IFS='|' read -r kind src arg out <<<"$job"
  if [ "$kind" = cjk ]; then
    log "subsetting $(basename "$src") #$arg -> $out"
    subset "$src" "$arg" "$out" &
  else
    log "subsetting $(basename "$src") ($arg) -> $out"
    subset_fallback "$src" "$arg" "$out" &
  fi
  pids+=($!)
  # two at a time (the machines have 2 cores)
  if [ "${#pids[@]}" -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done

# ------------------------------------------- 4. verify, 5. licences and README
"$PY" - "$WORK" "$VER_NOTO" "$VER_WENKAI" "$VER_UNICODE_DATA" "$FONTTOOLS_VERSION" \
  "$VER_NOTO_CORE" "$VER_SYMBOLA" "$VER_HANAZONO" "${FACES[@]}" -- "${FALLBACKS[@]}" <<'PYEOF'
import hashlib, json, os, re, sys
from fontTools.ttLib import TTFont, TTCollection

work, ver_noto, ver_wenkai, ver_ud, ver_ft, ver_noto_core, ver_symbola, ver_hanazono = sys.argv[1:9]
sep = sys.argv.index("--")
faces = [f.split("|") for f in sys.argv[9:sep]]
fallbacks = [f.split("|") for f in sys.argv[sep + 1:]]
sets = {k: set(v) for k, v in json.load(open(f"{work}/sets.json")).items()}

def name(font, nid):
    n = font["name"].getName(nid, 3, 1, 0x409)
    return n.toUnicode() if n else None

def typst_family(font):
    # typst-library 0.15.1 FontInfo::from_ttf: first name-ID-1 record (table
    # order) that decodes, then trims style suffixes (Regular, Bold, ...).
    for rec in font["name"].names:
        if rec.nameID == 1:
            try:
                fam = rec.toUnicode()
            except Exception:
                continue
            break
    else:
        return None
    suffixes = ["normal", "italic", "oblique", "slanted", "thin", "th", "hairline",
                "light", "lt", "regular", "medium", "med", "md", "bold", "bd", "demi",
                "extb", "black", "blk", "bk", "heavy", "narrow", "condensed", "cond",
                "cn", "cd", "compressed", "expanded", "exp", "vf", "var", "variable"]
    low = fam.lower()
    if any(low.endswith(" " + s) for s in suffixes):
        raise SystemExit(f"family {fam!r} ends with a style suffix: Typst would trim it")
    return fam

def visible(c):
    # not a space, format/line/paragraph control, unassigned or private
    import unicodedata
    return unicodedata.category(chr(c)) not in ("Zs", "Zl", "Zp", "Cf", "Cc", "Cn", "Co")

def fstype_ok(fs):
    # bit 1 (0x2): restricted licence embedding; bit 9 (0x200): bitmap only.
    return fs & 0x0202 == 0

def fstype_text(fs):
    if fs & 0x2: return "restricted (no embedding)"
    kinds = {0: "installable", 4: "preview & print", 8: "editable"}
    return kinds.get(fs & 0xE, f"0x{fs:04x}") + (" (no subsetting)" if fs & 0x100 else "")

rows, errors = [], []
src_copyright = {}
for src, num, out in faces:
    path = f"{work}/{out}"
    f = TTFont(path)
    srcfont = TTCollection(src).fonts[int(num)] if src.endswith(".ttc") else TTFont(src)
    src_copyright[out] = name(srcfont, 0)
    cmap = set(f.getBestCmap())
    fs = f["OS/2"].fsType
    miss_gb = sets["gb2312"] - cmap
    miss_tgh = sets["tgh"] - cmap
    miss_req = sets["required"] - cmap
    fam, sub = name(f, 1), name(f, 2)
    if name(f, 1) != name(srcfont, 1) or name(f, 4) != name(srcfont, 4) or name(f, 6) != name(srcfont, 6):
        errors.append(f"{out}: names differ from the source font")
    if miss_gb: errors.append(f"{out}: {len(miss_gb)} GB 2312 characters missing")
    if miss_tgh: errors.append(f"{out}: {len(miss_tgh)} 通用规范汉字表 characters missing")
    if not fstype_ok(fs): errors.append(f"{out}: fsType 0x{fs:04x} forbids embedding")
    if "glyf" in f: outlines = "TrueType (glyf)"
    else: outlines = "CFF (CID-keyed)" if f["CFF "].cff.topDictIndex[0].ROS else "CFF"
    rows.append(dict(
        file=out, size=os.path.getsize(path),
        sha256=hashlib.sha256(open(path, "rb").read()).hexdigest(),
        family=fam, subfamily=sub, typo_family=name(f, 16), full=name(f, 4), ps=name(f, 6),
        typst=typst_family(f), weight=f["OS/2"].usWeightClass, version=name(f, 5),
        glyphs=len(f.getGlyphOrder()), cmap=len(cmap), fstype=fs, fstype_text=fstype_text(fs),
        hani=sum(1 for c in cmap if 0x3400 <= c <= 0x9FFF or 0x20000 <= c <= 0x3FFFF),
        miss_gb=len(miss_gb), miss_tgh=len(miss_tgh), miss_req=len(miss_req),
        req_missing_visible="".join(chr(c) for c in sorted(miss_req) if visible(c)),
        req_missing_invisible=sum(1 for c in miss_req if not visible(c)),
        outlines=outlines,
        src=src, num=num,
    ))
    print(f"{out}: family={fam!r} subfamily={sub!r} nameID16={name(f,16)!r} typst={rows[-1]['typst']!r} "
          f"glyphs={rows[-1]['glyphs']} cmap={len(cmap)} fsType=0x{fs:04x} ({fstype_text(fs)}) "
          f"missing: GB2312={len(miss_gb)} 8105={len(miss_tgh)} required={len(miss_req)} "
          f"size={rows[-1]['size']}", file=sys.stderr)

# ----- fallback fonts
fb = {k: (set(v) if isinstance(v, list) else v)
      for k, v in json.load(open(f"{work}/fallback_sets.json")).items()}
emoji_version = {}
with open("/usr/share/unicode/emoji/emoji-data.txt", encoding="utf-8") as fh:
    for line in fh:
        m = re.match(r"([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*Emoji\s*#\s*E(\d+\.\d+)", line)
        if m:
            for c in range(int(m.group(1), 16), int(m.group(2) or m.group(1), 16) + 1):
                emoji_version[c] = m.group(3)
assigned = set()
with open("/usr/share/unicode/UnicodeData.txt", encoding="utf-8") as fh:
    first = None
    for line in fh:
        p = line.split(";")
        c = int(p[0], 16)
        if p[1].endswith(", First>"): first = c
        elif p[1].endswith(", Last>"): assigned |= set(range(first, c + 1))
        else: assigned.add(c)

def rng(a, b):
    return set(range(a, b + 1))

# What each fallback font must draw (the check fails otherwise), and the blocks
# it is meant to cover, for the README.
FB = {
    "NotoSansHebrew": dict(
        samples="שלום" + "".join(chr(c) for c in range(0x05D0, 0x05EB)),
        blocks=[("Hebrew U+0590–05FF", rng(0x0590, 0x05FF)),
                ("Hebrew presentation forms U+FB1D–FB4F", rng(0xFB1D, 0xFB4F))],
        features=("hebr", []), licence="OFL-NotoSansHebrewArabic.txt",
        licence_name="SIL OFL 1.1", pkg="fonts-noto-core", ver=ver_noto_core),
    "NotoSansArabic": dict(
        samples="مرحبا" + "".join(chr(c) for c in list(range(0x0621, 0x063B)) + list(range(0x0641, 0x064B)) + list(range(0x0660, 0x066A))) + "،؛؟",
        blocks=[("Arabic U+0600–06FF", rng(0x0600, 0x06FF)),
                ("Arabic Supplement U+0750–077F", rng(0x0750, 0x077F)),
                ("Arabic Extended-B U+0870–089F", rng(0x0870, 0x089F)),
                ("Arabic Extended-A U+08A0–08FF", rng(0x08A0, 0x08FF)),
                ("Arabic Presentation Forms-A U+FB50–FDFF", rng(0xFB50, 0xFDFF)),
                ("Arabic Presentation Forms-B U+FE70–FEFF", rng(0xFE70, 0xFEFF))],
        features=("arab", ["init", "medi", "fina", "isol", "rlig"]), licence="OFL-NotoSansHebrewArabic.txt",
        licence_name="SIL OFL 1.1", pkg="fonts-noto-core", ver=ver_noto_core),
    "Symbola": dict(
        samples="😀🎉✅❤👍🔥★☆✓⚠€→∑⌘①┌▲♠✈☎ẹễ₂⁴ΩЖʃ",
        # emoji components: regional indicators, skin tones, VS15/VS16, ZWJ, keycap
        required=rng(0x1F1E6, 0x1F1FF) | rng(0x1F3FB, 0x1F3FF) | {0xFE0E, 0xFE0F, 0x200D, 0x20E3},
        blocks=[], features=None, licence="LICENSE-Symbola.txt",
        licence_name="free for any use (George Douros)", pkg="fonts-symbola", ver=ver_symbola),
    "HanaMinB": dict(
        samples="𠀀𠮷𡃁𨋢𠜎𪚥",
        blocks=[("CJK Extension B U+20000–2A6DF", rng(0x20000, 0x2A6DF))],
        features=None, licence="LICENSE-HanaMinB.txt",
        licence_name="Hanazono Font License (or OFL 1.1, see the licence file)", pkg="fonts-hanazono", ver=ver_hanazono),
}
COLOUR_TABLES = ("CBDT", "CBLC", "sbix", "COLR", "CPAL", "SVG ", "EBDT", "EBLC", "EBSC")

def features_of(font, script):
    if "GSUB" not in font: return set()
    t = font["GSUB"].table
    out = set()
    for sr in t.ScriptList.ScriptRecord:
        if sr.ScriptTag != script: continue
        langs = ([sr.Script.DefaultLangSys] if sr.Script.DefaultLangSys else []) + [l.LangSys for l in sr.Script.LangSysRecord]
        for ls in langs:
            out |= {t.FeatureList.FeatureRecord[i].FeatureTag for i in ls.FeatureIndex}
    return out

fbrows = []
for src, ufile, out in fallbacks:
    path = f"{work}/{out}"
    f = TTFont(path)
    srcfont = TTFont(src)
    key = out.split("-")[0].split(".")[0]
    spec = FB[key]
    src_copyright[out] = name(srcfont, 0)
    cmap = set(f.getBestCmap())
    src_cmap = set(srcfont.getBestCmap())
    requested = {int(l, 16) for l in open(f"{work}/{ufile}")}
    fs = f["OS/2"].fsType
    if name(f, 1) != name(srcfont, 1) or name(f, 4) != name(srcfont, 4) or name(f, 6) != name(srcfont, 6):
        errors.append(f"{out}: names differ from the source font")
    if not fstype_ok(fs): errors.append(f"{out}: fsType 0x{fs:04x} forbids embedding")
    if "glyf" not in f: errors.append(f"{out}: no TrueType outlines")
    colour = [t for t in COLOUR_TABLES if t in f]
    if colour: errors.append(f"{out}: has colour/bitmap tables {colour}")
    missing_samples = "".join(ch for ch in spec["samples"] if ord(ch) not in cmap)
    if missing_samples: errors.append(f"{out}: lacks {missing_samples}")
    missing_required = spec.get("required", set()) - cmap
    if missing_required: errors.append(f"{out}: lacks {' '.join(f'U+{c:04X}' for c in sorted(missing_required))}")
    lost = (requested & src_cmap) - cmap
    if lost: errors.append(f"{out}: {len(lost)} requested characters of the source font were lost")
    if spec["features"]:
        script, need = spec["features"]
        have = features_of(f, script)
        if set(need) - have: errors.append(f"{out}: GSUB {script} lacks {sorted(set(need) - have)}")
    blocks = []
    for label, cps in spec["blocks"]:
        a = cps & assigned
        blocks.append((label, len(cmap & a), len(a)))
    fbrows.append(dict(
        file=out, key=key, size=os.path.getsize(path),
        sha256=hashlib.sha256(open(path, "rb").read()).hexdigest(),
        family=name(f, 1), subfamily=name(f, 2), typo_family=name(f, 16), full=name(f, 4), ps=name(f, 6),
        typst=typst_family(f), weight=f["OS/2"].usWeightClass, version=name(f, 5),
        glyphs=len(f.getGlyphOrder()), cmap=len(cmap), cmap_set=cmap, requested=len(requested),
        fstype=fs, fstype_text=fstype_text(fs), blocks=blocks, src=src, samples=spec["samples"],
        licence=spec["licence"], licence_name=spec["licence_name"], pkg=spec["pkg"], pkgver=spec["ver"],
        first_name1=next(((r.platformID, r.platEncID, r.langID) for r in f["name"].names if r.nameID == 1), None),
    ))
    print(f"{out}: family={name(f, 1)!r} typst={fbrows[-1]['typst']!r} weight={f['OS/2'].usWeightClass} "
          f"glyphs={fbrows[-1]['glyphs']} cmap={len(cmap)} (requested {len(requested)}, source has "
          f"{len(requested & src_cmap)}) fsType=0x{fs:04x} samples missing={missing_samples!r} "
          f"size={fbrows[-1]['size']}", file=sys.stderr)
fbby = {r["key"]: r for r in fbrows}
if errors:
    for e in errors: print("ERROR:", e, file=sys.stderr)
    sys.exit(1)

# ----- licence files: the OFL text from Debian's copyright file of each package
def debian_licence(pkg, short):
    text = open(f"/usr/share/doc/{pkg}/copyright", encoding="utf-8").read()
    paras = text.split("\n\n")
    for p in paras:
        lines = p.split("\n")
        if lines[0].strip() == f"License: {short}" and len(lines) > 1:
            body = []
            for l in lines[1:]:
                l = l[1:] if l.startswith(" ") else l
                body.append("" if l == "." else l)
            return "\n".join(body).strip("\n") + "\n"
    raise SystemExit(f"no License: {short} paragraph in {pkg}'s copyright file")

def debian_files_copyright(pkg):
    text = open(f"/usr/share/doc/{pkg}/copyright", encoding="utf-8").read()
    m = re.search(r"^Files: \*\n(.*?)(?:\n\n|\Z)", text, re.S | re.M)
    return m.group(1).rstrip() if m else ""

by = {r["file"]: r for r in rows}
noto_files = [r["file"] for r in rows if r["file"].startswith("Noto")]
kai_files = [r["file"] for r in rows if r["file"].startswith("LXGW")]

noto = f"""Licence of the Noto CJK fonts in this folder
============================================

Files: {", ".join(noto_files)}

These are subsets (Modified Versions under the OFL) of Noto Serif CJK SC and
Noto Sans CJK SC, face 2 of the collections in Debian's package
fonts-noto-cjk {ver_noto}. Upstream: https://github.com/notofonts/noto-cjk
They were made by scripts/subset-fonts.sh (characters removed, hinting
removed, vertical-writing data removed); the font names are unchanged.

Copyright notices in the fonts (name ID 0):
  Noto Serif CJK SC: {src_copyright[noto_files[0]]}
  Noto Sans CJK SC:  {src_copyright[noto_files[2]]}
Upstream's LICENSE reads "Copyright 2014-2021 Adobe (http://www.adobe.com/),
with Reserved Font Name 'Source'." The subsets do not use the name "Source".
Noto is a trademark of Google Inc. (name ID 7).

Debian's copyright file (/usr/share/doc/fonts-noto-cjk/copyright) says:
  Files: *
  {debian_files_copyright("fonts-noto-cjk").replace(chr(10), chr(10) + "  ")}

The licence text below is copied from that file.

{debian_licence("fonts-noto-cjk", "SIL-1.1")}"""

kai = f"""Licence of the LXGW WenKai font in this folder
==============================================

Files: {", ".join(kai_files)}

This is a subset (a Modified Version under the OFL) of LXGW WenKai Regular
(霞鹜文楷) from Debian's package fonts-lxgw-wenkai {ver_wenkai}.
Upstream: https://github.com/lxgw/LxgwWenKai
It was made by scripts/subset-fonts.sh (characters removed, vertical-writing
data removed); the font name is unchanged.

Copyright notice in the font (name ID 0):
  {src_copyright[kai_files[0]].replace(chr(10), chr(10) + "  ")}
Klee is a trademark of Fontworks Inc. (name ID 7).

Debian's copyright file (/usr/share/doc/fonts-lxgw-wenkai/copyright) says:
  Files: *
  {debian_files_copyright("fonts-lxgw-wenkai").replace(chr(10), chr(10) + "  ")}
(Upstream's own OFL.txt and the font's name table declare no Reserved Font
Name; the comment above is the Debian packager's.)

The licence text below is copied from that file.

{debian_licence("fonts-lxgw-wenkai", "OFL-1.1")}"""

open(f"{work}/OFL-NotoCJK.txt", "w", encoding="utf-8").write(noto)
open(f"{work}/OFL-LXGWWenKai.txt", "w", encoding="utf-8").write(kai)

# ----- licence files of the fallback fonts
import textwrap
def files_of(key):
    return ", ".join(r["file"] for r in fbrows if r["key"] in key)
def notice(key):
    r = fbby[key]
    return src_copyright[r["file"]]

noto_rtl = f"""Licence of the Noto Sans Hebrew and Noto Sans Arabic fonts in this folder
=========================================================================

Files: {files_of(("NotoSansHebrew", "NotoSansArabic"))}

These are subsets (Modified Versions under the OFL) of Noto Sans Hebrew and
Noto Sans Arabic, Regular and Bold, from Debian's package fonts-noto-core
{ver_noto_core}. Upstream, as Debian records it:
https://github.com/googlei18n/noto-fonts
They were made by scripts/subset-fonts.sh (characters outside the Hebrew and
Arabic blocks removed, hinting removed); the font names are unchanged. The
fonts declare no Reserved Font Name.

Copyright notices in the fonts (name ID 0):
  Noto Sans Hebrew: {notice("NotoSansHebrew")}
  Noto Sans Arabic: {notice("NotoSansArabic")}
Noto is a trademark of Google (name ID 7).

Debian's copyright file (/usr/share/doc/fonts-noto-core/copyright) says:
  Files: *
  {debian_files_copyright("fonts-noto-core").replace(chr(10), chr(10) + "  ")}

The licence text below (SIL Open Font License 1.1) is copied from that file.

{debian_licence("fonts-noto-core", "OFL-1.1")}"""

sym_src = TTFont(fbby["Symbola"]["src"])
symbola_lic = f"""Licence of the Symbola font in this folder
==========================================

Files: {files_of(("Symbola",))}

This is a subset of Symbola {name(sym_src, 5)} by George Douros, from Debian's
package fonts-symbola {ver_symbola} (file Symbola_hint.ttf).
It was made by scripts/subset-fonts.sh (characters removed: it keeps emoji
and a set of symbol, punctuation and Latin/Greek/Cyrillic blocks; hinting
removed); the font name is unchanged.

Symbola is not under the OFL. Its licence, as stated by the author for this
version and recorded by Debian (which ships it in main as free software),
allows use, modification and redistribution, and the font's fsType is 0
(installable embedding):

  "Fonts are free for any use; they may be opened, edited, modified,
  regenerated, packaged and redistributed."

The font itself says (name table):
  copyright (ID 0):   {name(sym_src, 0)}
  trademark (ID 7):   {name(sym_src, 7)}
  licence (ID 13):    {name(sym_src, 13)}

Caution: later upstream releases of Symbola were published under other
terms, which are not known to allow this use. Do not replace this file with
a newer upstream Symbola; only the version shipped by Debian (fonts-symbola
2.60, font version 9.17) is known to be under the terms above.

Debian's copyright file (/usr/share/doc/fonts-symbola/copyright), verbatim:

{open("/usr/share/doc/fonts-symbola/copyright", encoding="utf-8").read().rstrip()}
"""

hana_src = TTFont(fbby["HanaMinB"]["src"])
hana_lic = f"""Licence of the HanaMinB font in this folder
===========================================

Files: {files_of(("HanaMinB",))}

This is a subset of HanaMinB (花園明朝B, Hanazono Mincho B, GlyphWiki project)
from Debian's package fonts-hanazono {ver_hanazono} (file HanaMinB.ttf, font
version "{name(hana_src, 5)}"). Upstream: http://fonts.jp/hanazono/
It was made by scripts/subset-fonts.sh (only a selection of CJK Extension B
characters kept, hinting and vertical metrics removed); the font name is
unchanged.

HanaMinB is dual-licensed: the Hanazono Font License, or the SIL Open Font
License 1.1 with the Reserved Font Names "Hanazono Font", "HanaMinA",
"HanaMinB", "花園フォント", "花園明朝A" and "花園明朝B". Because this subset
keeps the name HanaMinB, it is used and redistributed under the Hanazono Font
License, which allows use, copying and distribution with or without
modification, commercially or not. (Under the OFL option a modified version
would have to be renamed.) fsType is 0 (installable embedding).

Copyright notice in the font (name ID 0): {name(hana_src, 0)}

Debian's copyright file (/usr/share/doc/fonts-hanazono/copyright) says:
  Files: *
  {debian_files_copyright("fonts-hanazono").replace(chr(10), chr(10) + "  ")}

Hanazono Font License (copied from that file):

{textwrap.dedent(debian_licence("fonts-hanazono", "Hanazono-Font-License"))}
The alternative licence, copied from that file for reference:

{textwrap.dedent(debian_licence("fonts-hanazono", "Open-Font-License"))}"""

open(f"{work}/OFL-NotoSansHebrewArabic.txt", "w", encoding="utf-8").write(noto_rtl)
open(f"{work}/LICENSE-Symbola.txt", "w", encoding="utf-8").write(symbola_lic)
open(f"{work}/LICENSE-HanaMinB.txt", "w", encoding="utf-8").write(hana_lic)

# ----- README
def mb(n): return f"{n / 1e6:.2f} MB"
total = sum(r["size"] for r in rows)
role = {
    "NotoSerifSC-Regular.subset.otf": "body and title fallback (song-style serif)",
    "NotoSerifSC-Bold.subset.otf": "title fallback (bold serif, stands in for 小标宋)",
    "NotoSansSC-Regular.subset.otf": "tables, headings fallback (黑体-style sans)",
    "NotoSansSC-Bold.subset.otf": "first-level headings fallback (bold sans)",
    "LXGWWenKai-Regular.subset.ttf": "second-level headings fallback (楷体-style)",
}
# ----- README: fallback fonts
import collections, unicodedata
cjk_cmap = set()
for r in rows:
    cjk_cmap |= set(TTFont(f"{work}/{r['file']}").getBestCmap())
all_cmap = set(cjk_cmap)
for r in fbrows:
    all_cmap |= r["cmap_set"]
fbtotal = sum(r["size"] for r in fbrows)
covers = {
    "NotoSansHebrew": "Hebrew (letters, points, cantillation, presentation forms), ₪",
    "NotoSansArabic": "Arabic, Persian, Urdu letters; Arabic Supplement, most of Extended-A (not Extended-B), presentation forms; Arabic-Indic digits",
    "Symbola": "monochrome emoji (Unicode ≤ 10), symbols, dingbats, arrows, math, box drawing; Latin (ASCII to Extended-B and Additional: Vietnamese), IPA, Greek, Cyrillic",
    "HanaMinB": "a selection of CJK Extension B ideographs (rare characters of names and places, HK/TW/JP sets)",
}
sym = fbby["Symbola"]; hana = fbby["HanaMinB"]
emoji_single = fb["emoji_single"]
emoji_have = emoji_single & (sym["cmap_set"] | cjk_cmap)
emoji_miss = emoji_single - emoji_have
miss_by_ver = collections.Counter(emoji_version.get(c, "?") for c in emoji_miss)
extb_req = fb["extb"]
extb_have = extb_req & hana["cmap_set"]
EXTB = rng(0x20000, 0x2A6DF)

def block_of(c):
    for a, b, n in ((0x3400, 0x4DBF, "Extension A"), (0x4E00, 0x9FFF, "URO (U+4E00–9FFF)"),
                    (0xF900, 0xFAFF, "Compatibility Ideographs"), (0x20000, 0x2A6DF, "Extension B"),
                    (0x2A700, 0x2EBEF, "Extensions C–F"), (0x2F800, 0x2FA1F, "Compatibility Supplement"),
                    (0x30000, 0x323AF, "Extensions G–H")):
        if a <= c <= b: return n
    return None

def gaps(key):
    miss = {c for c in fb["gap_fields"][key] if c not in all_cmap and block_of(c)}
    by = collections.Counter(block_of(c) for c in miss)
    return len(miss), ", ".join(f"{n} {k}" for k, n in by.most_common())

F = []
B = F.append
B("## Fallback fonts\n")
B("Fonts for what the CJK faces above lack, so that data text with Hebrew, Arabic,")
B("emoji, other symbols or rare CJK Extension B characters renders literally instead")
B("of making the PDF/A export fail (Typst refuses to write PDF/A when a character")
B("has no glyph). All have TrueType outlines and no colour or bitmap tables")
B("(colour emoji fonts such as Noto Color Emoji, CBDT bitmaps, are not used), and")
B("fsType 0 (installable embedding). Typst picks them by coverage when no font of")
B("the requested list draws a character (`text(fallback: true)`, the default), or")
B("they can be named at the end of a font list.\n")
B("| file | Typst family | style / weight | covers | glyphs | cmap entries | size | licence | fsType |")
B("| --- | --- | --- | --- | ---: | ---: | ---: | --- | --- |")
for r in fbrows:
    B(f"| `{r['file']}` | `{r['typst']}` | {r['subfamily']} / {r['weight']} | {covers[r['key']]} | "
      f"{r['glyphs']} | {r['cmap']} | {mb(r['size'])} | {r['licence_name']}: `{r['licence']}` | {r['fstype']} ({r['fstype_text']}) |")
B(f"| **total** | | | | | | **{mb(fbtotal)}** | | |\n")
B(f"All bundled fonts together: **{mb(total + fbtotal)}**.\n")
B("What each one covers (checked by the script; it fails if a sample is missing):\n")
for r in fbrows:
    B(f"- `{r['file']}` (from `{os.path.basename(r['src'])}`, Debian `{r['pkg']}` {r['pkgver']}, "
      f"font version {r['version'].split(';')[0].removeprefix('Version ')}): samples {r['samples']}.")
    for label, have, n in r["blocks"]:
        B(f"  {label}: {have} of {n} assigned characters.")
B("")
B(f"**Emoji** (Symbola): {len(emoji_have)} of the {len(emoji_single)} single-code-point emoji of")
B(f"Unicode {ver_ud.split('-')[0]} (property `Emoji` in `emoji-data.txt`, without # * 0–9) are drawn by")
B(f"Symbola or a CJK face; the {len(emoji_miss)} others are newer than Symbola 9.17 (emoji version: "
  + ", ".join(f"{v}: {n}" for v, n in sorted(miss_by_ver.items(), key=lambda kv: float(kv[0]) if kv[0] != '?' else 99)) + "),")
B("e.g. " + "".join(chr(c) for c in sorted(emoji_miss)[:12]) + " — no free monochrome outline emoji font in")
B("Debian 12 has them (Debian has no monochrome Noto Emoji). Emoji sequences are")
B("drawn as their parts: a ZWJ family as several people, a flag as two letter")
B("boxes, a skin-tone modifier as a swatch; U+FE0F/U+FE0E, ZWJ and the keycap mark")
B("have glyphs (checked); the tag characters of subdivision flags (U+E0020–E007F) do not.")
B(f"Symbola also brings {len(sym['cmap_set'] - cjk_cmap)} characters no CJK face has, in the blocks listed")
B("in the script (Latin Extended-B and Additional, IPA, Greek, Cyrillic, super- and")
B("subscripts, the punctuation, arrow, math, technical, box-drawing, shape, symbol")
B("and dingbat blocks). Left out for size: Mathematical Alphanumeric Symbols,")
B("Control Pictures, Braille, alchemical, musical and ancient-script blocks.\n")
B(f"**CJK Extension B** (HanaMinB): {len(extb_have)} of the {len(EXTB)} Extension B ideographs.")
B("A font with all of them would be 30 MB, so the script takes those that some")
B("source marks as in use: the Extension B characters of the full Noto Sans CJK")
B(f"({len(fb['noto_extb'])}, Adobe's pan-CJK pick) and those with one of these Unihan fields")
B(f"(`unicode-data` {ver_ud}):\n")
B("| Unihan field | Extension B characters with it |")
B("| --- | ---: |")
for k, v in fb["extb_fields"].items():
    B(f"| `{k}` | {len(v)} |")
B("")
unsel = extb_req - hana["cmap_set"]
age = {}
with open("/usr/share/unicode/DerivedAge.txt", encoding="utf-8") as fh:
    for line in fh:
        m = re.match(r"([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*([\d.]+)", line)
        if m:
            for c in unsel & rng(int(m.group(1), 16), int(m.group(2) or m.group(1), 16)):
                age[c] = m.group(3)
B(f"Selected: {len(extb_req)}; HanaMinB (2017) lacks {len(unsel)} of them"
  + (f" ({', '.join(f'U+{c:X}' for c in sorted(unsel))}: Unicode {', '.join(sorted(set(age.values())))})" if unsel else "") + ".")
tgh_b = fb["extb_fields"]["kTGH"]
B(f"The {len(tgh_b)} Extension B characters of the 8105 list (e.g. {''.join(chr(c) for c in sorted(tgh_b)[:3])}) are in the CJK faces too.")
B("HanaMinB is a Japanese-style Ming (明朝) design; it stands in for a rare character")
B("that the body font lacks, in the one weight it has (usWeightClass 500).\n")
B("**Hebrew and Arabic**: Noto Sans Hebrew and Noto Sans Arabic in Regular and Bold,")
B("with their whole OpenType layout (Arabic joining forms `init`/`medi`/`fina`/`isol`,")
B("`rlig` lam-alef ligatures, mark positioning). Typst does the bidi reordering and")
B("shapes with these tables. Their Latin glyphs (ASCII, kept so the fonts work on")
B("their own) are not used while a CJK face comes first in the list.\n")
F_text = F

s = sets
lines = []
A = lines.append
A("# Bundled fonts\n")
A("OFL-licensed CJK fonts compiled into kpibrief so that Chinese renders on a")
A("machine with no fonts at all (see `shared/spec/fonts.md`: official fonts in a")
A("workspace's `fonts/` come first, these come last), and a few freely licensed")
A("fallback fonts for Hebrew, Arabic, emoji and symbols and rare CJK Extension B")
A("characters (see [Fallback fonts](#fallback-fonts)). All files here are written")
A("by `scripts/subset-fonts.sh`; do not edit them by hand.\n")
A("## Files\n")
A("| file | Typst family (`text(font: ..)`) | style / weight | role | glyphs | cmap entries | size | fsType |")
A("| --- | --- | --- | --- | ---: | ---: | ---: | --- |")
for r in rows:
    A(f"| `{r['file']}` | `{r['typst']}` | {r['subfamily']} / {r['weight']} | {role.get(r['file'], '')} | "
      f"{r['glyphs']} | {r['cmap']} | {mb(r['size'])} | {r['fstype']} ({r['fstype_text']}) |")
A(f"| **total** | | | | | | **{mb(total)}** | |\n")
A("Licences: `OFL-NotoCJK.txt` (Noto Serif/Sans CJK SC) and `OFL-LXGWWenKai.txt`")
A("(LXGW WenKai), SIL Open Font License 1.1, copied from Debian's copyright files")
A("with the fonts' own copyright notices. Embedding these fonts in PDFs is")
A("allowed (OFL, and fsType 0 = installable embedding), so they are fit for PDF/A.\n")
lines.extend(F)
A("## Family names Typst sees\n")
A("Typst 0.15.1 (`typst-library` `FontInfo::from_ttf`) does *not* use name ID 16")
A("(typographic family): it takes the first name-ID-1 record of the name table")
A("and trims style suffixes such as \"Regular\" or \"Bold\", and the weight from")
has16 = [r["file"] for r in rows + fbrows if r["typo_family"]]
not_win = [r for r in fbrows if r["first_name1"] != (3, 1, 0x409)]
A("`OS/2.usWeightClass`. " + ("None of these fonts has name ID 16 or 17; their name-ID-1" if not has16 else
  f"Name ID 16 is present in {', '.join(has16)} and ignored; the name-ID-1"))
A("records are all English (Windows, en-US first" + ("" if not not_win else
  "; in " + ", ".join(f"`{r['file']}`" for r in not_win) + " a Unicode-platform record with the same text comes first") + "), so:\n")
A("| file | name ID 1 | name ID 2 | name ID 16 | name ID 4 (full) | PostScript | Typst family | weight |")
A("| --- | --- | --- | --- | --- | --- | --- | ---: |")
for r in rows + fbrows:
    A(f"| `{r['file']}` | {r['family']} | {r['subfamily']} | {r['typo_family'] or '—'} | {r['full']} | {r['ps']} | `{r['typst']}` | {r['weight']} |")
A("")
A("In Typst: `text(font: \"Noto Serif CJK SC\")`, `text(font: \"Noto Serif CJK SC\", weight: \"bold\")`,")
A("`text(font: \"Noto Sans CJK SC\")`, `text(font: \"LXGW WenKai\")`. LXGW WenKai has only the")
A("Regular weight here: never ask it for bold (Typst has no synthetic bold).")
A("The zh-CN (0x804) name records are kept too: in the Noto files they repeat the")
A("English names; in the WenKai file name ID 1 is 霞鹜文楷, but it comes after the")
A("en-US record in the table, so Typst still sees `LXGW WenKai`.")
A("Fallback families: `Noto Sans Hebrew` and `Noto Sans Arabic` (Regular 400, Bold 700),")
A("`Symbola` (400) and `HanaMinB` (500; its ja-JP record 花園明朝B comes after the")
A("en-US one).\n")
A("## Characters covered\n")
A("Every face has every character of this set that its source font has:\n")
A(f"- **GB 2312**: all {len(s['gb2312'])} characters (6763 hanzi + 682 symbols), enumerated")
A("  with Python's `gb2312` codec. Missing in every face: 0.")
A(f"- **通用规范汉字表** (2013): all {len(s['tgh'])} characters, from the `kTGH` field of Unihan")
A(f"  (`/usr/share/unicode/Unihan_OtherMappings.txt.bz2`, Debian `unicode-data` {ver_ud}).")
A(f"  {len(s['tgh'] - s['gb2312'])} of them are not in GB 2312 ({sum(1 for c in s['tgh'] if c > 0xFFFF)} are outside the BMP, e.g. 𬌗);")
A(f"  {len({c for c in s['gb2312'] if 0x4E00 <= c <= 0x9FFF} - s['tgh'])} GB 2312 hanzi are not in the 8105 list. Missing in every face: 0.")
A(f"- **GBK symbols**: the {len(s['gbk_symbols'])} non-ideograph characters of GBK (Python `gbk` codec),")
A("  e.g. ⅰ–ⅹ ㎡ ㏄ ︵ ﹏ 〇.")
A("- **Always requested**: ASCII U+0020–007E, Latin-1 U+00A0–00FF, General Punctuation")
A("  U+2000–206F (— – ‘ ’ “ ” … ‰), CJK Symbols and Punctuation U+3000–303F, Halfwidth and")
A("  Fullwidth Forms U+FF00–FFEF, ①–⑳ U+2460–2473, and — 【】〔〕《》.")
A("- **Extra blocks** (whatever the source font has of them): Latin Extended-A, Currency")
A("  Symbols, Letterlike Symbols, Number Forms, Arrows, Mathematical Operators, Enclosed")
A("  Alphanumerics, Geometric Shapes, Miscellaneous Symbols, Dingbats, Supplemental")
A("  Punctuation (⸺), Hiragana/Katakana, Enclosed CJK Letters and Months.")
A(f"- Requested in all: {len(s['requested'])} code points. Fonts lack some of them (mostly")
A("  spaces and format controls of General Punctuation, which Typst does not draw")
A("  from a font, and unassigned code points of the blocks). Of the always-requested")
A("  characters, each face lacks:\n")
for r in rows:
    A(f"  - `{r['file']}`: {r['miss_req']}, of which {r['req_missing_invisible']} are spaces,")
    A(f"    format controls or unassigned; the visible ones: {r['req_missing_visible']}")
A("")
n_big5, big5_by = gaps("kBigFive")
n_hk, hk_by = gaps("kHKSCS")
n_core, core_by = gaps("kUnihanCore2020")
A("Not covered by any bundled font, the fallback fonts included: other CJK")
A("ideographs — traditional characters above all, rare name characters outside the")
A("8105 list in URO and Extension A, Extension B beyond the selection, Extensions")
A(f"C and later. Of the {len(fb['gap_fields']['kBigFive'])} Big5 ideographs, {n_big5} are drawn by no bundled font")
A(f"({big5_by}); of the {len(fb['gap_fields']['kHKSCS'])} HKSCS characters, {n_hk} ({hk_by}); of the")
A(f"{len(fb['gap_fields']['kUnihanCore2020'])} characters of the Unihan core set 2020, {n_core} ({core_by}).")
A("Also not covered: Hangul, Thai, Indic and other scripts, emoji newer than")
A("Unicode 10. A character no font draws must be reported by kpibrief as a warning")
A("(see `fonts.md`).\n")
A("## How they were cut\n")
A("- Sources: face 2 (Simplified Chinese) of `NotoSerifCJK-{Regular,Bold}.ttc` and")
A(f"  `NotoSansCJK-{{Regular,Bold}}.ttc` from Debian `fonts-noto-cjk` {ver_noto} (the Bold")
A("  weights are in this package; `fonts-noto-cjk-extra` is not needed), and")
A(f"  `LXGWWenKai-Regular.ttf` from Debian `fonts-lxgw-wenkai` {ver_wenkai}. Font versions")
A("  (name ID 5): " + "; ".join(f"`{r['file']}` {r['version'].split(';')[0]}" for r in rows) + ".")
A(f"- Tool: fontTools {ver_ft} `pyftsubset`.")
A("- Hinting removed (`--no-hinting`): about −16 % on the CFF fonts.")
A("- OpenType layout: pyftsubset's default features (ccmp, locl, liga, calt, kern, mark,")
A("  mkmk, halt/palt, …) minus the vertical ones (vert, vrt2, vkrn, vhal, vpal, valt), for")
A("  the default and ZHS (Simplified Chinese) language systems only. The Japanese,")
A("  Korean and Traditional Chinese `locl` lookups are dropped: they alone pulled in")
A("  ~3000 alternate glyphs (Serif Regular 4.9 MB → 2.8 MB). The ZHS `locl` (Chinese")
A("  forms of — “ ” ‘ ’) is kept. Typst does not use vertical layout, so `vhea`,")
A("  `vmtx` and `VORG` are dropped too.")
A("- `.notdef` keeps its outline (a visible box rather than a blank).")
A("- All name IDs kept (copyright, licence, trademark), legacy Mac names dropped.")
A("- Outlines: Noto = CFF (CID-keyed, `.otf`), LXGW WenKai = TrueType (`.ttf`).")
A(f"- Fallback fonts: `NotoSans{{Hebrew,Arabic}}-{{Regular,Bold}}.ttf` from Debian `fonts-noto-core`")
A(f"  {ver_noto_core}, `Symbola_hint.ttf` from `fonts-symbola` {ver_symbola}, `HanaMinB.ttf` from")
A(f"  `fonts-hanazono` {ver_hanazono}; hinting removed, all OpenType features and scripts kept,")
A("  `vhea`/`vmtx` and FontForge's `FFTM` dropped, all name IDs kept, font names")
A("  unchanged; all TrueType outlines.\n")
A("No OFL 仿宋 (FangSong) font is in Debian: `fonts-cwtex-fs` is GPL-2+ (with a")
A("font-embedding exception), Traditional Chinese only, and lacks 2592 GB 2312")
A("characters, so it is not bundled. The bundled body font is therefore the serif")
A("(宋体-style) Noto Serif CJK SC; an office that wants 仿宋 puts its own font in")
A("the workspace's `fonts/`.\n")
A("## Regenerate\n")
A("```sh")
A("scripts/subset-fonts.sh           # installs what it needs (apt-get, pip), rewrites this folder")
A("scripts/subset-fonts.sh --check   # rebuilds in a temp folder and compares, writes nothing")
A("```\n")
A("It needs root (or sudo) only to apt-get install `fonts-noto-cjk`, `fonts-lxgw-wenkai`,")
A("`fonts-noto-core`, `fonts-symbola`, `fonts-hanazono` and `unicode-data` if missing;")
A(f"fontTools {ver_ft} goes into a virtualenv under")
A("`~/.cache/kpibrief/`. It takes about a minute on 2 cores. The output is")
A("byte-reproducible for the same Debian package versions and fontTools version")
A("(two runs give the same sha256).\n")
A("## Checksums (sha256)\n")
A("```")
for r in rows + fbrows:
    A(f"{r['sha256']}  {r['file']}")
A("```")
open(f"{work}/README.md", "w", encoding="utf-8").write("\n".join(lines) + "\n")
open(f"{work}/outputs.txt", "w").write("\n".join(
    [r["file"] for r in rows + fbrows]
    + ["OFL-NotoCJK.txt", "OFL-LXGWWenKai.txt", "OFL-NotoSansHebrewArabic.txt",
       "LICENSE-Symbola.txt", "LICENSE-HanaMinB.txt", "README.md"]) + "\n")
print(f"total size {total} bytes (CJK) + {fbtotal} bytes (fallback fonts)", file=sys.stderr)
PYEOF

# --------------------------------------------------------------- install/check
mapfile -t OUTPUTS < "$WORK/outputs.txt"
if [ "$CHECK" -eq 1 ]; then
  status=0
  for f in "${OUTPUTS[@]}"; do
    if ! cmp -s "$WORK/$f" "$OUT/$f"; then log "differs: assets/fonts/$f"; status=1; fi
  done
  [ "$status" -eq 0 ] && log "assets/fonts/ is up to date"
  exit "$status"
fi
mkdir -p "$OUT"
for f in "${OUTPUTS[@]}"; do
  cp "$WORK/$f" "$OUT/$f.tmp" && mv -f "$OUT/$f.tmp" "$OUT/$f"
done
log "wrote ${#OUTPUTS[@]} files to $OUT"
( cd "$OUT" && sha256sum "${OUTPUTS[@]}" ) >&2
