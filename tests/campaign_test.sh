#!/usr/bin/env bash
# The campaign's progress and corpus minimisation (scripts/campaign_lib.sh),
# in seconds, without a full campaign:
#   * libFuzzer: a poll between fork-mode status lines repeats the engine's
#     latest figures, never "exec/s -";
#   * AFL++: a stale fuzzer_stats (1149 executions) loses to the StatsD
#     figures; live, two polls 3 s apart of a real afl-fuzz see the
#     executions move (fuzzer_stats would not, for a minute);
#   * afl-cmin minimises in a directory under /tmp (AFL_ALLOW_TMP).
# Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
. scripts/campaign_lib.sh

passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
expect() { # description condition (a shell expression)
	if eval "$2"; then ok "$1"; else bad "$1"; fi
}
numeric() { [[ "$1" =~ ^[0-9]+$ ]]; }

# Under the system's temporary directory on purpose: where afl-cmin balks.
tmp=$(mktemp -d /tmp/mapfuzz-campaign.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# ---- libFuzzer fork mode ------------------------------------------------
log=$tmp/libfuzzer.log
cat >"$log" <<'LOG'
INFO: -fork=2: fuzzing in separate process(s)
#41230: cov: 301 ft: 1200 corp: 150 exec/s: 20615 oom/timeout/crash: 0/0/0 time: 2s job: 2 dft_time: 0
#1024	pulse  cov: 290 ft: 1100 corp: 140/9000b exec/s: 1024 rss: 40Mb
#161230: cov: 305 ft: 1260 corp: 158 exec/s: 26871 oom/timeout/crash: 0/0/0 time: 6s job: 4 dft_time: 0
LOG
execs=0 eps=0 edges=0 corpus_now=0
lf_progress "$log"
first=$(progress_line 5 0)
echo "$first"
expect "libFuzzer: executions and corpus from the latest status line" '[ "$execs" = 161230 ] && [ "$corpus_now" = 158 ]'
expect "libFuzzer: exec/s over the last two lines, by the engine's clock" '[ "$eps" = 30000 ]'
# Five seconds on, no new status line: the same figures, not "-".
lf_progress "$log"
second=$(progress_line 10 0)
echo "$second"
expect "libFuzzer: a poll between status lines prints numbers" 'numeric "$eps"'
expect "libFuzzer: no 'exec/s -' line" '! grep -q "exec/s -" <<<"$first$second"'

# ---- AFL++: a stale fuzzer_stats loses to StatsD -------------------------
mkdir -p "$tmp/fixture/afl/main" "$tmp/fixture/statsd"
printf 'execs_done        : 1149\nexecs_per_sec     : 0.00\ncorpus_count      : 76\nedges_found       : 90\n' \
	>"$tmp/fixture/afl/main/fuzzer_stats"
printf 'corpus_count 230\nedges_found 188\nexecs_done 512000\nexecs_per_sec 20480.50\n' >"$tmp/fixture/statsd/main.stats"
printf 'corpus_count 200\nedges_found 180\nexecs_done 488000\nexecs_per_sec 19520.20\n' >"$tmp/fixture/statsd/s1.stats"
afl_progress "$tmp/fixture/afl" "$tmp/fixture/statsd"
progress_line 25 0
expect "AFL++: executions are every instance's StatsD figure, not fuzzer_stats" '[ "$execs" = 1000000 ]'
expect "AFL++: exec/s, corpus and edges from StatsD" '[ "$eps" = 40000 ] && [ "$corpus_now" = 230 ] && [ "$edges" = 188 ]'

# ---- AFL++ live: a tiny target, a real afl-fuzz --------------------------
driver=$(ls /usr/lib/afl/libAFLDriver.a /usr/local/lib/afl/libAFLDriver.a 2>/dev/null | head -1)
if ! command -v afl-clang-fast >/dev/null || [ -z "$driver" ]; then
	bad "AFL++ missing (afl-clang-fast, libAFLDriver.a: apt-get install afl++)"
	echo "$passed passed, $failed failed"
	exit 1
fi
cat >"$tmp/tiny.c" <<'C'
#include <stddef.h>
#include <stdint.h>
/* Branches on the first bytes, so the queue grows and afl-cmin has work. */
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n && i < 4; i++)
		k += d[i] == "FUZZ"[i];
	return k == 5;
}
C
AFL_QUIET=1 afl-clang-fast -O1 "$tmp/tiny.c" "$driver" -o "$tmp/tiny" >"$tmp/cc.log" 2>&1 ||
	{ bad "AFL++: the tiny target builds"; cat "$tmp/cc.log"; }
mkdir -p "$tmp/in"
printf 'F' >"$tmp/in/a"
printf 'FU' >"$tmp/in/b"
printf 'xyz' >"$tmp/in/c"
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
# afl-fuzz refuses other sanitizer options (tests/run.sh sets some).
export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:symbolize=0
statsd_pid=
afl_stats_start "$tmp/run/statsd" 30
expect "AFL++: the StatsD sink listens" '[ -n "${AFL_STATSD_PORT:-}" ]'
afl-fuzz -M main -T main -i "$tmp/in" -o "$tmp/run/afl" -V 7 -m none -- "$tmp/tiny" >"$tmp/afl.log" 2>&1 &
afl_pid=$!
sleep 2.5
afl_progress "$tmp/run/afl" "$tmp/run/statsd"
e1=$execs
progress_line 2 0
sleep 3
afl_progress "$tmp/run/afl" "$tmp/run/statsd"
e2=$execs
progress_line 5 0
expect "AFL++ live: executions move between polls ($e1 -> $e2)" 'numeric "$e1" && [ "$e1" -gt 0 ] && [ "$e2" -gt "$e1" ]'
expect "AFL++ live: exec/s is a number" 'numeric "$eps"'
wait "$afl_pid" || tail -n 5 "$tmp/afl.log"
[ -n "$statsd_pid" ] && kill "$statsd_pid" 2>/dev/null

# ---- afl-cmin under /tmp -------------------------------------------------
mkdir -p "$tmp/cmin-in"
cp "$tmp"/run/afl/main/queue/id:* "$tmp/cmin-in/" 2>/dev/null
cp "$tmp"/in/* "$tmp/cmin-in/"
cd "$tmp"
expect "afl-cmin minimises in a clone under /tmp ($(ls cmin-in | wc -l) inputs)" 'afl_minimize cmin-in cmin-out cmin.log ./tiny'
tail -n 3 cmin.log
cd "$REPO"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

