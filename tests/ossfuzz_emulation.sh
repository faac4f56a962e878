#!/usr/bin/env bash
# OSS-Fuzz by hand (no Docker): runs oss-fuzz/build.sh the way the
# base-builder image would, for each (sanitizer, engine) pair OSS-Fuzz and
# ClusterFuzzLite build, into temporary $OUT/$WORK directories, then checks
# what OSS-Fuzz's check_build / bad_build_check would:
#   * every target is in $OUT and is an x86-64 ELF executable;
#   * it is instrumented: calls to the sanitizer's runtime (__asan_report,
#     __ubsan_handle, __msan_warning) and to the coverage callbacks
#     (__sanitizer_cov) in `objdump -d`, above a threshold; AFL++ builds
#     carry the AFL++ instrumentation (and afl-showmap sees edges);
#     coverage builds carry profile counters;
#   * `target -runs=4` (with its .dict and .options) prints "Done 4 runs";
#     an AFL++ build runs a seed file given as argument;
#   * the seed corpus zip replays with no finding (-runs=0 on the unzipped
#     directory, or every file for AFL++);
#   * nothing depends on the build path: $OUT moved elsewhere runs again.
# Last line: "N passed, N failed".  Exit status 0 when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
check() { # description command...
	local what=$1
	shift
	if "$@" >"$tmp/check.log" 2>&1; then ok "$what"; else bad "$what"; sed 's/^/       /' "$tmp/check.log" | tail -n 8; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ossfuzz-emu.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

COMMON="-O1 -fno-omit-frame-pointer -gline-tables-only"
F_ASAN="-fsanitize=address -fsanitize-address-use-after-scope"
UB_CHECKS=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr
UB_NORECOVER=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr
F_UBSAN="-fsanitize=$UB_CHECKS -fno-sanitize-recover=$UB_NORECOVER"
F_MSAN="-fsanitize=memory -fsanitize-memory-track-origins"
F_COV="-fprofile-instr-generate -fcoverage-mapping -pthread -Wl,--no-as-needed -Wl,-ldl -Wl,-lm -Wno-unused-command-line-argument"
LIBFUZZER="-fsanitize=fuzzer"
AFL_DRIVER=$(ls /usr/lib/afl/libAFLDriver.a /usr/local/lib/afl/libAFLDriver.a 2>/dev/null | head -1)

# The options ClusterFuzz runs each sanitizer with (the relevant part).
export ASAN_OPTIONS=alloc_dealloc_mismatch=0:allocator_may_return_null=1:detect_leaks=1:detect_stack_use_after_return=1:symbolize=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:silence_unsigned_overflow=1:symbolize=1
export MSAN_OPTIONS=halt_on_error=1:symbolize=1
unset OUT WORK SRC CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE SANITIZER FUZZING_ENGINE

# The count of calls to a runtime prefix in the disassembly.
calls() { objdump -d "$1" | grep -cE "call.*<$2"; }
at_least() { # n min what
	echo "$3: $1 (threshold $2)"
	[ "$1" -ge "$2" ]
}

build_pair() { # name sanitizer engine cc cxx cflags lib_fuzzing_engine [targets]
	local name=$1 san=$2 engine=$3 cc=$4 cxx=$5 cflags=$6 lfe=$7 only=${8:-}
	local out=$tmp/$name/out work=$tmp/$name/work
	mkdir -p "$out" "$work"
	echo "== $name: SANITIZER=$san FUZZING_ENGINE=$engine CC=$cc"
	if ! env CC="$cc" CXX="$cxx" CFLAGS="$cflags" CXXFLAGS="$cflags" LIB_FUZZING_ENGINE="$lfe" \
		OUT="$out" WORK="$work" SRC="$tmp/src" SANITIZER="$san" FUZZING_ENGINE="$engine" \
		ARCHITECTURE=x86_64 MF_JOBS=2 AFL_QUIET=1 bash -eu oss-fuzz/build.sh >"$tmp/$name/build.log" 2>&1; then
		bad "$name: oss-fuzz/build.sh"
		tail -n 20 "$tmp/$name/build.log" | sed 's/^/       /'
		return
	fi
	ok "$name: oss-fuzz/build.sh"
	local targets
	targets=$(make -s --no-print-directory OUT="$tmp/make" print-sources | sed -n "s/^MF_TARGETS='\(.*\)'/\1/p")
	[ -n "$only" ] && targets=$only
	local t
	for t in $targets; do
		check "$name/$t: x86-64 ELF executable in \$OUT" is_elf "$out/$t"
		check "$name/$t: instrumented ($san, $engine)" instrumented "$out/$t" "$san" "$engine"
		check "$name/$t: seed corpus, .options present" test -s "$out/${t}_seed_corpus.zip" -a -s "$out/$t.options"
		check "$name/$t: runs" runs "$out" "$t" "$engine" "$san"
		check "$name/$t: seed corpus replays clean" replay_seeds "$out" "$t" "$engine" "$san"
	done
	# Nothing depends on where it was built: move $OUT and run again.
	local moved=$tmp/$name/moved-elsewhere
	mv "$out" "$moved"
	rm -rf "$work"
	for t in $targets; do
		check "$name/$t: runs from a moved \$OUT" runs "$moved" "$t" "$engine" "$san"
		check "$name/$t: seeds replay from a moved \$OUT" replay_seeds "$moved" "$t" "$engine" "$san"
	done
	rm -rf "$tmp/$name"
}

is_elf() {
	[ -x "$1" ] || { echo "missing or not executable: $1"; return 1; }
	file -L "$1" | tee /dev/stderr | grep -q 'ELF 64-bit LSB.*x86-64'
}

instrumented() { # bin sanitizer engine
	local bin=$1 san=$2 engine=$3
	case "$san" in
	address) at_least "$(calls "$bin" __asan_report)" 500 "calls to __asan_report*" || return 1 ;;
	undefined) at_least "$(calls "$bin" __ubsan_handle)" 50 "calls to __ubsan_handle*" || return 1 ;;
	memory) at_least "$(calls "$bin" __msan_warning)" 50 "calls to __msan_warning*" || return 1 ;;
	coverage)
		# Counters are 8 bytes each in __llvm_prf_cnts; the mapping is in
		# __llvm_covfun.
		local size
		size=$(objdump -h "$bin" | awk '$2=="__llvm_prf_cnts"{print $3}')
		at_least "$((16#${size:-0} / 8))" 100 "profile counters (__llvm_prf_cnts)" || return 1
		objdump -h "$bin" | grep -q __llvm_covfun || { echo "no coverage mapping (__llvm_covfun)"; return 1; }
		;;
	esac
	case "$engine/$san" in
	libfuzzer/coverage) ;;
	libfuzzer/*) at_least "$(calls "$bin" __sanitizer_cov)" 100 "calls to __sanitizer_cov*" || return 1 ;;
	afl/*)
		grep -qa __AFL_SHM_ID "$bin" || { echo "no AFL++ runtime (__AFL_SHM_ID)"; return 1; }
		at_least "$(objdump -d "$bin" | grep -c '__afl_area_ptr')" 100 "uses of __afl_area_ptr" || return 1
		local seed
		seed=$(unzip -Z1 "$(dirname "$bin")/$(basename "$bin")_seed_corpus.zip" | head -1)
		unzip -o -q -d "$tmp/showmap-in" "$(dirname "$bin")/$(basename "$bin")_seed_corpus.zip" "$seed"
		AFL_QUIET=1 ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 \
			afl-showmap -q -m none -o "$tmp/showmap" -- "$bin" <"$tmp/showmap-in/$seed"
		at_least "$(wc -l <"$tmp/showmap")" 50 "edges afl-showmap sees on one seed" || return 1
		rm -rf "$tmp/showmap-in" "$tmp/showmap"
		;;
	esac
}

# libFuzzer flags from <target>.options, as ClusterFuzz passes them.
lf_flags() { # out target
	local o=$1/$2.options
	[ -f "$o" ] || return 0
	sed -nE 's/^[ \t]*([a-z_]+)[ \t]*=[ \t]*(.*[^ \t])[ \t]*$/\1 \2/p' "$o" | while read -r k v; do
		case "$k" in dict) echo "-dict=$1/$v" ;; *) echo "-$k=$v" ;; esac
	done
}

runs() { # out target engine sanitizer
	local out=$1 t=$2 engine=$3 san=$4 log
	export LLVM_PROFILE_FILE=$tmp/profraw/$t-%p.profraw
	if [ "$engine" = afl ]; then
		mkdir -p "$tmp/seeds-$t"
		unzip -o -q -d "$tmp/seeds-$t" "$out/${t}_seed_corpus.zip"
		local seed
		seed=$(ls "$tmp/seeds-$t" | head -1)
		log=$("$out/$t" "$tmp/seeds-$t/$seed" 2>&1)
		echo "$log" | tail -3
		rm -rf "$tmp/seeds-$t"
		grep -q 'Execution successful' <<<"$log"
		return
	fi
	if [ "$san" = coverage ]; then
		# A coverage build is never fuzzed (no coverage feedback): it runs
		# the corpus as files and writes a profile, as OSS-Fuzz's coverage
		# job does.  The profile must show the core's lines run.
		mkdir -p "$tmp/seeds-$t"
		unzip -o -q -d "$tmp/seeds-$t" "$out/${t}_seed_corpus.zip"
		log=$("$out/$t" "$tmp/seeds-$t"/* 2>&1) || { echo "$log" | tail -5; return 1; }
		rm -rf "$tmp/seeds-$t"
		ls "$tmp"/profraw/"$t"-*.profraw >/dev/null || { echo "no .profraw written"; return 1; }
		llvm-profdata-14 merge -o "$tmp/$t.profdata" "$tmp"/profraw/"$t"-*.profraw || return 1
		local pct
		pct=$(llvm-cov-14 report "$out/$t" -instr-profile="$tmp/$t.profdata" 2>/dev/null |
			awk '$1 ~ /core_ref\.c$/ {print $10}')
		rm -rf "$tmp/profraw" "$tmp/$t.profdata"
		echo "core_ref.c line coverage from the seeds: ${pct:-none}"
		[ -n "$pct" ] && [ "${pct%%.*}" -gt 0 ]
		return
	fi
	# shellcheck disable=SC2046
	log=$("$out/$t" -runs=4 $(lf_flags "$out" "$t") 2>&1)
	echo "$log" | tail -3
	grep -q 'Done 4 runs' <<<"$log"
}

replay_seeds() { # out target engine sanitizer
	local out=$1 t=$2 engine=$3 log rc
	rm -rf "$tmp/seeds-$t"
	mkdir -p "$tmp/seeds-$t"
	unzip -o -q -d "$tmp/seeds-$t" "$out/${t}_seed_corpus.zip" || return 1
	echo "$(ls "$tmp/seeds-$t" | wc -l) seeds"
	export LLVM_PROFILE_FILE=$tmp/profraw/$t-%p.profraw
	if [ "$engine" = afl ] || [ "$4" = coverage ]; then
		log=$("$out/$t" "$tmp/seeds-$t"/* 2>&1)
	else
		log=$("$out/$t" -runs=0 "$tmp/seeds-$t" 2>&1)
	fi
	rc=$?
	rm -rf "$tmp/seeds-$t" "$tmp/profraw"
	echo "$log" | grep -aE 'violated|ERROR|runtime error|WARNING' | head -5
	echo "$log" | tail -2
	[ $rc -eq 0 ] && ! grep -qaE 'mapfuzz: .* violated|ERROR: |runtime error' <<<"$log"
}

start=$SECONDS
build_pair address-libfuzzer address libfuzzer clang clang++ "$COMMON $F_ASAN -fsanitize=fuzzer-no-link" "$LIBFUZZER"
build_pair undefined-libfuzzer undefined libfuzzer clang clang++ "$COMMON $F_UBSAN -fsanitize=fuzzer-no-link" "$LIBFUZZER"
build_pair memory-libfuzzer memory libfuzzer clang clang++ "$COMMON $F_MSAN -fsanitize=fuzzer-no-link" "$LIBFUZZER" fuzz_map
if command -v afl-clang-fast >/dev/null && [ -n "$AFL_DRIVER" ]; then
	build_pair address-afl address afl afl-clang-fast afl-clang-fast++ "$COMMON $F_ASAN" "$AFL_DRIVER"
else
	bad "address-afl: AFL++ missing (afl-clang-fast, libAFLDriver.a: apt-get install afl++)"
fi
build_pair coverage-libfuzzer coverage libfuzzer clang clang++ "$COMMON $F_COV" "$LIBFUZZER" fuzz_map

echo "ossfuzz emulation: $((SECONDS - start))s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
