#!/bin/bash -eu
# Copyright 2026 The mapfuzz Authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
################################################################################
# OSS-Fuzz / ClusterFuzzLite build script (the base-builder contract).
#
# Honours CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE OUT SRC WORK SANITIZER
# FUZZING_ENGINE: the library and the targets are compiled with $CC $CFLAGS,
# linked with $CXX $CXXFLAGS $LIB_FUZZING_ENGINE.  Works for libFuzzer
# (address, undefined, memory), AFL++ (address), coverage and introspector
# (-flto in CFLAGS: nothing here archives, so no ar is involved).
#
# The source lists and the shipped targets (fuzz_map, fuzz_script; not the
# bench's fuzz_naive) come from the Makefile (make print-sources), never
# from here.  For every target $OUT gets: the binary,
# <target>_seed_corpus.zip, <target>.dict (when corpus/ has one) and
# <target>.options.
#
# Run from the repository root, or from anywhere with the repository at
# $SRC/mapfuzz (OSS-Fuzz runs it as $SRC/build.sh beside the clone).
# tests/ossfuzz_emulation.sh runs it by hand.

if [ -f Makefile ] && [ -f fuzz/fuzz_map.c ]; then
	REPO=$PWD
else
	REPO=$SRC/mapfuzz
fi
cd "$REPO"
WORK=${WORK:-/tmp}
SANITIZER=${SANITIZER:-address}
FUZZING_ENGINE=${FUZZING_ENGINE:-libfuzzer}
JOBS=${MF_JOBS:-$(nproc)}

# MF_LIB_SRCS, MF_CLI_SRCS, MF_FUZZ_COMMON, MF_TARGETS, MF_CFLAGS.  OUT and
# the compiler variables are the Makefile's too, so give it its own OUT and
# keep the environment's CFLAGS away from it.
eval "$(env -u CFLAGS -u CXXFLAGS -u MAKEFLAGS make -s --no-print-directory \
	OUT="$WORK/mapfuzz-make" print-sources)"

obj=$WORK/mapfuzz-obj
rm -rf "$obj"
mkdir -p "$obj" "$OUT"

# Compile in parallel, at most $JOBS at once.
# The Makefile's tracing policy in libFuzzer builds: coverage only where it
# is signal (the core, the model, the script parser), cmp tracing not in the
# model (docs/BENCH.md, "Where the time goes").  Other engines and the
# coverage build take $CFLAGS as they are.
tracing_flags() {
	[ "$FUZZING_ENGINE" = libfuzzer ] && [[ $CFLAGS == *fuzzer-no-link* ]] || return 0
	case " $MF_UNTRACED_SRCS " in *" $1 "*) echo -fno-sanitize=fuzzer-no-link; return ;; esac
	case " $MF_NOCMP_SRCS " in *" $1 "*) echo -fno-sanitize-coverage=trace-cmp ;; esac
}

objects=()
running=0
compile() { # src -> $obj/<path with _>.o
	local o=$obj/$(echo "${1%.c}" | tr / _).o
	objects+=("$o")
	# shellcheck disable=SC2086  # the flags are word lists
	$CC $CFLAGS $(tracing_flags "$1") $MF_CFLAGS -c "$1" -o "$o" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
}
for src in $MF_LIB_SRCS $MF_FUZZ_COMMON; do compile "$src"; done
lib_objects=("${objects[@]}")
for t in $MF_TARGETS; do compile "fuzz/$t.c"; done
while [ "$running" -gt 0 ]; do
	wait -n
	running=$((running - 1))
done

for t in $MF_TARGETS; do
	# shellcheck disable=SC2086
	$CXX $CXXFLAGS "$obj/fuzz_$t.o" "${lib_objects[@]}" $LIB_FUZZING_ENGINE -o "$OUT/$t"
done

# Seeds: fuzz_map's are assembled from the scripts by the CLI, built for
# the build machine (no sanitizer, no engine, no coverage).
HOST_CC=${HOST_CC:-$(command -v clang || command -v cc)}
# shellcheck disable=SC2086
env -u CFLAGS "$HOST_CC" -O1 $MF_CFLAGS $MF_CLI_SRCS $MF_LIB_SRCS -o "$WORK/mapfuzz-host"
seeds=$WORK/mapfuzz-seeds
rm -rf "$seeds"
mkdir -p "$seeds/fuzz_map" "$seeds/fuzz_script"
for mfs in corpus/map/*.mfs; do
	name=$(basename "$mfs" .mfs)
	"$WORK/mapfuzz-host" asm "$mfs" >"$seeds/fuzz_map/$name.bin"
	cp "$mfs" "$seeds/fuzz_script/"
done

for t in $MF_TARGETS; do
	rm -f "$OUT/${t}_seed_corpus.zip"
	if [ -n "$(ls -A "$seeds/$t" 2>/dev/null)" ]; then
		(cd "$seeds/$t" && zip -q -j "$OUT/${t}_seed_corpus.zip" ./*)
	fi
	for d in "corpus/$t.dict" "corpus/${t#fuzz_}.dict"; do
		if [ -f "$d" ]; then
			cp "$d" "$OUT/$t.dict"
			break
		fi
	done
	# The options kept beside the corpus, else a default: a program is at
	# most 4096 bytes (MF_PROGRAM_MAX_BYTES).
	if [ -f "corpus/$t.options" ]; then
		cp "corpus/$t.options" "$OUT/$t.options"
	else
		{
			echo "[libfuzzer]"
			echo "max_len = 4096"
			if [ -f "$OUT/$t.dict" ]; then echo "dict = $t.dict"; fi
		} >"$OUT/$t.options"
	fi
done
echo "mapfuzz: built $MF_TARGETS into $OUT ($FUZZING_ENGINE, $SANITIZER)"
