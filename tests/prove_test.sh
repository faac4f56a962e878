#!/usr/bin/env bash
# mapfuzz prove (docs/PROVE.md): the small scope holds for the reference
# core, the default scope fails with a counterexample for every seeded bug
# of tests/bugs/ (each is found early: the whole default scope is only run
# on the reference core by hand, docs/PROVE.md), a proof can fail at all
# (a core with the NULL-on-failure line removed), and a memory error of the
# core is a counterexample, not "holds" (tests/prove/record_ptr_size.c).
# Prints one PASS/FAIL line per check and "N passed, N failed" last.
#
#   OUT=out tests/prove_test.sh       (builds $OUT/fast/mapfuzz and the cores)
set -uo pipefail
cd "$(dirname "$0")/.."
. tests/bugs/lib.sh

OUT=${OUT:-out}
OBJ=${OBJ:-$OUT/obj}
JOBS=${PROVE_JOBS:-2}
SMALL=(--depth 2 --adapters 2 --buses 2 --windows 2)
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
verdict_id() { grep -o '^mapfuzz: [A-Z][A-Z-]* violated' "$1" | head -1 | awk '{print $2}'; }

make -s OUT="$OUT" OBJ="$OBJ" "$OUT/fast/mapfuzz" || { fail "build $OUT/fast/mapfuzz"; echo "$passed passed, $failed failed"; exit 1; }
PROVE=$OUT/fast/mapfuzz

# 1. The reference core: the small scope holds, with cases counted.
start=$SECONDS
"$PROVE" prove "${SMALL[@]}" --jobs "$JOBS" >"$tmp/ref.txt" 2>&1
rc=$?
programs=$(sed -n 's/^cases: \([0-9]*\) programs.*/\1/p' "$tmp/ref.txt")
if [ $rc -eq 0 ] && grep -q '^verdict: holds$' "$tmp/ref.txt" && [ "${programs:-0}" -gt 0 ]; then
	pass "reference core holds: $(grep '^cases' "$tmp/ref.txt"), $((SECONDS - start))s"
else
	fail "reference core (rc $rc):"
	tail -5 "$tmp/ref.txt"
fi

# 1b. --count walks the same scope without running it.
"$PROVE" prove "${SMALL[@]}" --count >"$tmp/count.txt" 2>&1
counted=$(sed -n 's/^count: \([0-9]*\) programs.*/\1/p' "$tmp/count.txt")
parts=$(grep -c '^part ' "$tmp/count.txt")
if [ -n "$counted" ] && [ "$counted" = "${programs:-x}" ] && [ "$parts" -gt 1 ]; then
	pass "--count gives the programs the proof runs ($counted, $parts parts: the base platform and its classes)"
else
	fail "--count says '${counted}' programs in $parts parts, the proof ran '${programs:-}'"
fi

# 2. Usage errors exit 2.
for args in "--depth 0" "--windows 3" "--adapters 5" "--jobs 0" "--frobnicate" "--depth" "--shard 3/3" "--shard 1" "--out x" "--merge" "--classes" "--classes some"; do
	# shellcheck disable=SC2086
	"$PROVE" prove $args >/dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ] && pass "usage error exits 2: prove $args" || fail "prove $args exits $rc, not 2"
done

# 3. A proof can fail: the reference core without "*VirtualAddress = NULL;",
#    built through --core.
sed '/^[[:space:]]*\*VirtualAddress = NULL;[[:space:]]*$/d' src/core/core_ref.c >"$tmp/core_no_null.c"
if cmp -s src/core/core_ref.c "$tmp/core_no_null.c"; then
	fail "self-check: no '*VirtualAddress = NULL;' line to remove in src/core/core_ref.c"
else
	MAPFUZZ_OUT=$tmp MAPFUZZ_OBJ=$OBJ "$PROVE" prove --core "$tmp/core_no_null.c" "${SMALL[@]}" --jobs "$JOBS" \
		>"$tmp/self.txt" 2>&1
	rc=$?
	id=$(verdict_id "$tmp/self.txt")
	if [ $rc -eq 1 ] && grep -q '^verdict: fails$' "$tmp/self.txt" && [ "$id" = MAP-NULL-ON-FAILURE ] &&
		grep -q '^counterexample:' "$tmp/self.txt"; then
		pass "self-check: no NULL on failure -> $(grep '^counterexample' "$tmp/self.txt")"
	else
		fail "self-check: rc $rc, verdict id '${id}', expected MAP-NULL-ON-FAILURE"
		tail -20 "$tmp/self.txt"
	fi
fi

# 4. Deterministic whatever the number of jobs (the time line aside).
MAPFUZZ_OUT=$tmp MAPFUZZ_OBJ=$OBJ "$PROVE" prove --core "$tmp/core_no_null.c" "${SMALL[@]}" --jobs 3 2>/dev/null |
	grep -v '^time:' >"$tmp/j3.txt"
MAPFUZZ_OUT=$tmp MAPFUZZ_OBJ=$OBJ "$PROVE" prove --core "$tmp/core_no_null.c" "${SMALL[@]}" --jobs 1 2>/dev/null |
	grep -v '^time:' >"$tmp/j1.txt"
if cmp -s "$tmp/j1.txt" "$tmp/j3.txt" && [ -s "$tmp/j1.txt" ]; then
	pass "same output with --jobs 1 and --jobs 3"
else
	fail "output depends on --jobs:"
	diff "$tmp/j1.txt" "$tmp/j3.txt" | head -10
fi

# 4b. Slices (--shard I/N, --merge): three slices merge to the unsliced
#     verdict and counts; a set with a slice missing or given twice is
#     refused with one line and exit 2; a failing core's slices merge to the
#     same counterexample.
for k in 0 1 2; do
	"$PROVE" prove "${SMALL[@]}" --jobs 1 --shard "$k/3" --out "$tmp/slice$k.txt" >/dev/null 2>&1
done
"$PROVE" prove --merge "$tmp"/slice0.txt "$tmp"/slice1.txt "$tmp"/slice2.txt >"$tmp/merged.txt" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q '^verdict: holds$' "$tmp/merged.txt" &&
	[ "$(grep '^cases:' "$tmp/merged.txt")" = "$(grep '^cases:' "$tmp/ref.txt")" ]; then
	pass "three slices merge to the unsliced verdict: $(grep '^cases' "$tmp/merged.txt")"
else
	fail "merge of three slices (rc $rc):"
	cat "$tmp/merged.txt"
fi
refuse() { # NAME FILE...: --merge must refuse with exit 2 and one line naming a slice
	local name=$1
	shift
	"$PROVE" prove --merge "$@" >"$tmp/refuse.out" 2>"$tmp/refuse.err"
	local rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/refuse.err")" -eq 1 ] && [ ! -s "$tmp/refuse.out" ] &&
		grep -q 'slice 1/3' "$tmp/refuse.err"; then
		pass "merge refuses $name: $(cat "$tmp/refuse.err")"
	else
		fail "merge with $name: rc $rc, stderr:"
		cat "$tmp/refuse.err" "$tmp/refuse.out"
	fi
}
refuse "a slice missing" "$tmp"/slice0.txt "$tmp"/slice2.txt
refuse "a slice twice" "$tmp"/slice0.txt "$tmp"/slice1.txt "$tmp"/slice1.txt "$tmp"/slice2.txt
# A slice of the base platform alone is of another scope.
"$PROVE" prove "${SMALL[@]}" --classes none --jobs 1 --shard 1/3 --out "$tmp/slice1-base.txt" >/dev/null 2>&1
refuse "a slice of another scope" "$tmp"/slice0.txt "$tmp"/slice1-base.txt "$tmp"/slice2.txt
for k in 0 1; do
	MAPFUZZ_OUT=$tmp MAPFUZZ_OBJ=$OBJ "$PROVE" prove --core "$tmp/core_no_null.c" "${SMALL[@]}" --jobs 1 \
		--shard "$k/2" --out "$tmp/nn$k.txt" >/dev/null 2>&1
done
"$tmp/cores/core_no_null/mapfuzz" prove --merge "$tmp/nn1.txt" "$tmp/nn0.txt" >"$tmp/nnm.txt" 2>&1
rc=$?
if [ $rc -eq 1 ] && [ "$(grep '^counterexample:' "$tmp/nnm.txt")" = "$(grep '^counterexample:' "$tmp/j1.txt")" ]; then
	pass "a failing core's slices merge to its counterexample: $(grep '^counterexample' "$tmp/nnm.txt")"
else
	fail "merge of a failing core's slices (rc $rc):"
	head -20 "$tmp/nnm.txt"
fi

# 4c. A memory error is a counterexample, never "holds": --core runs the
#     proof in the ASan+UBSan build, and a core that writes past its mapping
#     record (tests/prove/record_ptr_size.c: sizeof(pointer) allocated) dies
#     under ASan in a job.  The proof must give that program, minimised, with
#     the sanitizer's kind and line, and a reproducer file that replays to
#     the same death.
MAPFUZZ_OUT=$tmp MAPFUZZ_OBJ=$OBJ "$PROVE" prove --core tests/prove/record_ptr_size.c "${SMALL[@]}" --jobs "$JOBS" \
	>"$tmp/heap.txt" 2>"$tmp/heap.err"
rc=$?
repro=$(sed -n 's/^reproducer: \([^ ]*\) .*/\1/p' "$tmp/heap.txt")
[ -s "$repro" ] && "$tmp/cores/record_ptr_size/mapfuzz" replay "$repro" >"$tmp/heap-replay.txt" 2>/dev/null
if [ $rc -eq 1 ] && grep -q '^verdict: fails$' "$tmp/heap.txt" && ! grep -q '^verdict: holds' "$tmp/heap.txt" &&
	[ "$(verdict_id "$tmp/heap.txt")" = SANITIZER ] && grep -q '^counterexample:' "$tmp/heap.txt" &&
	grep -q 'heap-buffer-overflow.*record_ptr_size.c:[0-9]' "$tmp/heap.txt" &&
	grep -q 'SANITIZER violated' "$tmp/heap-replay.txt"; then
	pass "a heap overflow in the core's bookkeeping is a counterexample: $(grep '^counterexample' "$tmp/heap.txt")"
else
	fail "heap overflow core: rc $rc, verdict id '$(verdict_id "$tmp/heap.txt")', reproducer '${repro}':"
	tail -12 "$tmp/heap.txt"
	tail -5 "$tmp/heap.err"
fi
# A death decides like a failure: the lowest index, whatever the jobs.
for j in 1 3; do
	"$tmp/cores/record_ptr_size/mapfuzz" prove "${SMALL[@]}" --jobs $j 2>/dev/null | grep -v '^time:' >"$tmp/heap-j$j.txt"
done
if cmp -s "$tmp/heap-j1.txt" "$tmp/heap-j3.txt" && grep -q '^counterexample:' "$tmp/heap-j1.txt"; then
	pass "the memory error's counterexample is the same with --jobs 1 and --jobs 3"
else
	fail "the memory error's counterexample depends on --jobs:"
	diff "$tmp/heap-j1.txt" "$tmp/heap-j3.txt" | head -10
fi

# 5. Every seeded bug (tests/bugs/, applied into $OUT/bugs/): the default
#    scope must fail with a counterexample.  Each fails within seconds
#    (shortest programs come first); a bug that escaped would walk the
#    whole scope (minutes) and fail here.
shopt -s nullglob
make -s OUT="$OUT" bugs || fail "make bugs: a seeded-bug patch no longer applies"
cores=("$OUT"/bugs/*.c)
if [ ${#cores[@]} -eq 0 ]; then
	fail "no seeded bugs in $OUT/bugs/"
else
	# Build them two at a time: the shared objects are up to date already.
	printf '%s\n' "${cores[@]}" | xargs -P 2 -I{} sh -c \
		'n=$(basename {} .c); make -s OUT="$1/cores/$n" OBJ="$2" CORE={} "$1/cores/$n/fast/mapfuzz" >"$3/build-$n.log" 2>&1' \
		_ "$OUT" "$OBJ" "$tmp"
	for core in "${cores[@]}"; do
		n=$(basename "$core" .c)
		expect=$(bug_expect "$n")
		bin=$OUT/cores/$n/fast/mapfuzz
		if [ ! -x "$bin" ]; then
			fail "$n: build failed"
			cat "$tmp/build-$n.log"
			continue
		fi
		start=$SECONDS
		"$bin" prove --jobs "$JOBS" >"$tmp/$n.txt" 2>&1
		rc=$?
		id=$(verdict_id "$tmp/$n.txt")
		if [ $rc -eq 1 ] && grep -q '^counterexample:' "$tmp/$n.txt"; then
			note=""
			[ "$id" != "$expect" ] && note=" (the core's expect: $expect)"
			pass "$n: fails with ${id:-CRASH}$note, $(sed -n 's/^counterexample: \(program #[0-9]*\).*/\1/p' "$tmp/$n.txt"), $((SECONDS - start))s"
		else
			fail "$n: the default scope holds for it (prove exits $rc)"
			tail -3 "$tmp/$n.txt"
		fi
	done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
