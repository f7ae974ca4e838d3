#!/usr/bin/env bash
# Lists the public symbols of the package's library modules that have no doc comment, module by module, and exits
# non-zero when there is any.
#
# Usage: Scripts/check-docs.sh [--strict] [--scratch-path PATH] [--no-build] [MODULE ...]
#
#   MODULE ...            the modules to check; by default every regular (library) target of Package.swift, so
#                         new library modules are checked without editing this script. C targets have no Swift
#                         symbols and always pass.
#   --strict              also require, in each doc comment that is there, `- Parameter(s):` for every parameter,
#                         `- Returns:` for a function that returns a value and `- Throws:` for one that throws
#                         (the house style). Members whose contract is a standard protocol's (`==`, `<`,
#                         `hash(into:)`, `next()`, `makeIterator()`, `encode(to:)`, `init(from:)`) are exempt.
#   --scratch-path PATH   the build folder handed to SwiftPM (default: SwiftPM's own, `.build`).
#   --no-build            read the symbol graphs a previous run left in the scratch path instead of building.
#
# How: `swift package dump-symbol-graph --minimum-access-level public --skip-synthesized-members` builds the
# package and writes one symbol graph per module (plus `Module@Other` graphs for extensions of other modules'
# types); each symbol's `docComment` is then checked. Exit status: 0 when nothing is missing, 1 when something
# is, 2 on a usage or build error.
#
# Ignored, and why (a count of each is printed per module):
#   - Synthesized members (`--skip-synthesized-members`, and any identifier marked `::SYNTHESIZED::`): the
#     default implementations a type inherits from protocol extensions (`Sequence.map`, `Collection.first`, ...)
#     and members inherited from superclasses. We did not write them; their documentation is the protocol's.
#   - Symbols without a source location: declarations the compiler generates, such as `init(rawValue:)` and
#     `rawValue` of an enum with raw values, `==`/`hash(into:)` of a synthesized Equatable/Hashable
#     conformance and implicit initializers. There is no source line to put a comment on.
#   - Symbols whose doc comment comes from another module: a member written by us that satisfies a requirement
#     of a protocol from another module (say `description` for `CustomStringConvertible`) and has no comment of
#     its own inherits the protocol's, which says what the member does.
set -euo pipefail
cd "$(dirname "$0")/.."

strict=0
build=1
scratch_args=()
modules=()
while [ "$#" -gt 0 ]; do
    case "$1" in
        --strict) strict=1 ;;
        --no-build) build=0 ;;
        --scratch-path)
            [ "$#" -ge 2 ] || { echo "usage: --scratch-path needs a path" >&2; exit 2; }
            scratch_args=(--scratch-path "$2")
            shift
            ;;
        --scratch-path=*) scratch_args=(--scratch-path "${1#--scratch-path=}") ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
        *) modules+=("$1") ;;
    esac
    shift
done

if [ "${#modules[@]}" -eq 0 ]; then
    mapfile -t modules < <(swift package "${scratch_args[@]}" dump-package | python3 -c '
import json, sys
for target in json.load(sys.stdin)["targets"]:
    if target["type"] == "regular":
        print(target["name"])
')
fi

bin_path=$(swift build "${scratch_args[@]}" --show-bin-path)
graph_dir="$(dirname "$bin_path")/symbolgraph"
if [ "$build" -eq 1 ]; then
    rm -rf "$graph_dir"
    if ! log=$(swift package "${scratch_args[@]}" dump-symbol-graph \
        --minimum-access-level public --skip-synthesized-members 2>&1); then
        echo "$log" >&2
        echo "check-docs: the build or the symbol graph extraction failed" >&2
        exit 2
    fi
fi
[ -d "$graph_dir" ] || { echo "check-docs: no symbol graphs in $graph_dir (run without --no-build)" >&2; exit 2; }

python3 - "$graph_dir" "$strict" "$PWD" "${modules[@]}" <<'PYTHON'
import glob
import json
import os
import re
import sys
import urllib.parse

graph_dir, strict, root, modules = sys.argv[1], sys.argv[2] == "1", sys.argv[3], sys.argv[4:]

# Requirements of standard protocols: their contract is the protocol's, so --strict asks only for a summary.
PROTOCOL_REQUIREMENTS = {
    "==(_:_:)", "<(_:_:)", "hash(into:)", "next()", "makeIterator()", "encode(to:)", "init(from:)",
}
FUNCTION_KINDS = {"swift.func", "swift.func.op", "swift.method", "swift.type.method"}


def location(symbol):
    place = symbol.get("location")
    if not place:
        return "?"
    path = urllib.parse.unquote(urllib.parse.urlparse(place["uri"]).path)
    if path.startswith(root + "/"):
        path = path[len(root) + 1:]
    return f"{path}:{place['position']['line'] + 1}"


def throws_itself(declaration):
    """Whether the declaration itself throws, not only a closure it takes: `throws` outside any parentheses."""
    depth = 0
    outside = []
    for character in declaration:
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif depth == 0:
            outside.append(character)
    return re.search(r"\b(re)?throws\b", "".join(outside)) is not None


def strict_problems(symbol, text):
    """What a present doc comment lacks: parameters, returns, throws."""
    if symbol["pathComponents"][-1] in PROTOCOL_REQUIREMENTS:
        return []
    problems = []
    signature = symbol.get("functionSignature") or {}
    for parameter in signature.get("parameters", []):
        names = {parameter.get("name"), parameter.get("internalName")} - {None}
        if not any(re.search(r"-\s+(Parameter\s+)?%s\s*:" % re.escape(name), text) for name in names):
            problems.append("parameter " + "/".join(sorted(names)))
    returned = "".join(fragment["spelling"] for fragment in signature.get("returns", []))
    if symbol["kind"]["identifier"] in FUNCTION_KINDS and returned not in ("", "()", "Void"):
        if not re.search(r"-\s+Returns:", text):
            problems.append("- Returns:")
    declaration = "".join(fragment["spelling"] for fragment in symbol.get("declarationFragments", []))
    if throws_itself(declaration) and not re.search(r"-\s+Throws:", text):
        problems.append("- Throws:")
    return problems


failed = False
for module in modules:
    files = glob.glob(os.path.join(graph_dir, f"{module}.symbols.json"))
    files += glob.glob(os.path.join(graph_dir, f"{module}@*.symbols.json"))
    if not files:
        print(f"{module}: no symbol graph (not a Swift library module?)")
        continue
    missing, incomplete = [], []
    ignored = {"synthesized": 0, "compiler-generated": 0, "inherited doc": 0}
    checked = 0
    for file in sorted(files):
        with open(file) as handle:
            graph = json.load(handle)
        for symbol in graph["symbols"]:
            if symbol["kind"]["identifier"] == "swift.extension":
                continue
            name = ".".join(symbol["pathComponents"])
            if "::SYNTHESIZED::" in symbol["identifier"]["precise"]:
                ignored["synthesized"] += 1
                continue
            if "location" not in symbol:
                ignored["compiler-generated"] += 1
                continue
            doc = symbol.get("docComment")
            if doc and doc.get("module") not in (None, module):
                ignored["inherited doc"] += 1
                continue
            checked += 1
            text = "\n".join(line["text"] for line in (doc or {}).get("lines", []))
            kind = symbol["kind"]["displayName"].lower()
            if not text.strip():
                missing.append(f"  {location(symbol)}: {kind} {name}")
            elif strict:
                problems = strict_problems(symbol, text)
                if problems:
                    incomplete.append(f"  {location(symbol)}: {kind} {name}: no {', no '.join(problems)}")
    summary = ", ".join(f"{count} {reason}" for reason, count in ignored.items() if count)
    status = "ok" if not missing and not incomplete else "FAIL"
    print(f"{module}: {status}: {checked} public symbols checked, {len(missing)} without a doc comment"
          + (f", {len(incomplete)} incomplete" if strict else "")
          + (f" (ignored: {summary})" if summary else ""))
    for line in sorted(missing) + sorted(incomplete):
        print(line)
    failed = failed or bool(missing or incomplete)
sys.exit(1 if failed else 0)
PYTHON
