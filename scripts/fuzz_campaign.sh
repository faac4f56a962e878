#!/usr/bin/env bash
# A fuzzing campaign with the engines' own parallelism (docs/ENGINES.md).
#
#   ./build.sh fuzz [--engine libfuzzer|afl] [--time SECONDS] [--jobs N]
#                   [--core FILE] [--target NAME]
#   ./build.sh fuzz --driver DIR [--engine E] [--time S] [--jobs N] [--known F]
#
# Defaults: libFuzzer, 60 s, every core, the reference core, fuzz_map.
# --driver DIR fuzzes a miniport driver (fuzz_driver, docs/DRIVERS.md):
# work/fuzz_driver-<engine>-<driver>/, seeded from DIR/mapfuzz/*.mfd or the
# review's conformance programs (corpus/driver/), triaged by
# scripts/driver_triage.py into triage/ (report.md, findings.json,
# findings.sarif, repro/); --known F (or MAPFUZZ_KNOWN) lists rows that
# are not crashes.
# Work directory work/<target>-<engine>/ keeps the grown corpus across runs:
#   corpus/    the corpus, seeded from the repository's seeds, merged into
#   run/       this run: engine logs, engine output, artifacts (cleared)
#   crashes/   this run's findings, one file each (cleared)
#   triage/    `mapfuzz triage` output, when the CLI has that command
# Prints one progress line about every 5 s (the engine's freshest figures:
# libFuzzer's status lines, AFL++'s StatsD metrics) and a summary at the end.
# Exit status: 0 no findings, 1 findings, 2 usage or build error.
#
# MF_OUT=dir builds into dir instead of out/ (cores: dir/cores/<name>);
# MF_WORK=dir keeps the work directories there instead of work/.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/campaign_lib.sh

die() { echo "fuzz: $*" >&2; exit 2; }

engine=libfuzzer
seconds=60
jobs=$(nproc 2>/dev/null || echo 1)
core=
target=fuzz_map
driver=
known=${MAPFUZZ_KNOWN:-}
while [ $# -gt 0 ]; do
	case "$1" in
	--engine) engine=${2:-}; shift 2 || die "--engine takes libfuzzer or afl" ;;
	--engine=*) engine=${1#*=}; shift ;;
	--time) seconds=${2:-}; shift 2 || die "--time takes seconds" ;;
	--time=*) seconds=${1#*=}; shift ;;
	--jobs) jobs=${2:-}; shift 2 || die "--jobs takes a number" ;;
	--jobs=*) jobs=${1#*=}; shift ;;
	--core) core=${2:-}; shift 2 || die "--core takes a file" ;;
	--core=*) core=${1#*=}; shift ;;
	--target) target=${2:-}; shift 2 || die "--target takes a name" ;;
	--target=*) target=${1#*=}; shift ;;
	--driver) driver=${2:-}; shift 2 || die "--driver takes a directory" ;;
	--driver=*) driver=${1#*=}; shift ;;
	--known) known=${2:-}; shift 2 || die "--known takes a file" ;;
	--known=*) known=${1#*=}; shift ;;
	-h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1' (try ./build.sh fuzz --help)" ;;
	esac
done
case "$engine" in libfuzzer | afl) ;; *) die "--engine is libfuzzer or afl, not '$engine'" ;; esac
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || die "--time takes a positive number of seconds"
if [ -n "$driver" ]; then
	[ -d "$driver" ] || die "--driver $driver: not a directory"
	[ -n "$(ls "$driver"/*.c 2>/dev/null)" ] || die "--driver $driver: no .c file"
	target=fuzz_driver
fi
if [ -n "$known" ]; then
	[ -f "$known" ] || die "--known $known: no such file"
	known=$(realpath "$known")
	export MAPFUZZ_KNOWN=$known
fi
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs takes a positive number"
target=${target#fuzz_}
target=fuzz_$target
[ -f "fuzz/$target.c" ] || die "no target '$target' (fuzz/$target.c)"

base=${MF_OUT:-out}
if [ -n "$core" ]; then
	[ -f "$core" ] || die "no core file '$core'"
	name=$(basename "$core" .c)
	bout=$base/cores/$name
	mk=(make -s -j"$(nproc)" OUT="$bout" OBJ="$base/obj" CORE="$core")
else
	core=${CORE:-src/core/core_ref.c}
	bout=$base
	mk=(make -s -j"$(nproc)" OUT="$bout" CORE="$core")
fi

# ---- build --------------------------------------------------------------
if [ -n "$driver" ]; then
	dname=$(basename "$(realpath "$driver")")
	dout=$bout/drivers/$dname
	mkd=("${mk[@]}" DRIVER="$driver")
	# The libFuzzer build replays and minimises for the triage, with either engine.
	"${mkd[@]}" fuzz-driver 2>"$bout/fuzz_driver-$dname.build.log" || { tail -5 "$bout/fuzz_driver-$dname.build.log" >&2; die "build failed (log $bout/fuzz_driver-$dname.build.log)"; }
	replay_bin=$dout/fuzz_driver
	bin=$replay_bin
	if [ "$engine" = afl ]; then
		command -v afl-fuzz >/dev/null || die "afl-fuzz missing: apt-get install afl++"
		"${mkd[@]}" fuzz-driver-afl 2>>"$bout/fuzz_driver-$dname.build.log" || die "AFL++ build failed (log $bout/fuzz_driver-$dname.build.log)"
		bin=$dout/afl/fuzz_driver
		cmplog=$dout/afl-cmplog/fuzz_driver
		if [ -f "$bout/afl/driver_mutator.so" ]; then
			so=$bout/afl/driver_mutator.so
			[[ $so = /* ]] || so=$PWD/$so
			export AFL_CUSTOM_MUTATOR_LIBRARY=$so
			# The registers the driver reads, from the target to the mutator.
			export MAPFUZZ_DRIVER_HINTS=$PWD/$bout/fuzz_driver-$dname.hints
			[[ $bout = /* ]] && MAPFUZZ_DRIVER_HINTS=$bout/fuzz_driver-$dname.hints
		fi
	fi
elif [ "$engine" = afl ]; then
	command -v afl-fuzz >/dev/null || die "afl-fuzz missing: apt-get install afl++"
	bin=$bout/afl/$target
	cmplog=$bout/afl-cmplog/$target
	"${mk[@]}" "$bin" "$cmplog" "$bout/mapfuzz" "$bout/afl/mapfuzz_mutator.so" corpus || die "build failed"
	# fuzz_map's structural mutator (docs/ENGINES.md); libFuzzer has it built in.
	so=$bout/afl/mapfuzz_mutator.so
	[[ $so = /* ]] || so=$PWD/$so
	if [ "$target" = fuzz_map ]; then export AFL_CUSTOM_MUTATOR_LIBRARY=$so; fi
else
	bin=$bout/$target
	"${mk[@]}" "$bin" "$bout/mapfuzz" corpus || die "build failed"
fi

# ---- work directory -----------------------------------------------------
wd=${MF_WORK:-work}/$target-$engine
[ -n "$driver" ] && wd=${MF_WORK:-work}/$target-$engine-$dname
run=$wd/run
rm -rf "$run" "$wd/crashes" "$wd/triage"
mkdir -p "$wd/corpus" "$run" "$wd/crashes"

# Seeds join the corpus (content-named, so re-seeding adds nothing twice).
add_to_corpus() { # files...
	local f h
	for f in "$@"; do
		[ -f "$f" ] || continue
		h=$(sha1sum <"$f" | cut -c1-40)
		[ -e "$wd/corpus/$h" ] || cp "$f" "$wd/corpus/$h"
	done
}
case "$target" in
fuzz_map) add_to_corpus "$bout"/corpus/fuzz_map/*.bin ;;
fuzz_script) add_to_corpus corpus/map/*.mfs ;;
fuzz_driver)
	# The driver's own device programs, else the review's conformance set,
	# in byte form (fuzz_driver converts).
	mkdir -p "$run/seeds"
	progs=("$driver"/mapfuzz/*.mfd)
	[ -f "${progs[0]}" ] || progs=(corpus/driver/*.mfd)
	for p in "${progs[@]}"; do
		MAPFUZZ_DRIVER_CONVERT="$run/seeds/$(basename "$p" .mfd).bin" "$replay_bin" "$p" >/dev/null ||
			die "seed $p does not load"
	done
	add_to_corpus "$run"/seeds/*.bin
	# The registry keywords the driver reads, for the structural mutator.
	kw=$(cat "$driver"/*.c "$driver"/*.h 2>/dev/null | grep -oE '(NDIS_STRING_CONST|RTL_CONSTANT_STRING)\(L?"[A-Za-z0-9_*]+"\)' |
		sed -E 's/.*"(.*)".*/\1/' | sort -u | head -32 | paste -sd, -)
	[ -n "$kw" ] && export MAPFUZZ_DRIVER_KEYWORDS=$kw
	;;
esac
# AFL++ wants at least one input.
[ -n "$(ls -A "$wd/corpus")" ] || printf '\0' >"$wd/corpus/empty"
corpus_before=$(find "$wd/corpus" -type f | wc -l)

dicts=()
for d in "corpus/$target.dict" "corpus/${target#fuzz_}.dict"; do
	[ -f "$d" ] && dicts+=("$d") && break
done

# max_len from the options kept beside the corpus (as OSS-Fuzz reads them).
max_len=$(sed -nE 's/^max_len *= *([0-9]+).*/\1/p' "corpus/$target.options" 2>/dev/null | head -1)
max_len=${max_len:-4096}

echo "fuzz: $target with $engine, ${seconds}s, $jobs job(s), ${driver:+driver $driver, }core $core${known:+, known rows $known}"
echo "fuzz: corpus $wd/corpus ($corpus_before files), logs in $run/${dicts:+, dictionary ${dicts[0]}}"

# ---- run ----------------------------------------------------------------
pids=()
statsd_pid=
cleanup() {
	local p
	for p in "${pids[@]}" $statsd_pid; do kill "$p" 2>/dev/null; done
}
trap 'cleanup; exit 130' INT TERM

start=$SECONDS
execs=0 eps=0 edges=0 corpus_now=$corpus_before crashes=0

if [ "$engine" = libfuzzer ]; then
	# New units land in run/new (the first corpus directory); the corpus is
	# only read, and the finds are merged into it afterwards.
	mkdir -p "$run/new" "$run/artifacts"
	opts=(-fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
		-max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
		-artifact_prefix="$run/artifacts/" -print_final_stats=1)
	[ ${#dicts[@]} -gt 0 ] && opts+=(-dict="${dicts[0]}")
	ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
		"$bin" "${opts[@]}" "$run/new" "$wd/corpus" >"$run/libfuzzer.log" 2>&1 &
	pids+=($!)
	count_crashes() { find "$run/artifacts" -type f | wc -l; }
	stats() { lf_progress "$run/libfuzzer.log"; }
else
	export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
	# afl-fuzz insists on these for ASan/UBSan targets; leaks are left to
	# the replay, since a persistent process only exits at the end.
	export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=1
	export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:symbolize=0
	xs=()
	[ ${#dicts[@]} -gt 0 ] && xs=(-x "${dicts[0]}")
	afl_stats_start "$run/statsd" $((seconds + 90))
	# The CPUs this process may run on (taskset or cgroups may allow fewer
	# than the machine has): Cpus_allowed_list is like 0-3,6.
	cpus=()
	IFS=, read -ra ranges < <(awk '/^Cpus_allowed_list/{print $2}' /proc/self/status)
	for r in "${ranges[@]}"; do
		for ((c = ${r%-*}; c <= ${r#*-}; c++)); do cpus+=("$c"); done
	done
	for ((i = 0; i < jobs; i++)); do
		if [ $i -eq 0 ]; then role=(-M main); inst=main; else role=(-S "s$i"); inst=s$i; fi
		cm=()
		# The CMPLOG binary: the first secondary, or the main when alone.
		if { [ "$jobs" -eq 1 ] && [ $i -eq 0 ]; } || { [ "$jobs" -gt 1 ] && [ $i -eq 1 ]; }; then
			cm=(-c "$cmplog")
		fi
		# Each instance on a CPU of its own: afl-fuzz, its fork server and
		# the target hand over every execution, which costs several times
		# less on one CPU (docs/BENCH.md).  Past the CPUs, or when the caller
		# set AFL_NO_AFFINITY, instances float.
		bind=() float=()
		if [ -n "${AFL_NO_AFFINITY:-}" ]; then :
		elif [ "$jobs" -le "${#cpus[@]}" ]; then bind=(-b "${cpus[$i]}")
		else float=(env AFL_NO_AFFINITY=1); fi
		"${float[@]}" afl-fuzz "${role[@]}" -T "$inst" "${bind[@]}" -i "$wd/corpus" -o "$run/afl" -V "$seconds" \
			-m none -t 1000+ "${xs[@]}" "${cm[@]}" -- "$bin" >"$run/afl-$inst.log" 2>&1 &
		pids+=($!)
		# The main creates the output directory; let it go first.
		[ $i -eq 0 ] && sleep 1
	done
	stats() { afl_progress "$run/afl" "$run/statsd"; }
	count_crashes() { find "$run"/afl/*/crashes "$run"/afl/*/hangs -type f -name 'id:*' 2>/dev/null | wc -l; }
fi

alive() {
	local p
	for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done
	return 1
}
deadline=$((start + seconds + 60))
last=$start
while alive; do
	sleep 1
	if [ $((SECONDS - last)) -ge 5 ]; then
		last=$SECONDS
		stats
		progress_line $((SECONDS - start)) "$(count_crashes)"
	fi
	if [ $SECONDS -gt $deadline ]; then
		echo "fuzz: engine overran its time by 60 s; stopping it" >&2
		cleanup
	fi
done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
elapsed=$((SECONDS - start))
# AFL++ writes fuzzer_stats as it exits: the exact totals.
if [ "$engine" = afl ]; then afl_progress "$run/afl" ""; else stats; fi
[ -n "$statsd_pid" ] && kill "$statsd_pid" 2>/dev/null
if [ "$engine" = afl ] && [ ! -f "$run/afl/main/fuzzer_stats" ]; then
	echo "fuzz: afl-fuzz did not start; the end of $run/afl-main.log:" >&2
	tail -n 15 "$run/afl-main.log" | sed 's/^/    /' >&2
	exit 2
fi
if [ "$engine" = libfuzzer ] && [ "$execs" = 0 ]; then
	echo "fuzz: libFuzzer did not start; the end of $run/libfuzzer.log:" >&2
	tail -n 15 "$run/libfuzzer.log" | sed 's/^/    /' >&2
	exit 2
fi

# ---- merge the finds back -----------------------------------------------
echo "fuzz: merging new inputs into $wd/corpus"
if [ "$engine" = libfuzzer ]; then
	mkdir -p "$run/merged"
	ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
		"$bin" -merge=1 -max_len="$max_len" -timeout=10 -artifact_prefix="$run/artifacts/" \
		"$run/merged" "$wd/corpus" "$run/new" >"$run/merge.log" 2>&1 ||
		echo "fuzz: merge failed (see $run/merge.log); the corpus keeps what it had" >&2
	if [ -n "$(ls -A "$run/merged")" ]; then
		rm -rf "$wd/corpus.old" && mv "$wd/corpus" "$wd/corpus.old" && mv "$run/merged" "$wd/corpus" &&
			rm -rf "$wd/corpus.old"
	fi
else
	mkdir -p "$run/cmin-in"
	for f in "$wd"/corpus/* "$run"/afl/*/queue/id:*; do
		[ -f "$f" ] || continue
		h=$(sha1sum <"$f" | cut -c1-40)
		cp "$f" "$run/cmin-in/$h"
	done
	if afl_minimize "$run/cmin-in" "$run/cmin-out" "$run/cmin.log" "$bin"; then
		rm -rf "$wd/corpus.old" && mv "$wd/corpus" "$wd/corpus.old" && mv "$run/cmin-out" "$wd/corpus" &&
			rm -rf "$wd/corpus.old"
	else
		echo "fuzz: afl-cmin failed (see $run/cmin.log); adding the queue unminimised" >&2
		cp -n "$run"/cmin-in/* "$wd/corpus/" 2>/dev/null
	fi
fi
corpus_after=$(find "$wd/corpus" -type f | wc -l)

# ---- findings -----------------------------------------------------------
if [ "$engine" = libfuzzer ]; then
	find "$run/artifacts" -type f -exec cp {} "$wd/crashes/" \;
else
	for d in "$run"/afl/*/crashes "$run"/afl/*/hangs; do
		[ -d "$d" ] || continue
		inst=$(basename "$(dirname "$d")")
		kind=crash
		[ "$(basename "$d")" = hangs ] && kind=timeout
		for f in "$d"/id:*; do
			[ -f "$f" ] || continue
			h=$(sha1sum <"$f" | cut -c1-12)
			cp "$f" "$wd/crashes/$kind-$inst-$h"
		done
	done
fi
nfind=$(find "$wd/crashes" -type f | wc -l)

echo
echo "==== fuzz summary: $target, $engine, ${driver:+driver $driver, }core $core"
printf 'time:        %ds (%d job%s)\n' "$elapsed" "$jobs" "$([ "$jobs" -eq 1 ] || echo s)"
printf 'executions:  %s (%s exec/s)\n' "$execs" "$((elapsed > 0 ? execs / elapsed : 0))"
if [ "$engine" = libfuzzer ]; then
	printf 'edges:       %s (libFuzzer cov:)\n' "$edges"
else
	cvg=$(awk '$1=="bitmap_cvg"{print $3}' "$run/afl/main/fuzzer_stats" 2>/dev/null)
	printf 'edges:       %s (AFL++ edges_found, bitmap %s)\n' "$edges" "${cvg:-?}"
fi
printf 'corpus:      %s files (%s before the run) in %s\n' "$corpus_after" "$corpus_before" "$wd/corpus"

if [ "$nfind" -eq 0 ]; then
	echo "findings:    none"
	exit 0
fi

if [ -n "$driver" ]; then
	echo "findings:    $nfind file(s) in $wd/crashes; triage by cause:"
	python3 scripts/driver_triage.py --bin "$replay_bin" --driver "$driver" --crashes "$wd/crashes" \
		--out "$wd/triage" --summary "fuzz_driver, $engine, ${elapsed}s, $jobs job(s), $execs executions" | sed 's/^/  /'
	exit 1
fi

if "$bout/mapfuzz" help 2>/dev/null | grep -qw triage; then
	echo "findings:    $nfind file(s) in $wd/crashes; triage:"
	# One line per bucket here; every input is listed in the report.
	"$bout/mapfuzz" triage "$wd/crashes" --core "$core" --out "$wd/triage" 2>&1 | grep -v '^FOUND ' | sed 's/^/  /'
	exit 1
fi

# Our own grouping: replay each file through the target binary (the AFL++
# build replays the files it is given) and bucket by the first
# "mapfuzz: ID violated" line or the sanitizer's error kind.
bucket_of() { # file -> one bucket name on stdout, the example line in $example
	local f=$1 err rc b=
	case "$(basename "$f")" in
	timeout-*) echo TIMEOUT; return ;;
	oom-*) echo OOM; return ;;
	esac
	err=$(ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:symbolize=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		timeout 60 "$bin" "$f" 2>&1 >/dev/null)
	rc=$?
	b=$(grep -a -m1 -oE '^mapfuzz: [A-Z0-9-]+ violated' <<<"$err" | awk '{print $2}')
	[ -z "$b" ] && b=$(grep -a -m1 -oE 'ERROR: AddressSanitizer: [a-zA-Z0-9_-]+' <<<"$err" | sed 's/.*: /SANITIZER asan /')
	[ -z "$b" ] && grep -aq 'ERROR: LeakSanitizer' <<<"$err" && b="SANITIZER leak"
	[ -z "$b" ] && b=$(grep -a -m1 -oE 'runtime error: [a-z -]+' <<<"$err" | sed 's/runtime error: /SANITIZER ubsan /; s/ *$//')
	[ -z "$b" ] && b=$(grep -a -m1 -oE 'WARNING: MemorySanitizer: [a-zA-Z0-9_-]+' <<<"$err" | sed 's/.*: /SANITIZER msan /')
	[ -z "$b" ] && b=$(grep -a -m1 -E '^fuzz_[a-z]+: ' <<<"$err" | cut -c1-70)
	[ -z "$b" ] && [ $rc -eq 124 ] && b=TIMEOUT
	[ -z "$b" ] && [ $rc -eq 0 ] && b="NOT-REPRODUCED"
	[ -z "$b" ] && b="UNKNOWN (exit $rc)"
	echo "$b"
}
echo "findings:    $nfind file(s) in $wd/crashes"
declare -A files=()
order=()
for f in "$wd"/crashes/*; do
	b=$(bucket_of "$f")
	[ -z "${files[$b]+x}" ] && order+=("$b")
	files[$b]+="$f"$'\n'
done
for b in "${order[@]}"; do
	n=$(printf '%s' "${files[$b]}" | grep -c .)
	echo "  $b ($n)"
	printf '%s' "${files[$b]}" | sed 's/^/    /'
done
exit 1
