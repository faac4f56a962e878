#!/usr/bin/env bash
# tests/driver_review_test.sh [PARENT...]   (default tests/miniports)
# review --driver on every driver of tests/miniports/ (docs/DRIVERS.md):
# each reports exactly the rows its header plants ("* planted: ID clause"
# and "* symptom: ID clause" lines), each row with a driver line inside
# the driver and a reproducer that fails on that driver and passes on the
# correct one ("* planted: none"), which conforms.  Also: a driver that
# does not compile is one line and exit 2; the review's time and runs.
# With tests/driver_stub (and DRIVER_NOKIT=1): the runner's own checks, on
# stub drivers that call kit_runtime.h directly.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-out}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

drivers=()
correct=""
parents=("$@")
[ ${#parents[@]} -gt 0 ] || parents=(tests/miniports)
for d in $(for p in "${parents[@]}"; do ls -d "$p"/*/; done); do
	d=${d%/}
	ls "$d"/*.c >/dev/null 2>&1 || continue # common/: headers only
	drivers+=("$d")
	[ -z "$correct" ] && grep -hqs '^ \* planted: none' "$d"/*.h "$d"/*.c && correct=$d
done
[ ${#drivers[@]} -gt 0 ] || { echo "no drivers under tests/miniports"; exit 1; }
[ -n "$correct" ] || { echo "no correct driver (planted: none) under tests/miniports"; exit 1; }

# The correct driver first: the other drivers' reproducers replay on it.
start=$SECONDS
"$OUT"/mapfuzz review --driver "$correct" --out "$tmp/$(basename "$correct")" >"$tmp/correct.log" 2>&1
rc=$?
cat "$tmp/correct.log"
[ $rc -eq 0 ] || bad "$correct: exit $rc, expected 0 (conforms)"
echo "measure: review --driver $correct took $((SECONDS - start)) s ($(cat "$correct"/*.c "$correct"/*.h 2>/dev/null | wc -l) lines): $(grep -o '[0-9]* programs, [0-9]* runs in [0-9.]* s' "$tmp/correct.log")"
correct_runner=$OUT/drivers/$(basename "$correct")/mapfuzz-driver

for d in "${drivers[@]}"; do
	[ "$d" = "$correct" ] && continue
	name=$(basename "$d")
	"$OUT"/mapfuzz review --driver "$d" --out "$tmp/$name" >"$tmp/$name.log" 2>&1
	rc=$?
	sed "s|^|  $name: |" "$tmp/$name.log"
	expected=$(grep -hsoE '^ \* (planted|symptom): [A-Z-]+ drv\.[a-z-]+' "$d"/*.h "$d"/*.c | awk '{print $3, $4}' | sort -u)
	want=1
	[ -n "$expected" ] || want=0 # another conforming driver
	[ $rc -eq $want ] || bad "$name: exit $rc, expected $want"
	actual=$(python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["deviations"]: print(r["id"], r["clause"])' "$tmp/$name/review.json" | sort -u)
	if [ "$expected" != "$actual" ]; then
		bad "$name: rows differ"
		diff <(echo "$expected") <(echo "$actual") | sed 's/^/    /'
	fi
	# review.sarif as GitHub code scanning takes it: a result per row.
	python3 tests/sarif_check.py "$tmp/$name/review.sarif" . --results "$(echo "$expected" | grep -c .)" ||
		bad "$name: review.sarif"
	# Each row: its driver line inside the driver (or a file it shares with
	# its siblings, in the parent directory), a reproducer that
	# replays on this driver and passes on the correct one.
	python3 - "$tmp/$name/review.json" "$(realpath "$(dirname "$d")")" "$(realpath .)" >"$tmp/rows.txt" <<'EOF' || bad "$name: review.json"
import json, os, sys
review, ddir, root = sys.argv[1:4]
for r in json.load(open(review))["deviations"]:
    loc = r.get("location")
    f = loc and os.path.realpath(os.path.join(root, loc["file"]))
    inside = bool(f) and f.startswith(ddir + "/")
    print(r["id"], r["clause"], r["reproducer"], "inside" if inside else "outside", "replays" if r["replays"] else "no-replay")
EOF
	while read -r id clause repro where replays; do
		[ "$where" = inside ] || bad "$name: $id $clause names no line of the driver"
		[ "$replays" = replays ] || bad "$name: $id $clause: the reproducer does not replay"
		# (a driver that hangs with no kit call hangs its replay: killed)
		timeout -s KILL 12 "$OUT/drivers/$name/mapfuzz-driver" run "$tmp/$name/$repro" >"$tmp/r.log" 2>&1 &&
			bad "$name: $id $clause: $repro passes on $name"
		timeout -s KILL 12 "$correct_runner" run "$tmp/$name/$repro" >"$tmp/r.log" 2>&1 ||
			{ bad "$name: $id $clause: $repro fails on $(basename "$correct")"; cat "$tmp/r.log"; }
	done <"$tmp/rows.txt"
	# The first row's standalone C reproducer: fails on this driver, passes
	# on the correct one.
	read -r id clause repro _ <"$tmp/rows.txt" || continue
	c=$tmp/$name/${repro%.mfd}.c
	stem=$(basename "${repro%.mfd}")
	if make -s driver-repro DRIVER="$d" REPRO="$c" OUT="$OUT" >"$tmp/c.log" 2>&1 &&
		make -s driver-repro DRIVER="$correct" REPRO="$c" OUT="$OUT" >>"$tmp/c.log" 2>&1; then
		timeout -s KILL 12 "$OUT/drivers/$name/repro/$stem" >/dev/null 2>&1 &&
			bad "$name: $id $clause: the C reproducer passes on $name"
		timeout -s KILL 12 "$OUT/drivers/$(basename "$correct")/repro/$stem" >/dev/null 2>&1 ||
			bad "$name: $id $clause: the C reproducer fails on $(basename "$correct")"
	else
		bad "$name: the C reproducer $c does not build"
		cat "$tmp/c.log"
	fi
done

# A driver that does not compile: one line naming the file, exit 2.
mkdir -p "$tmp/broken"
printf '#include <ndis.h>\nint broken(void) { return undefined_thing; }\n' >"$tmp/broken/broken.c"
"$OUT"/mapfuzz review --driver "$tmp/broken" --out "$tmp/broken-out" >"$tmp/b.out" 2>"$tmp/b.err"
rc=$?
[ $rc -eq 2 ] || bad "broken driver: exit $rc, expected 2"
[ "$(wc -l <"$tmp/b.err")" -eq 1 ] && grep -q 'broken.c does not compile' "$tmp/b.err" ||
	{ bad "broken driver: not one line naming broken.c"; cat "$tmp/b.err"; }
"$OUT"/mapfuzz review --driver "$tmp/nonexistent" >/dev/null 2>"$tmp/n.err"
[ $? -eq 2 ] && [ "$(wc -l <"$tmp/n.err")" -eq 1 ] || bad "missing driver directory: not one line and exit 2"

[ $fail -eq 0 ] && echo "driver review: ${#drivers[@]} drivers, every planted row and nothing else"
exit $fail
