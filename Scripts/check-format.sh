#!/usr/bin/env bash
# The house rules a formatter would otherwise keep, checked on every Swift file of the package (sources, tests,
# the fuzz package, examples): lines of at most 120 columns, no tab characters, no trailing whitespace.
# .swift-format holds the same settings for `swift format` in an editor. Exit status 1 lists every offending line.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=120
files=$(git ls-files --cached --others --exclude-standard '*.swift' 'Package.swift')
status=0
# Lines longer than the limit, counted in characters, not bytes (a UTF-8 locale for grep -P).
long=$(echo "$files" | LC_ALL=C.UTF-8 xargs grep -n -P ".{$((limit + 1)),}" || true)
if [ -n "$long" ]; then
    echo "lines over $limit columns:"
    echo "$long"
    status=1
fi
tabs=$(echo "$files" | xargs grep -n -P '\t' || true)
if [ -n "$tabs" ]; then
    echo "tab characters:"
    echo "$tabs"
    status=1
fi
trailing=$(echo "$files" | xargs grep -n -E ' +$' || true)
if [ -n "$trailing" ]; then
    echo "trailing whitespace:"
    echo "$trailing"
    status=1
fi
if [ "$status" -eq 0 ]; then
    echo "format: ok: $(echo "$files" | wc -l) Swift files, lines of at most $limit columns, no tabs, no trailing whitespace"
fi
exit "$status"
