#!/usr/bin/env bash
# Builds the site's fonts into public/fonts (run by setup.sh; generated, not committed): each
# Vazirmatn weight (npm `vazirmatn`) cut by fontTools' subsetter (Debian `python3-fonttools`,
# `python3-brotli` for woff2) into two woff2 files that style/main.css declares with
# `unicode-range`:
#   Vazirmatn-<weight>-core.woff2  what Persian pages use: every Persian letter, ZWNJ, the digits,
#                                  punctuation, Basic Latin and every character of the UI's copy;
#                                  what a first visit downloads (budget: 40 KB for both weights)
#   Vazirmatn-<weight>-rest.woff2  every other character of the font, downloaded by a browser only
#                                  for a page that shows one (user-typed text can hold anything)
# Shaping does not cross font files, so all Persian letters, their marks and ZWNJ/ZWJ are core.
# Rebuilds only when the source fonts or this script are newer than the files; every run checks
# that the stylesheet's unicode-range matches the files (stops if not, printing what to write)
# and that the copy's characters are in core (warns; `--check` makes any warning fail).
#
#   scripts/fonts.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's packages serve Debian's interpreter (a pyenv or venv `python3` may come first on PATH).
py=/usr/bin/python3
"$py" -c 'import fontTools.subset, brotli' 2>/dev/null || py=python3
exec "$py" - "$@" <<'PY'
import logging, os, pathlib, re, sys, unicodedata
from fontTools import subset
from fontTools.ttLib import TTFont

CHECK = "--check" in sys.argv[1:]
SOURCE = "node_modules/vazirmatn/fonts/ttf/Vazirmatn-{}.ttf"
OUT = pathlib.Path("public/fonts")
WEIGHTS = ("Regular", "Bold")
CSS = pathlib.Path("style/main.css")
COPY = [*pathlib.Path("src/copy").rglob("*.rs"), *pathlib.Path("src/ui").rglob("*.rs"),
        *pathlib.Path("style").glob("*.css")]

# The core file's characters (those of them the font has). Changing this list changes the
# unicode-range the stylesheet must declare: the script prints the new values.
CORE = """
  U+0020-007E  Basic Latin
  U+00A0       no-break space
  U+00AB U+00BB U+00D7   « » ×
  U+060C U+061B U+061F   ، ؛ ؟
  U+0621-063A  hamza and its seats (آ أ ؤ إ ئ), the letters alef to ghain (and Arabic ة)
  U+0640-0655  tatweel ـ, fa to yeh (and Arabic ك ى ي), tanwin, harakat, shadda, sukun,
               madda, hamza above ٔ and below
  U+0660-066C  Arabic-Indic digits (typed, then normalised), ٪ ٫ ٬
  U+0670       superscript alef
  U+067E U+0686 U+0698 U+06A9 U+06AF U+06C0 U+06CC   پ چ ژ ک گ ۀ ی
  U+06F0-06F9  Persian digits
  U+2000-200F  spaces, zero-width space, ZWNJ, ZWJ, LRM, RLM
  U+2013-2014 U+2018-201D U+2022 U+2026   – — ‘ ’ ‚ ‛ “ ” • …
  U+202A-202E  bidi embeddings and overrides (pasted phone numbers carry them)
  U+2066-2069  bidi isolates (when the font has them)
  U+FEFF       zero-width no-break space
"""
# OpenType features kept: what browsers apply by default (Arabic joining forms, required and
# standard ligatures such as lam-alef, contextual alternates, marks, kerning) and tabular digits
# (`font-variant-numeric: tabular-nums` in the stylesheet). Other features only add glyphs.
FEATURES = ["ccmp", "locl", "isol", "init", "medi", "fina", "rlig", "liga", "calt", "clig",
            "curs", "kern", "mark", "mkmk", "tnum"]
NOT_TEXT = {0x0000, 0x000D}  # in the font's cmap, never drawn
BUDGET = 40 * 1024

def parse(text):
    cps = set()
    for a, b in re.findall(r"U\+([0-9A-Fa-f]+)(?:-([0-9A-Fa-f]+))?", text):
        cps.update(range(int(a, 16), int(b or a, 16) + 1))
    return cps

def css_range(cps):
    runs, cps = [], sorted(cps)
    for c in cps:
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return ", ".join(f"U+{a:04X}" + (f"-{b:04X}" if b > a else "") for a, b in runs)

def show(c):
    glyph = chr(c) if unicodedata.category(chr(c))[0] not in "CMZ" else ""
    return f"U+{c:04X} {glyph} ({unicodedata.name(chr(c), '?')})".replace("  ", " ")

def options():
    o = subset.Options()
    o.layout_features = FEATURES
    o.hinting = False  # Vazirmatn has no instructions but `prep`; nothing to lose
    o.flavor = "woff2"
    return o

logging.getLogger("fontTools").setLevel(logging.ERROR)
core_wanted = parse(CORE)
files, problems, notes = {}, [], []
for w in WEIGHTS:
    cmap = set(TTFont(SOURCE.format(w), lazy=True).getBestCmap())
    core = core_wanted & cmap
    files[f"Vazirmatn-{w}-core.woff2"] = (w, core)
    files[f"Vazirmatn-{w}-rest.woff2"] = (w, cmap - core - NOT_TEXT)

inputs = [pathlib.Path(SOURCE.format(w)) for w in WEIGHTS] + [pathlib.Path("scripts/fonts.sh")]
outputs = [OUT / n for n in files]
newest_input = max(p.stat().st_mtime for p in inputs)
built = all(p.exists() and p.stat().st_mtime >= newest_input for p in outputs)
if not built:
    print("\033[1m==> subsetting Vazirmatn into public/fonts (core + rest per weight)\033[0m")
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (w, cps) in files.items():
        o = options()
        font = subset.load_font(SOURCE.format(w), o)
        s = subset.Subsetter(o)
        s.populate(unicodes=cps)
        s.subset(font)
        tmp = OUT / (name + ".tmp")
        subset.save_font(font, str(tmp), o)
        os.replace(tmp, OUT / name)
for stale in OUT.glob("*.woff2"):
    if stale.name not in files:
        stale.unlink()
        print(f"removed {stale} (not built by scripts/fonts.sh)")

# The stylesheet's @font-face rules: one per file, its unicode-range exactly the file's.
faces = {}
for body in re.findall(r"@font-face\s*\{([^}]*)\}", CSS.read_text(encoding="utf-8")):
    url = re.search(r"url\([\"']?/fonts/([^\"')]+)", body)
    ur = re.search(r"unicode-range\s*:\s*([^;]+);", body)
    if url:
        faces[url.group(1)] = parse(ur.group(1)) if ur else None
css_wrong = False
for name, (w, cps) in files.items():
    if faces.get(name, False) is False:
        problems.append(f"{CSS} has no @font-face for /fonts/{name}, with\n  unicode-range: {css_range(cps)};")
        css_wrong = True
    elif faces[name] != cps:
        problems.append(f"{CSS}: the @font-face of /fonts/{name} needs\n  unicode-range: {css_range(cps)};")
        css_wrong = True
for name in faces:
    if name not in files:
        problems.append(f"{CSS} names /fonts/{name}, which scripts/fonts.sh does not build")
        css_wrong = True

# Every character of the UI's copy (and of the stylesheet) in the core file of every weight.
used = {}
for p in COPY:
    for ch in set(p.read_text(encoding="utf-8")):
        c = ord(ch)
        if c > 0x7E and c not in NOT_TEXT and unicodedata.category(ch) != "Cc":
            used.setdefault(c, str(p))
for name, (w, cps) in files.items():
    if not name.endswith("-core.woff2"):
        continue
    have = set(TTFont(OUT / name).getBestCmap())
    rest = files[f"Vazirmatn-{w}-rest.woff2"][1]
    for c, where in sorted(used.items()):
        if c in have:
            continue
        if c in rest:
            problems.append(f"{name} lacks {show(c)}, used in {where}: add it to CORE in scripts/fonts.sh")
        elif w == WEIGHTS[0]:
            notes.append(f"Vazirmatn has no {show(c)}, used in {where} (a fallback font draws it)")

core_bytes = sum((OUT / n).stat().st_size for n in files if n.endswith("-core.woff2"))
if core_bytes > BUDGET:
    problems.append(f"the core fonts are {core_bytes} bytes, over the {BUDGET}-byte budget")
if not built or CHECK:
    for n in files:
        print(f"  {n:30} {(OUT / n).stat().st_size:7} bytes")
    print(f"  core (a first visit): {core_bytes} bytes of {BUDGET}")
    for n in notes:
        print(f"note: {n}")
for p in problems:
    print(f"fonts: {p}", file=sys.stderr)
sys.exit(1 if css_wrong or (CHECK and problems) else 0)
PY
