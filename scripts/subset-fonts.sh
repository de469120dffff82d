#!/usr/bin/env bash
# Regenerate the bundled CJK font subsets in assets/fonts/.
#
#   scripts/subset-fonts.sh            # writes assets/fonts/*
#   scripts/subset-fonts.sh --check    # regenerates in a temporary folder and
#                                      # compares with assets/fonts/ (exit 1 on
#                                      # any difference); writes nothing
#
# What it does:
#   1. installs what it needs if missing: Debian packages fonts-noto-cjk,
#      fonts-lxgw-wenkai, unicode-data (apt-get), and fontTools pinned to
#      $FONTTOOLS_VERSION in a private virtualenv under ~/.cache (pip);
#   2. builds the character set: GB 2312 (all 7445 characters, enumerated with
#      Python's gb2312 codec) ∪ 通用规范汉字表 (8105 characters, taken from
#      the kTGH field of Unihan in Debian's unicode-data) ∪ the non-ideograph
#      characters of GBK ∪ ASCII, Latin-1, punctuation and symbol blocks
#      (see the "character set" step below);
#   3. cuts Noto Serif CJK SC Regular/Bold, Noto Sans CJK SC Regular/Bold
#      (face 2 of Debian's .ttc collections) and LXGW WenKai Regular with
#      pyftsubset: hinting removed, vertical-writing features/tables removed,
#      OpenType layout kept for the default and Simplified Chinese (ZHS)
#      language systems only, font names unchanged;
#   4. verifies every output (names, glyph count, cmap, GB 2312 and 8105
#      coverage, fsType embedding permission) and fails if a check fails;
#   5. writes the OFL licence files and README.md, then replaces the files in
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

log() { printf '[subset-fonts] %s\n' "$*" >&2; }

# ---------------------------------------------------------------- 1. install
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root to run: $*"; exit 1
  fi
}

need_pkgs=()
for p in fonts-noto-cjk fonts-lxgw-wenkai unicode-data; do
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
check_ver() { # package installed expected
  if [ "$2" != "$3" ]; then
    log "warning: $1 is $2, the committed fonts were made from $3; the output will differ"
  fi
}
check_ver fonts-noto-cjk "$VER_NOTO" "$EXPECT_NOTO"
check_ver fonts-lxgw-wenkai "$VER_WENKAI" "$EXPECT_WENKAI"
check_ver unicode-data "$VER_UNICODE_DATA" "$EXPECT_UNICODE_DATA"

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
pids=()
for face in "${FACES[@]}"; do
  IFS='|' read -r src num out <<<"$face"
  log "subsetting $(basename "$src") #$num -> $out"
  subset "$src" "$num" "$out" &
  pids+=($!)
  # two at a time (the machines have 2 cores)
  if [ "${#pids[@]}" -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done

# ------------------------------------------- 4. verify, 5. licences and README
"$PY" - "$WORK" "$VER_NOTO" "$VER_WENKAI" "$VER_UNICODE_DATA" "$FONTTOOLS_VERSION" "${FACES[@]}" <<'PYEOF'
import hashlib, json, os, re, sys
from fontTools.ttLib import TTFont, TTCollection

work, ver_noto, ver_wenkai, ver_ud, ver_ft = sys.argv[1:6]
faces = [f.split("|") for f in sys.argv[6:]]
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
s = sets
lines = []
A = lines.append
A("# Bundled fonts\n")
A("OFL-licensed CJK fonts compiled into kpibrief so that Chinese renders on a")
A("machine with no fonts at all (see `shared/spec/fonts.md`: official fonts in a")
A("workspace's `fonts/` come first, these come last). All files here are written")
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
A("## Family names Typst sees\n")
A("Typst 0.15.1 (`typst-library` `FontInfo::from_ttf`) does *not* use name ID 16")
A("(typographic family): it takes the first name-ID-1 record of the name table")
A("and trims style suffixes such as \"Regular\" or \"Bold\", and the weight from")
A("`OS/2.usWeightClass`. None of these fonts has name ID 16 or 17; their name-ID-1")
A("records are all English (Windows, en-US first), so:\n")
A("| file | name ID 1 | name ID 2 | name ID 16 | name ID 4 (full) | PostScript | Typst family | weight |")
A("| --- | --- | --- | --- | --- | --- | --- | ---: |")
for r in rows:
    A(f"| `{r['file']}` | {r['family']} | {r['subfamily']} | {r['typo_family'] or '—'} | {r['full']} | {r['ps']} | `{r['typst']}` | {r['weight']} |")
A("")
A("In Typst: `text(font: \"Noto Serif CJK SC\")`, `text(font: \"Noto Serif CJK SC\", weight: \"bold\")`,")
A("`text(font: \"Noto Sans CJK SC\")`, `text(font: \"LXGW WenKai\")`. LXGW WenKai has only the")
A("Regular weight here: never ask it for bold (Typst has no synthetic bold).")
A("The zh-CN (0x804) name records are kept too: in the Noto files they repeat the")
A("English names; in the WenKai file name ID 1 is 霞鹜文楷, but it comes after the")
A("en-US record in the table, so Typst still sees `LXGW WenKai`.\n")
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
A("Not covered: other CJK ideographs (traditional characters, rare name characters")
A("outside the 8105 list, CJK Extension A/B beyond it), Hangul. A character no")
A("font draws must be reported by kpibrief as a warning (see `fonts.md`).\n")
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
A("- Outlines: Noto = CFF (CID-keyed, `.otf`), LXGW WenKai = TrueType (`.ttf`).\n")
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
A("It needs root (or sudo) only to apt-get install `fonts-noto-cjk`, `fonts-lxgw-wenkai`")
A(f"and `unicode-data` if missing; fontTools {ver_ft} goes into a virtualenv under")
A("`~/.cache/kpibrief/`. It takes about a minute on 2 cores. The output is")
A("byte-reproducible for the same Debian package versions and fontTools version")
A("(two runs give the same sha256).\n")
A("## Checksums (sha256)\n")
A("```")
for r in rows:
    A(f"{r['sha256']}  {r['file']}")
A("```")
open(f"{work}/README.md", "w", encoding="utf-8").write("\n".join(lines) + "\n")
open(f"{work}/outputs.txt", "w").write("\n".join([r["file"] for r in rows] + ["OFL-NotoCJK.txt", "OFL-LXGWWenKai.txt", "README.md"]) + "\n")
print(f"total size {total} bytes", file=sys.stderr)
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
