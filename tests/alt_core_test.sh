#!/usr/bin/env bash
# A second, independently structured core (tests/alt_core/core_alt.c, see
# docs/PORTING.md "A second core in the tree") must pass everything a
# correct core passes: the unit tests, replay and sweep of the binary seeds,
# and a short libFuzzer run with no finding.  It reserves before it maps,
# maps pages last-first and allocates last, so a failure here means either
# that core has a bug or the harness judges internal order, not the contract.
#
#   tests/alt_core_test.sh      (builds into out/alt-core; ALT_OUT overrides)
#
# One PASS/FAIL line per check, then "N passed, N failed"; exit 1 on a failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

ALT=${ALT_OUT:-out/alt-core}
CORE=tests/alt_core/core_alt.c
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {
	local name=$1
	shift
	if "$@" >"$tmp/log" 2>&1; then
		passed=$((passed + 1))
		echo "PASS $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		tail -n 15 "$tmp/log" | sed 's/^/    /'
	fi
}

if ! make -s -j1 OUT="$ALT" OBJ="$ALT/obj" CORE="$CORE" all >"$tmp/build.log" 2>&1; then
	tail -n 30 "$tmp/build.log"
	echo "FAIL build $ALT against $CORE"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "PASS build $ALT against $CORE"
passed=$((passed + 1))

for t in "$ALT"/tests/test_*; do
	check "unit $(basename "$t")" "$t"
done

seeds=("$ALT"/corpus/fuzz_map/*.bin)
check "replay ${#seeds[@]} seeds" "$ALT"/mapfuzz replay "${seeds[@]}"
check "sweep ${#seeds[@]} seeds" "$ALT"/mapfuzz sweep "${seeds[@]}"

# libFuzzer adds what it finds to its first corpus directory: work on a copy.
mkdir -p "$tmp/corpus" "$tmp/artifacts"
cp "${seeds[@]}" "$tmp/corpus/"
check "fuzz_map -runs=20000 -seed=1" "$ALT"/fuzz_map -runs=20000 -seed=1 \
	-artifact_prefix="$tmp/artifacts/" "$tmp/corpus"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
