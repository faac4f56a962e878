#!/usr/bin/env bash
# The kill test (Magma style): every seeded bug must be caught, under its ID.
#
# For each tests/bugs/<name>.patch (a seeded bug: a patch against
# src/core/core_ref.c with "expect: <ID>" in its header) make applies the
# patch to a copy, out/bugs/<name>.c, and fails loudly if it no longer
# applies; the CLI is built against that core, sharing the non-core objects
# with the main build:
#
#   make -s OUT=out/cores/<name> OBJ=out/obj CORE=out/bugs/<name>.c out/cores/<name>/mapfuzz
#
# then `replay` and, if replay does not already report the ID, `sweep` run on
# the binary seeds out/corpus/fuzz_map/*.bin.  A core is KILLED when a verdict
# line says "mapfuzz: <ID> violated", else it SURVIVED.  Each seed runs in a
# child, so a core that trips a sanitizer gets "mapfuzz: SANITIZER violated"
# for that seed and every later seed still gets its verdict.  The reference core is
# built the same way first and must report nothing at all: otherwise every
# "kill" would mean nothing.
#
#   tests/kill.sh [NAME...]      only the named cores (default: all)
#
# One line per core, then "N passed, N failed"; exit 1 if anything survived.
# Environment: OUT (default out), KILL_JOBS (parallel builds, default 2),
# KILL_SEEDS (a glob of binary seeds instead of $OUT/corpus/fuzz_map/*.bin).
set -uo pipefail
cd "$(dirname "$0")/.."
. tests/bugs/lib.sh

ROOT=${OUT:-out}
JOBS=${KILL_JOBS:-2}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
unset OUT

start=$SECONDS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The shared objects, the CLI and the binary seeds; nothing to do after
# ./build.sh.  Building them once here keeps the parallel per-core builds
# below from racing to rebuild a shared object.
if ! make -s -j"$JOBS" OUT="$ROOT" corpus bugs >"$tmp/main-build.log" 2>&1; then
	cat "$tmp/main-build.log"
	echo "kill.sh: the main build failed"
	echo "0 passed, 1 failed"
	exit 1
fi
# KILL_SEEDS (a glob) narrows the seeds, e.g. to prove a subset suffices.
# shellcheck disable=SC2206
seeds=(${KILL_SEEDS:-$ROOT/corpus/fuzz_map/*.bin})
[ -e "${seeds[0]}" ] || { echo "kill.sh: no seeds in $ROOT/corpus/fuzz_map"; echo "0 passed, 1 failed"; exit 1; }

# build NAME CORE: the CLI against CORE in $ROOT/cores/NAME.
build() {
	make -s OUT="$ROOT/cores/$1" OBJ="$ROOT/obj" CORE="$2" "$ROOT/cores/$1/mapfuzz"
}

# ids FILE: the distinct IDs of the verdict lines in FILE, space separated.
ids() {
	sed -n 's/.*mapfuzz: \([A-Z][A-Z-]*\) violated.*/\1/p' "$1" | sort -u | tr '\n' ' ' | sed 's/ $//'
}

# first_file FILE ID: the seed of the first verdict line naming ID.
first_file() {
	grep -m1 "mapfuzz: $2 violated" "$1" | sed -n 's/^FAIL \([^:]*\):.*/\1/p'
}

# check NAME: one core, result line in $tmp/NAME.result ("K ..." or "S ...").
check() {
	local name=$1 src=$ROOT/bugs/$1.c want bin log
	want=$(bug_expect "$name")
	if [ -z "$want" ]; then
		echo "S SURVIVED $name: no 'expect: <ID>' in tests/bugs/$name.patch" >"$tmp/$name.result"
		return
	fi
	if ! build "$name" "$src" >"$tmp/$name.build" 2>&1; then
		echo "S SURVIVED $name: expected $want, saw a build failure (see below)" >"$tmp/$name.result"
		sed 's/^/    /' "$tmp/$name.build" | tail -n 5 >>"$tmp/$name.result"
		return
	fi
	bin=$ROOT/cores/$name/mapfuzz
	for how in replay sweep; do
		log=$tmp/$name.$how
		timeout 120 "$bin" "$how" "${seeds[@]}" >"$log" 2>&1
		if grep -q "mapfuzz: $want violated" "$log"; then
			echo "K KILLED $name: $want (by $how, $(first_file "$log" "$want"))" >"$tmp/$name.result"
			return
		fi
	done
	local saw
	saw=$( (ids "$tmp/$name.replay"; echo; ids "$tmp/$name.sweep") | tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ' | sed 's/ $//')
	grep -q -E 'ERROR|Sanitizer|runtime error' "$tmp/$name.replay" "$tmp/$name.sweep" && saw+="(and a sanitizer or load error) "
	echo "S SURVIVED $name: expected $want, saw ${saw:-nothing}" >"$tmp/$name.result"
}

passed=0
failed=0

# docs/BUGS.md's table is the patch headers, never a second list.
if tests/bugs/table.py --check; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi

# The reference core: nothing may be reported, by replay or by sweep.
if ! build _ref src/core/core_ref.c >"$tmp/ref.build" 2>&1; then
	cat "$tmp/ref.build"
	echo "FAILED reference: does not build"
	failed=$((failed + 1))
else
	"$ROOT/cores/_ref/mapfuzz" replay "${seeds[@]}" >"$tmp/ref.replay" 2>&1
	rc1=$?
	"$ROOT/cores/_ref/mapfuzz" sweep "${seeds[@]}" >"$tmp/ref.sweep" 2>&1
	rc2=$?
	if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]; then
		echo "PASSED reference: nothing reported on ${#seeds[@]} seeds (replay and sweep)"
		passed=$((passed + 1))
	else
		echo "FAILED reference: src/core/core_ref.c itself is reported (replay rc $rc1, sweep rc $rc2):"
		grep -h -v '^PASS\|^sweep:' "$tmp/ref.replay" "$tmp/ref.sweep" | head -n 10 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
fi

if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	read -r -a names <<<"$(bug_names)"
fi

running=0
for name in "${names[@]}"; do
	if [ ! -f "$ROOT/bugs/$name.c" ]; then
		echo "S SURVIVED $name: no tests/bugs/$name.patch" >"$tmp/$name.result"
		continue
	fi
	check "$name" &
	running=$((running + 1))
	if [ $running -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

for name in "${names[@]}"; do
	r=$(cat "$tmp/$name.result" 2>/dev/null || echo "S SURVIVED $name: no result")
	echo "${r#? }"
	case $r in
	K*) passed=$((passed + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
done

echo "kill test: ${#names[@]} cores in $((SECONDS - start))s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
