#!/usr/bin/env bash
# Source-based coverage of the corpus (./build.sh coverage, docs/ENGINES.md).
#
#   ./build.sh coverage [--work]
#
# Builds the CLI with clang's -fprofile-instr-generate -fcoverage-mapping
# (make cov: out/cov/mapfuzz, no sanitizers), replays and sweeps the corpus
# (corpus/map/*.mfs; with --work also the campaigns' grown corpora
# work/fuzz_map-*/corpus), merges the profiles and writes
#   out/coverage/html/         llvm-cov show, per source line
#   out/coverage/summary.txt   llvm-cov report for src/
# then prints line, branch and function coverage of the core
# (the CORE file, src/core/core_ref.c by default) and of the mock platform
# (src/platform/*.c) separately.  MF_OUT=dir builds into dir instead of out/.
set -uo pipefail
cd "$(dirname "$0")/.."

die() { echo "coverage: $*" >&2; exit 2; }
with_work=0
for a in "$@"; do
	case "$a" in
	--work) with_work=1 ;;
	-h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$a'" ;;
	esac
done

base=${MF_OUT:-out}
core=${CORE:-src/core/core_ref.c}
make -s -j"$(nproc)" OUT="$base" CORE="$core" cov || die "build failed"
bin=$base/cov/mapfuzz
cov=$base/coverage
rm -rf "$cov"
mkdir -p "$cov/profraw"
export LLVM_PROFILE_FILE=$PWD/$cov/profraw/%p-%m.profraw

inputs=(corpus/map/*.mfs)
if [ $with_work -eq 1 ]; then
	for d in work/fuzz_map-*/corpus; do
		[ -d "$d" ] && inputs+=("$d"/*)
	done
fi
echo "coverage: replaying ${#inputs[@]} inputs, sweeping $(ls corpus/map/*.mfs | wc -l) scripts"
# A failing input is a finding for the other commands; here it is only run.
"$bin" replay "${inputs[@]}" >"$cov/replay.log" 2>&1 ||
	echo "coverage: note: replay reported failures (see $cov/replay.log)"
"$bin" sweep --max-runs 2000 corpus/map/*.mfs >"$cov/sweep.log" 2>&1 ||
	echo "coverage: note: sweep reported failures (see $cov/sweep.log)"

llvm-profdata-14 merge -sparse -o "$cov/mapfuzz.profdata" "$cov"/profraw/*.profraw || die "llvm-profdata merge failed"
rm -rf "$cov/profraw"
llvm-cov-14 show "$bin" -instr-profile="$cov/mapfuzz.profdata" -format=html -output-dir="$cov/html" \
	-show-line-counts-or-regions -show-branches=count src/ || die "llvm-cov show failed"
llvm-cov-14 report "$bin" -instr-profile="$cov/mapfuzz.profdata" src/ >"$cov/summary.txt" ||
	die "llvm-cov report failed"

# TOTAL: Regions Missed Cover Functions Missed Executed Lines Missed Cover
#        Branches Missed Cover
figures() { # label files...
	local label=$1
	shift
	llvm-cov-14 report "$bin" -instr-profile="$cov/mapfuzz.profdata" "$@" | awk -v l="$label" '
		$1 == "TOTAL" || (NF >= 13 && $1 !~ /^(Filename|-)/) { t = $0 }
		END {
			split(t, f, /[ \t]+/)
			printf "%-28s lines %7s (%d/%d)  branches %7s (%d/%d)  functions %7s (%d/%d)\n", l,
				f[10], f[8] - f[9], f[8], f[13], f[11] - f[12], f[11], f[7], f[5] - f[6], f[5]
		}'
}
echo
echo "==== coverage of the corpus (html: $cov/html/index.html, summary: $cov/summary.txt)"
figures "core ($core)" "$core"
figures "mock platform (src/platform/*.c)" src/platform/*.c
figures "all of src/" src/
