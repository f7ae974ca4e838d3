#!/usr/bin/env bash
# Checks that every README code block marked `<!-- example: PATH -->` appears, line for line, in the file PATH of
# the Examples/ package (which CI builds and runs), so that the README cannot show code that no longer compiles.
# Exits non-zero naming each block that is missing or differs.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import re, sys
readme = open("README.md", encoding="utf-8").read()
pattern = re.compile(r"<!-- example: (\S+) -->\n```swift\n(.*?)```", re.S)
blocks = pattern.findall(readme)
failures = 0
for path, code in blocks:
    try:
        source = open(path, encoding="utf-8").read()
    except OSError as error:
        print(f"FAIL: {path}: {error}")
        failures += 1
        continue
    if code not in source:
        print(f"FAIL: the README's block marked {path} is not in that file as it is written")
        failures += 1
marked = readme.count("<!-- example:")
if marked != len(blocks):
    print(f"FAIL: {marked} example markers, but {len(blocks)} are followed by a swift block")
    failures += 1
if not blocks:
    print("FAIL: no example blocks found in README.md")
    failures += 1
if failures:
    sys.exit(1)
print(f"README examples: ok: {len(blocks)} blocks found in the Examples package")
PY
