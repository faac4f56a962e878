#!/usr/bin/env bash
# The conformance cases (corpus/conformance/, docs/REVIEW.md): one file per
# clause key of docs/CONTRACT.md, named by it, each passing on the core
# under test and reaching its own clause (replay --clauses), so that a
# review's "conforms" row rests on a case made for that clause.
set -u
cd "$(dirname "$0")/.." || exit 2
OUT=${OUT:-out}
M=$OUT/mapfuzz
D=corpus/conformance
passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$*"; }
ko() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }

keys=$(sed -n 's/^| `\([a-z][a-z.-]*\)` | [A-Z0-9]* | .*/\1/p' docs/CONTRACT.md)
[ "$(echo "$keys" | wc -w)" -ge 27 ] || ko "docs/CONTRACT.md: clause key table not found ($(echo "$keys" | wc -w) keys)"
for key in $keys; do
	[ -f "$D/$key.mfs" ] || ko "no conformance case for $key ($D/$key.mfs)"
done
for f in "$D"/*.mfs; do
	key=$(basename "$f" .mfs)
	echo "$keys" | grep -qx "$key" || { ko "$f: $key is not a clause key of docs/CONTRACT.md"; continue; }
	grep -q "^# clause: $key -- " "$f" || { ko "$f: no '# clause: $key -- ...' header"; continue; }
	out=$("$M" replay --clauses "$f" 2>&1)
	if ! echo "$out" | head -1 | grep -q '^PASS '; then
		ko "$key: $(echo "$out" | head -1)"
	elif ! echo "$out" | grep -Eq "^  clauses:.* $key( |$)"; then
		ko "$key: the case does not reach its clause ($(echo "$out" | tail -1))"
	else
		ok "$key"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
