#!/usr/bin/env bash
# The benchmark (./build.sh bench, docs/BENCH.md).
#
#   ./build.sh bench [--quick] [--trials N] [--cap SECONDS]
#                    [--jobs N] [--budget SECONDS] [--bugs a,b] [--only fuzz_map+afl,...] [--no-docs]
#   ./build.sh bench --drivers [--trials N] [--cap S] [--bugs a,b] [--engines libfuzzer,afl] [--no-docs]
#
# Throughput of fuzz_map against an empty libFuzzer target and of the CLI;
# time to detect the seeded bugs (tests/bugs/*.patch) with fuzz_map and
# fuzz_naive under libFuzzer and AFL++, from the shipped seeds minus those that
# already trip the bug; the core's coverage from ./build.sh coverage.  Writes
# out/bench/*.csv, out/bench/survival.svg, out/bench/table.md and the table
# into docs/BENCH.md and README.md (between <!-- bench:begin/end -->).
# Full: every core with fuzz_map, 5 bugs with fuzz_naive, 5 trials, cap 60 s,
# under 30 min on 2 cores.  --quick: 4 bugs, 3 trials, cap 20 s, under 5 min.
set -euo pipefail
cd "$(dirname "$0")/.."
case " $* " in *" -h "* | *" --help "*) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
command -v python3 >/dev/null || { echo "bench: python3 is needed (apt-get install python3)" >&2; exit 2; }
command -v afl-fuzz >/dev/null || echo "bench: afl-fuzz missing (apt-get install afl++): the AFL++ columns will be 'not run'" >&2
# --drivers [driver_bench.py options]: only the driver part (planted caller
# bugs, fuzz_driver's exec/s); otherwise the driver part follows the core's.
if [ "${1:-}" = --drivers ]; then shift; exec python3 scripts/bench/driver_bench.py "$@"; fi
python3 scripts/bench/bench.py "$@"
exec python3 scripts/bench/driver_bench.py
