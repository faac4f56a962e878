#!/bin/sh
# The review cores (tests/review/<core>.c) against their scripts
# (tests/review/<core>/*.mfs).  For every script: the reference core's
# replay passes it, and the core's replay fails it with the invariant ID
# named by the script's first comment line, "# expect: <ID>".  SANITIZER and
# BUGCHECK expect the process to die instead (a sanitizer report or a
# signal; a BUGCHECK verdict line is accepted too, for when the seam's
# bugcheck reports one).
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
	n=0
	for mfs in tests/review/"$core"/*.mfs; do
		[ -f "$mfs" ] || continue
		n=$((n + 1))
		want=$(sed -n '1s/^# expect: *\([A-Z-]*\) *$/\1/p' "$mfs")
		if [ -z "$want" ]; then
			ko "$mfs: first line is not '# expect: <ID>'"
			continue
		fi
		if ! timeout 60 "$REF" replay "$mfs" >"$tmp/ref" 2>&1; then
			ko "$mfs: the reference core does not pass it: $(head -1 "$tmp/ref")"
			continue
		fi
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
	# Every planted deviation has its script: one per header line.
	d=$(grep -c '^ \* deviation: ' "$src")
	if [ "$d" -lt 5 ] || [ "$d" -ne "$n" ]; then
		ko "$src: $d deviations in the header, $n scripts (need at least 5, one script each)"
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
