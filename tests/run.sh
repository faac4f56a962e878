#!/usr/bin/env bash
# Every test, in one run: ./build.sh test calls this after building.
# Each step logs to out/test-logs/<step>.log and prints one PASS/FAIL line;
# the last line is "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-out}
LOGS=$OUT/test-logs
mkdir -p "$LOGS"
passed=0
failed=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

step() {
	local name=$1
	shift
	local start=$SECONDS
	if "$@" >"$LOGS/$name.log" 2>&1; then
		passed=$((passed + 1))
		printf 'PASS %-28s %3ds\n' "$name" $((SECONDS - start))
	else
		failed=$((failed + 1))
		printf 'FAIL %-28s %3ds  (log: %s)\n' "$name" $((SECONDS - start)) "$LOGS/$name.log"
		tail -n 15 "$LOGS/$name.log" | sed 's/^/    /'
	fi
}

seeds() { ls "$OUT"/corpus/fuzz_map/*.bin; }

unit_tests() {
	local rc=0
	for t in "$OUT"/tests/test_*; do
		echo "== $t"
		"$t" || rc=1
	done
	return $rc
}

replay_corpus() { "$OUT"/mapfuzz replay $(seeds) corpus/map/*.mfs; }
sweep_corpus() { "$OUT"/mapfuzz sweep $(seeds); }

# asm(explain(x)) gives the canonical bytes of x, for every seed.
round_trip_corpus() {
	local tmp rc=0
	tmp=$(mktemp -d)
	for bin in $(seeds); do
		"$OUT"/mapfuzz explain "$bin" >"$tmp/x.mfs"
		"$OUT"/mapfuzz asm "$tmp/x.mfs" >"$tmp/x.bin" || { rc=1; continue; }
		cmp "$bin" "$tmp/x.bin" || { echo "round trip differs: $bin"; rc=1; }
	done
	rm -rf "$tmp"
	return $rc
}

standalone_gcc() { "$OUT"/gcc/fuzz_map $(seeds) && "$OUT"/gcc/fuzz_script corpus/map/*.mfs; }

libfuzzer_smoke() {
	"$OUT"/fuzz_map -runs=3000 -seed=1 -max_len=1024 "$(dirname "$(seeds | head -1)")" &&
		"$OUT"/fuzz_script -runs=0 corpus/map/ &&
		"$OUT"/fuzz_naive -runs=3000 -seed=1
}

msan() {
	make -s -j2 msan || return 1
	local rc=0
	for t in "$OUT"/msan/tests/test_*; do "$t" || rc=1; done
	"$OUT"/msan/fuzz_map -runs=0 "$OUT"/corpus/fuzz_map/ || rc=1
	return $rc
}

# tests/regress/*.c, built by make into $OUT/regress/ (docs/TRIAGE.md).
regress_tests() {
	local rc=0
	for t in "$OUT"/regress/*; do
		[ -x "$t" ] || continue
		echo "== $t"
		"$t" || rc=1
	done
	return $rc
}

step unit-tests unit_tests
step corpus-replay replay_corpus
step corpus-sweep sweep_corpus
step corpus-round-trip round_trip_corpus
step standalone-gcc standalone_gcc
step libfuzzer-smoke libfuzzer_smoke
step msan msan
step prove tests/prove_test.sh
step regress regress_tests
step triage tests/triage_test.sh
step cli tests/cli_test.sh
step alt-core tests/alt_core_test.sh
step kit-kernel-ptes tests/kit_test.sh
step review-cores tests/review_scripts_test.sh
step review tests/review_test.sh
step campaign tests/campaign_test.sh
step kill-test tests/kill.sh
step ossfuzz-emulation tests/ossfuzz_emulation.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
