#!/usr/bin/env bash
# tests/driver_fuzz_test.sh [DRIVER [SECONDS]]   (default tests/miniports/mapleak5, 20)
# fuzz_driver's campaign on a buggy miniport (docs/DRIVERS.md, "Fuzzing a
# driver"): `./build.sh fuzz --driver DRIVER --time SECONDS` must end with
# every row the driver's header plants triaged, each naming a line of the
# driver, with a reproducer (.bin) that still shows the row on that driver
# and shows nothing on the correct driver (tests/miniports/correct5); the
# known list (MAPFUZZ_KNOWN) turns those rows into no crash; the SARIF takes
# code scanning's fields.  A fresh corpus (MF_WORK in a scratch directory),
# seeded only from the conformance programs.  Also: a bad --driver is one line and exit 2.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-out}
driver=${1:-tests/miniports/mapleak5}
seconds=${2:-20}
correct=tests/miniports/correct5
name=$(basename "$driver")
fail=0
bad() { echo "FAIL: $*"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Usage errors.
scripts/fuzz_campaign.sh --driver "$tmp/none" --time 1 >"$tmp/u.log" 2>&1
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/u.log")" -eq 1 ] || bad "--driver of no directory: exit $rc, $(wc -l <"$tmp/u.log") lines"

MF_OUT=$OUT MF_WORK=$tmp/work scripts/fuzz_campaign.sh --driver "$driver" --time "$seconds" --jobs 2 >"$tmp/fuzz.log" 2>&1
rc=$?
cat "$tmp/fuzz.log"
[ $rc -eq 1 ] || bad "fuzz --driver $driver: exit $rc, expected 1 (findings)"
wd=$tmp/work/fuzz_driver-libfuzzer-$name
json=$wd/triage/findings.json
[ -f "$json" ] || { bad "no $json"; exit 1; }
bin=$OUT/drivers/$name/fuzz_driver
make -s -j2 OUT="$OUT" fuzz-driver DRIVER="$correct" >/dev/null 2>&1 || bad "cannot build fuzz_driver for $correct"
cbin=$OUT/drivers/$(basename "$correct")/fuzz_driver

expected=$(grep -hsoE '^ \* planted: [A-Z-]+ drv\.[a-z-]+' "$driver"/*.h "$driver"/*.c | awk '{print $3, $4}' | sort -u)
[ -n "$expected" ] || bad "$driver plants no row"
rows=$(python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["findings"]:
    loc = r["location"] or {}
    print(r["id"], r["clause"], loc.get("file", "-"), loc.get("line", 0), r["reproducer"], r["replays"])' "$json")
echo "$rows" | sed 's/^/  triaged: /'
known=$tmp/known.txt
: >"$known"
while read -r id clause; do
	[ -n "$id" ] || continue
	echo "$id $clause" >>"$known"
	row=$(awk -v i="$id" -v c="$clause" '$1 == i && $2 == c' <<<"$rows" | head -1)
	if [ -z "$row" ]; then
		bad "$name: planted row $id $clause not found in $seconds s"
		continue
	fi
	read -r _ _ file line repro replays <<<"$row"
	case "$file" in "$driver"/*) ;; *) bad "$name: $id $clause names $file, not a line of the driver" ;; esac
	[ "$line" -gt 0 ] 2>/dev/null || bad "$name: $id $clause has no line"
	[ "$replays" = True ] || bad "$name: $id $clause: the reproducer does not replay"
	# The reproducer: the row on this driver, nothing on the correct one.
	"$bin" "$wd/triage/$repro.bin" >"$tmp/r.log" 2>&1
	grep -q "mapfuzz-driver: $id violated.*(clause $clause)" "$tmp/r.log" || bad "$name: $repro.bin does not show $id $clause"
	"$cbin" "$wd/triage/$repro.bin" >"$tmp/c.log" 2>&1 || bad "$name: $repro.bin fails on $correct too: $(grep -m1 violated "$tmp/c.log")"
	grep -q "^# expect: $id $clause" "$wd/triage/$repro" || bad "$name: $repro has no expect line"
done <<<"$expected"

# Known rows are no crash: every reproducer of a known row replays clean.
while read -r id clause _ _ repro _; do
	grep -qx "$id $clause" "$known" || continue
	MAPFUZZ_KNOWN=$known "$bin" "$wd/triage/$repro.bin" >"$tmp/k.log" 2>&1 ||
		bad "$name: $repro.bin still crashes with $id $clause known"
done <<<"$rows"

python3 tests/sarif_check.py "$wd/triage/findings.sarif" . || bad "findings.sarif"
grep -q "driver line" "$wd/triage/report.md" || bad "no report.md table"
echo "measure: $(grep -E '^executions:' "$tmp/fuzz.log")"
[ $fail -eq 0 ] && echo "driver fuzz test: ok ($name, $(wc -l <<<"$expected") planted rows triaged in ${seconds} s)"
exit $fail
