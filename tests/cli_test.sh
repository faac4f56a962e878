#!/usr/bin/env bash
# The command-line tools: bad input gets one line and a non-zero exit, and
# verdicts and traces do not depend on order or process.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-out}
MF=$OUT/mapfuzz
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_error RC CMD...: exits with RC and prints exactly one line on stderr.
expect_error() {
	local want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$? lines
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" -eq "$want" ] && [ "$lines" -eq 1 ]; then ok; else bad "$* -> exit $rc, $lines stderr lines (want $want, 1)"; fi
}

printf 'vspace 4\nmap a0 zero 1 nullout junk\n' >"$tmp/bad.mfs"
printf 'vspace 4\nwindow pci 0 mem 0x0 0 0x0\n' >"$tmp/badwin.mfs"
expect_error 2 "$MF"
expect_error 2 "$MF" bogus
expect_error 2 "$MF" replay
expect_error 2 "$MF" replay --bogus x
expect_error 2 "$MF" explain --fail-nth x y
expect_error 2 "$MF" sweep --max-runs 0 x
expect_error 2 "$MF" prove --depth x
expect_error 2 "$MF" triage
expect_error 1 "$MF" asm /nonexistent
expect_error 1 "$MF" asm "$tmp/bad.mfs"
expect_error 1 "$MF" asm "$tmp/badwin.mfs"
expect_error 1 "$MF" explain /nonexistent
expect_error 2 ./build.sh bogus
expect_error 2 ./build.sh fuzz --engine bogus
expect_error 2 ./build.sh fuzz --time x

# A script error names line and column.
msg=$("$MF" asm "$tmp/bad.mfs" 2>&1 >/dev/null)
case "$msg" in *"line 2, column 23: "*) ok ;; *) bad "asm error lacks line and column: $msg" ;; esac

# A missing file among good ones: its own line, the others still judged.
seeds=("$OUT"/corpus/fuzz_map/*.bin)
"$MF" replay "${seeds[0]}" /nonexistent "${seeds[1]}" >"$tmp/mixed"
rc=$?
if [ $rc -eq 2 ] && [ "$(grep -c '^PASS' "$tmp/mixed")" -eq 2 ] && grep -q '^ERROR /nonexistent' "$tmp/mixed"; then ok; else bad "replay with a missing file: exit $rc"; cat "$tmp/mixed"; fi

# Same verdicts, in one process, in either order.
"$MF" replay "${seeds[@]}" | sort >"$tmp/forward"
printf '%s\n' "${seeds[@]}" | tac | xargs "$MF" replay | sort >"$tmp/reverse"
cmp -s "$tmp/forward" "$tmp/reverse" && ok || bad "replay verdicts depend on order"
"$MF" sweep "${seeds[@]}" | sort >"$tmp/sforward"
printf '%s\n' "${seeds[@]}" | tac | xargs "$MF" sweep | sort >"$tmp/sreverse"
cmp -s "$tmp/sforward" "$tmp/sreverse" && ok || bad "sweep results depend on order"

# Same trace, process after process (a seed with faults, conflicts and leaks).
for s in "${seeds[@]:0:8}"; do
	"$MF" explain "$s" >"$tmp/t1"
	"$MF" explain "$s" >"$tmp/t2"
	cmp -s "$tmp/t1" "$tmp/t2" && ok || bad "explain $s differs between runs"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
