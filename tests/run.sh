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
		printf 'PASS %-28s %3ds%s\n' "$name" $((SECONDS - start)) "${step_note:-}"
	else
		failed=$((failed + 1))
		printf 'FAIL %-28s %3ds%s  (log: %s)\n' "$name" $((SECONDS - start)) "${step_note:-}" "$LOGS/$name.log"
		tail -n 15 "$LOGS/$name.log" | sed 's/^/    /'
	fi
}

# CORE=x ./build.sh test judges x where a step judges the core (the unit
# tests, the corpus, the gcc and libFuzzer builds, MSan, the regressions);
# the steps that test mapfuzz itself (its tools against seeded bugs and
# known answers) run on the reference core, built apart, and say so.
REF_CORE=src/core/core_ref.c
REF_OUT=$OUT
if [ "$(realpath -m "${CORE:-$REF_CORE}")" != "$(realpath "$REF_CORE")" ]; then
	REF_OUT=$OUT/cores/reference
	echo "CORE=$CORE: the steps marked (reference core) test mapfuzz itself on $REF_CORE ($REF_OUT)"
	if ! make -s -j2 OUT="$REF_OUT" OBJ="$OUT/obj" CORE="$REF_CORE" CORE_CFLAGS= all >"$LOGS/reference-build.log" 2>&1; then
		echo "FAIL reference-build (log: $LOGS/reference-build.log)"
		echo "0 passed, 1 failed"
		exit 1
	fi
fi

# A step of mapfuzz's own tools: on the reference core.
tool_step() {
	local step_note=""
	[ "$REF_OUT" = "$OUT" ] || step_note="  (reference core)"
	OUT=$REF_OUT OUT_DIR=$REF_OUT CORE=$REF_CORE CORE_CFLAGS= step "$@"
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

# libFuzzer writes what it finds into its first corpus directory: a copy,
# so the seeds stay the shipped ones.
libfuzzer_smoke() {
	local work rc
	work=$(mktemp -d)
	cp $(seeds) "$work"/
	"$OUT"/fuzz_map -runs=3000 -seed=1 -max_len=1024 -artifact_prefix="$LOGS/" "$work" &&
		"$OUT"/fuzz_script -runs=0 corpus/map/ &&
		"$OUT"/fuzz_naive -runs=3000 -seed=1 -artifact_prefix="$LOGS/"
	rc=$?
	rm -rf "$work"
	return $rc
}

msan() {
	make -s -j2 msan || return 1
	local rc=0
	for t in "$OUT"/msan/tests/test_*; do "$t" || rc=1; done
	"$OUT"/msan/fuzz_map -runs=0 -artifact_prefix="$LOGS/" "$OUT"/corpus/fuzz_map/ || rc=1
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
step conformance tests/conformance_test.sh
step corpus-replay replay_corpus
step corpus-sweep sweep_corpus
tool_step corpus-round-trip round_trip_corpus
step standalone-gcc standalone_gcc
step libfuzzer-smoke libfuzzer_smoke
step msan msan
tool_step prove tests/prove_test.sh
step regress regress_tests
tool_step triage tests/triage_test.sh
tool_step cli tests/cli_test.sh
tool_step alt-core tests/alt_core_test.sh
tool_step kit-kernel-ptes tests/kit_test.sh
tool_step review-cores tests/review_scripts_test.sh
tool_step review tests/review_test.sh
# The driver runner's checks on stub drivers that are their own kit.
tool_step driver-runner env DRIVER_NOKIT=1 tests/driver_review_test.sh tests/driver_stub
# review --driver on tests/miniports/ (the kit, the runner, the planted rows).
tool_step driver-review tests/driver_review_test.sh
# fuzz_driver's campaign on a buggy miniport: its planted rows triaged.
tool_step driver-fuzz tests/driver_fuzz_test.sh
# ...and on one whose slips need a failed map's NULL base and a second fault.
tool_step driver-fuzz-nullbase tests/driver_fuzz_test.sh tests/miniports/nullbase5 20
# The CI templates a driver repository copies, built as OSS-Fuzz would.
tool_step driver-ossfuzz-emulation tests/driver_ossfuzz_emulation.sh
tool_step campaign tests/campaign_test.sh
tool_step kill-test tests/kill.sh
tool_step ossfuzz-emulation tests/ossfuzz_emulation.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
