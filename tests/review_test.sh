#!/bin/sh
# mapfuzz review against cores whose deviations are known (docs/REVIEW.md).
# For every tests/review/<core>.c: `review` reports each planted deviation
# (" * deviation: ID clause" in its header) in a row of its own, whose
# reproducer fails on that core and passes on the reference core; a row
# the header does not name fails the test unless the header names it as a
# second symptom of a planted slip (" * symptom: ID clause").  The
# reference core and tests/alt_core/core_alt.c review as conforming (exit 0).
# The vendor cores of tests/vendor/ (written against the kernel-API kit,
# wdk.h) are judged the same way: one without deviation lines must conform.
# Every core here builds as it is, with no extra flags: foreign code gets
# the project's warnings shown, not fatal (tests/review/kvapanic.c has an
# unused parameter), in GNU C (tests/vendor/linux_compat.c uses typeof).
# Two rows are also held to their line: kvapanic's panic (CRASH under the
# fault's clause, map.va-fail, at the abort in kva_alloc) and trustunmap's
# runaway unmap (SEAM-RUNAWAY at its page-table loop).
# The rows are judged without the campaign (--time 0: corpus and proof,
# deterministic); one more review of tests/review/table32.c runs the
# campaign and must keep every planted row, restarting after what it finds.
#
#   tests/review_test.sh [SECONDS]      campaign time of that review (default 5)
set -u
cd "$(dirname "$0")/.." || exit 2
secs=${1:-5}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

REF=out/cores/reference/mapfuzz
make -s OUT=out/cores/reference OBJ=out/obj CORE=src/core/core_ref.c "$REF" || exit 2

is_always() { case $1 in REG-DISJOINT | VA-DISJOINT | PTE-ACCOUNT | SEAM-MISUSE) return 0 ;; esac; return 1; }

# The rows of a review.json, one "ID clause reproducer" a line.
rows() {
	python3 -c '
import json, sys
for d in json.load(open(sys.argv[1]))["deviations"]:
    print(d["invariant"], d["clause"], d["reproducer"])' "$1"
}

review() { CORE_CFLAGS= out/mapfuzz review --core "$@"; }
planted() { grep -q '^ \* deviation: ' "$1"; }

conforming=$(for c in tests/vendor/*.c; do planted "$c" || echo "$c"; done)
deviating=$(for c in tests/review/*.c tests/vendor/*.c; do planted "$c" && echo "$c"; done)

for core in src/core/core_ref.c tests/alt_core/core_alt.c $conforming; do
	name=$(basename "$core" .c)
	review "$core" --time 0 --prove-time 15 --out "$tmp/$name" >"$tmp/$name.log" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && [ "$(rows "$tmp/$name/review.json" | wc -l)" -eq 0 ]; then
		ok "$name reviews as conforming"
	else
		ko "$name: exit $rc, $(rows "$tmp/$name/review.json" 2>/dev/null | wc -l) rows"
		sed 's/^/    /' "$tmp/$name.log" | tail -15
	fi
	# "conforms" is only said of a clause some case reached.
	unreached=$(python3 -c 'import json, sys; print(" ".join(json.load(open(sys.argv[1]))["not_exercised"]))' \
		"$tmp/$name/review.json" 2>&1)
	if [ -z "$unreached" ] && ! grep -q '| not exercised |' "$tmp/$name/review.md"; then
		ok "$name: every clause key reached by a case"
	else
		ko "$name: clauses no case reached: $unreached"
	fi
done

for src in $deviating; do
	name=$(basename "$src" .c)
	dir=$tmp/$name
	review "$src" --time 0 --prove-time 15 --out "$dir" >"$tmp/$name.log" 2>&1
	rc=$?
	if [ $rc -ne 1 ]; then
		ko "$name: review exit $rc, expected 1"
		sed 's/^/    /' "$tmp/$name.log" | tail -15
		continue
	fi
	rows "$dir/review.json" >"$tmp/$name.rows"
	sed -n 's/^ \* deviation: \([A-Z-]*\) \([a-z.-]*\) --.*/\1 \2/p' "$src" | sort -u >"$tmp/$name.planted"
	sed -n 's/^ \* symptom: \([A-Z-]*\) \([a-z.-]*\) --.*/\1 \2/p' "$src" | sort -u >"$tmp/$name.symptoms"
	while read -r id clause; do
		line=$(grep "^$id $clause " "$tmp/$name.rows" | head -1)
		# an "always" invariant is one row, keyed by the clause it was first seen in
		is_always "$id" && line=$(grep "^$id " "$tmp/$name.rows" | head -1)
		if [ -z "$line" ]; then
			ko "$name: planted $id $clause not reported"
			continue
		fi
		repro=$dir/${line##* }
		if ! "$REF" replay "$repro" >"$tmp/ref.out" 2>&1; then
			ko "$name: $id $clause: the reproducer fails on the reference core: $(head -1 "$tmp/ref.out")"
			continue
		fi
		out/cores/$name/mapfuzz replay --keep-going "$repro" >"$tmp/core.out" 2>&1
		crc=$?
		if grep -q "mapfuzz: $id violated" "$tmp/core.out" ||
			{ [ "$id" = SANITIZER ] && [ $crc -ne 0 ] && grep -q 'Sanitizer' "$tmp/core.out"; }; then
			ok "$name: $id $clause (${line##* })"
		else
			ko "$name: $id $clause: the reproducer does not show it on the core (exit $crc)"
			sed 's/^/    /' "$tmp/core.out" | head -5
		fi
	done <"$tmp/$name.planted"
	extra=0
	while read -r id clause _; do
		grep -qx "$id $clause" "$tmp/$name.planted" "$tmp/$name.symptoms" && continue
		# an "always" invariant is one row, whatever clause it was seen in first
		is_always "$id" && grep -q "^$id " "$tmp/$name.planted" "$tmp/$name.symptoms" && continue
		extra=$((extra + 1))
		echo "  $name: row not planted: $id $clause"
	done <"$tmp/$name.rows"
	if [ $extra -eq 0 ]; then
		ok "$name: nothing reported beyond its planted deviations"
	else
		ko "$name: $extra rows beyond its planted deviations"
	fi
	case $name in
	kvapanic) want="CRASH map.va-fail kva_alloc" ;;
	trustunmap) want="SEAM-RUNAWAY unmap.wrong-length mm_unmap_io_space" ;;
	*) continue ;;
	esac
	got=$(python3 -c '
import json, sys
for d in json.load(open(sys.argv[1]))["deviations"]:
    if d["invariant"] + " " + d["clause"] == sys.argv[2]:
        print(d["invariant"], d["clause"], d["location"]["function"], d["location"]["line"])' \
		"$dir/review.json" "${want% *}")
	line=$(grep -n 'abort();\|seam_pte_clear(page' "$src" | head -1 | cut -d: -f1)
	if [ "$got" = "$want $line" ]; then
		ok "$name: $want:$line"
	else
		ko "$name: expected '$want $line', got '$got'"
	fi
done
# The campaign: libFuzzer on table32 with every row known, in its own corpus.
out/mapfuzz review --core tests/review/table32.c --time "$secs" --prove-depth 0 --out "$tmp/campaign" >"$tmp/campaign.log" 2>&1
rc=$?
line=$(grep '^review: fuzz (libFuzzer' "$tmp/campaign.log")
rows "$tmp/campaign/review.json" >"$tmp/campaign.rows"
missing=$(sed -n 's/^ \* deviation: \([A-Z-]*\) \([a-z.-]*\) --.*/\1 \2/p' tests/review/table32.c |
	while read -r id clause; do grep -q "^$id $clause " "$tmp/campaign.rows" || echo "$id $clause"; done)
if [ $rc -eq 1 ] && [ -n "$line" ] && ! echo "$line" | grep -q ': 0 executions' && [ -z "$missing" ] &&
	[ -d work/fuzz_map-libfuzzer-table32 ]; then
	ok "campaign: ${line#review: }"
else
	ko "campaign: exit $rc, '$line', missing: $missing"
fi
echo "review: $pass passed, $fail failed"
[ $fail -eq 0 ]
