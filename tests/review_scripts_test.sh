#!/bin/sh
# The review cores (tests/review/<core>.c) against their scripts
# (tests/review/<core>/*.mfs).  For every script: the reference core's
# replay passes it, and the core's replay fails it with the invariant ID
# named by the script's first comment line, "# expect: <ID>".  SANITIZER and
# BUGCHECK expect the process to die instead (a sanitizer report or a
# signal; a BUGCHECK verdict line is accepted too, for when the seam's
# bugcheck reports one).  A script whose operation breaks several
# invariants at once says "# expect keep-going: <ID> <ID>...": the core's
# `replay --keep-going` reports exactly those IDs, each in a verdict line
# of its own.  Every planted deviation of the core's header is expected by
# a script (as many scripts name an ID as header lines plant it).
#
#   tests/review_scripts_test.sh        from the top of the tree
set -u
cd "$(dirname "$0")/.." || exit 2

REF=out/mapfuzz
if ! [ -x "$REF" ] || ! grep -q '/src/core/core_ref\.c$' out/core.stamp 2>/dev/null; then
	# out/ holds another core, or nothing yet: keep a reference build apart.
	REF=out/cores/reference/mapfuzz
	make -s OUT=out/cores/reference OBJ=out/obj CORE=src/core/core_ref.c "$REF" || exit 2
fi

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

for src in tests/review/*.c; do
	core=$(basename "$src" .c)
	bin=out/cores/$core/mapfuzz
	if ! make -s OUT="out/cores/$core" OBJ=out/obj CORE="$src" "$bin" >"$tmp/build" 2>&1; then
		ko "$core: build failed"
		sed 's/^/    /' "$tmp/build"
		continue
	fi
	: >"$tmp/expected"
	for mfs in tests/review/"$core"/*.mfs; do
		[ -f "$mfs" ] || continue
		want=$(sed -n '1s/^# expect: *\([A-Z-]*\) *$/\1/p' "$mfs")
		many=$(sed -n '1s/^# expect keep-going: *\([A-Z -]*[A-Z-]\) *$/\1/p' "$mfs")
		if [ -z "$want" ] && [ -z "$many" ]; then
			ko "$mfs: first line is not '# expect: <ID>' or '# expect keep-going: <ID>...'"
			continue
		fi
		if ! timeout 60 "$REF" replay "$mfs" >"$tmp/ref" 2>&1; then
			ko "$mfs: the reference core does not pass it: $(head -1 "$tmp/ref")"
			continue
		fi
		if [ -n "$many" ]; then
			echo "$many" | tr ' ' '\n' >>"$tmp/expected"
			timeout 60 "$bin" replay --keep-going "$mfs" >"$tmp/out" 2>&1
			got=$(sed -n 's/.*mapfuzz: \([A-Z-]*\) violated at op.*/\1/p' "$tmp/out" | sort | tr '\n' ' ')
			if [ "$got" = "$(echo "$many" | tr ' ' '\n' | sort | tr '\n' ' ')" ]; then
				ok "$mfs: keep-going reports $many"
			else
				ko "$mfs: keep-going reports '$got', expected '$many'"
			fi
			continue
		fi
		echo "$want" >>"$tmp/expected"
		timeout 60 "$bin" replay "$mfs" >"$tmp/out" 2>&1
		rc=$?
		verdict=$(grep -o 'mapfuzz: [A-Z-]* violated at op #[0-9]*' "$tmp/out" | head -1)
		# A core that dies gets its verdict line too (SANITIZER, CRASH):
		# replay runs each file in a child.
		if echo "$verdict" | grep -q "^mapfuzz: $want violated"; then
			ok "$mfs: $verdict"
		else
			ko "$mfs: expected $want, got exit $rc: $(head -1 "$tmp/out")"
		fi
	done
	# Every planted deviation has its script: as many as header lines per ID.
	d=$(grep -c '^ \* deviation: ' "$src")
	short=$(sed -n 's/^ \* deviation: \([A-Z-]*\) .*/\1/p' "$src" | sort | uniq -c |
		while read -r k id; do
			[ "$(grep -cx "$id" "$tmp/expected")" -ge "$k" ] || echo "$id"
		done)
	if [ "$d" -lt 5 ] || [ -n "$short" ]; then
		ko "$src: $d deviations in the header; without enough scripts: ${short:-none} (need at least 5, each expected by a script)"
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
