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
# scripts/oss_fuzz_driver.sh DRIVER_DIR [NAME]
# The OSS-Fuzz / ClusterFuzzLite build of fuzz_driver for a driver
# repository (templates/driver-ci/, docs/DRIVERS.md "CI for a driver
# repository"): the base-builder contract (CC CXX CFLAGS CXXFLAGS
# LIB_FUZZING_ENGINE OUT WORK SANITIZER FUZZING_ENGINE), run from mapfuzz's
# clone.  $OUT gets fuzz_driver_<NAME> (NAME: the directory's name), its
# seed corpus (DRIVER_DIR/mapfuzz/*.mfd, else the review's conformance
# programs, in byte form) and .options.  DRIVER_CFLAGS: the driver's own
# -I/-D.  The source lists come from the Makefile (make print-driver-sources).
# Driver files are compiled unchanged against include/ddk with the engine's
# tracing; mapfuzz's own sources without it (libFuzzer builds).
MF=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] && [ -d "$1" ] || { echo "usage: oss_fuzz_driver.sh DRIVER_DIR [NAME]" >&2; exit 2; }
DIR=$(cd "$1" && pwd)
NAME=${2:-$(basename "$DIR")}
WORK=${WORK:-/tmp}
FUZZING_ENGINE=${FUZZING_ENGINE:-libfuzzer}
DRIVER_CFLAGS=${DRIVER_CFLAGS:-}
cd "$MF"
eval "$(env -u CFLAGS -u CXXFLAGS -u MAKEFLAGS make -s --no-print-directory OUT="$WORK/mapfuzz-make" print-driver-sources)"

obj=$WORK/fuzz_driver-$NAME-obj
rm -rf "$obj"
mkdir -p "$obj" "$OUT"
# mapfuzz's own sources carry no coverage: libFuzzer's tracing is turned
# off for them; for AFL++ they are compiled by plain clang (as the
# Makefile's CC_UNTRACED_afl), which also keeps the edge count inside the
# map a run outside afl-fuzz has.
untraced= ucc=$CC
if [ "$FUZZING_ENGINE" = libfuzzer ] && [[ $CFLAGS == *fuzzer-no-link* ]]; then untraced=-fno-sanitize=fuzzer-no-link; fi
if [ "$FUZZING_ENGINE" = afl ] && command -v clang >/dev/null; then ucc=clang; fi

objects=()
cc() { # compiler out src flags...
	local c=$1 o=$obj/$2 src=$3
	shift 3
	# shellcheck disable=SC2086  # word lists
	$c $CFLAGS "$@" -c "$src" -o "$o"
	objects+=("$o")
}
for src in $MF_RUNNER_SRCS $MF_FD_SRCS; do
	t=$untraced c=$ucc
	case " $MF_FD_TRACED " in *" $src "*) t= c=$CC ;; esac
	# shellcheck disable=SC2086
	cc "$c" "mf_$(echo "${src%.c}" | tr / _).o" "$src" $t $MF_CFLAGS
done
# shellcheck disable=SC2086
cc "$ucc" mf_core_renamed.o "$MF_REF_CORE" $untraced $MF_CFLAGS $MF_CORE_RENAMES
for src in $MF_DDK_SRCS; do
	# shellcheck disable=SC2086
	cc "$ucc" "ddk_$(basename "${src%.c}").o" "$src" $untraced $MF_DDK_CFLAGS
done
# The driver: its .data/.bss renamed so that the runner restores them
# before every input (as the Makefile's DRV_RENAME).
shopt -s nullglob
files=("$DIR"/*.c)
[ ${#files[@]} -gt 0 ] || { echo "oss_fuzz_driver.sh: no .c file in $DIR" >&2; exit 2; }
for src in "${files[@]}"; do
	o=drv_$(basename "${src%.c}").o
	# shellcheck disable=SC2086
	cc "$CC" "$o" "$src" -std=gnu11 $MF_DRIVER_SAN -Iinclude/ddk -I"$DIR" $DRIVER_CFLAGS
	renames=$(objdump -h "$obj/$o" | awk '$2 ~ /^\.(data|bss)($|\.)/ && $2 !~ /rel\.ro/ { t = ($2 ~ /^\.bss/) ? "mfdrv_bss" : "mfdrv_data"; printf " --rename-section %s=%s", $2, t }')
	# shellcheck disable=SC2086
	[ -z "$renames" ] || objcopy $renames "$obj/$o"
done
target=fuzz_driver_$NAME
# shellcheck disable=SC2086
$CXX $CXXFLAGS "${objects[@]}" $LIB_FUZZING_ENGINE -ldl -o "$OUT/$target"

# Seeds: the driver's own device programs, else the conformance set, in
# byte form (the target converts: MAPFUZZ_DRIVER_CONVERT).
seeds=$WORK/$target-seeds
rm -rf "$seeds"
mkdir -p "$seeds"
progs=("$DIR"/mapfuzz/*.mfd)
[ ${#progs[@]} -gt 0 ] || progs=("$MF"/corpus/driver/*.mfd)
for p in "${progs[@]}"; do
	MAPFUZZ_DRIVER_CONVERT="$seeds/$(basename "$p" .mfd).bin" "$OUT/$target" "$p" >/dev/null 2>&1 ||
		echo "oss_fuzz_driver.sh: could not convert $p (seed left out)" >&2
done
rm -f "$OUT/${target}_seed_corpus.zip"
if [ -n "$(ls -A "$seeds")" ]; then (cd "$seeds" && zip -q -j "$OUT/${target}_seed_corpus.zip" ./*); fi
printf '[libfuzzer]\nmax_len = 4096\n' >"$OUT/$target.options"
echo "mapfuzz: built $target for $DIR into $OUT ($FUZZING_ENGINE, ${SANITIZER:-address})"
