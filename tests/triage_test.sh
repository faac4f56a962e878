#!/usr/bin/env bash
# mapfuzz triage, end to end (docs/TRIAGE.md).  For two seeded bugs of
# tests/bugs/: crash files made the way libFuzzer saves them (seeds that
# fail against the core, as crash-<sha1>, plus a short fuzz run), triaged;
# then the reproducers, the SARIF (tests/sarif_check.py: what code scanning
# requires) and the awkward inputs.  Last line:
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
. tests/bugs/lib.sh

OUT=${OUT:-out}
M=$OUT/mapfuzz
MAX_OPS=12
CORES=${TRIAGE_CORES:-"no_errlog pte_rollback_partial"}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
passed=0
failed=0

check() {
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "PASS $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
	fi
}

[ -x "$M" ] && [ -x "$OUT/fuzz_map" ] && ls "$OUT"/corpus/fuzz_map/*.bin >/dev/null 2>&1 ||
	{ echo "build first: make all (OUT=$OUT)"; echo "0 passed, 1 failed"; exit 1; }

# The library objects of the reproducer builds, shared by every core here.
ROBJ=$W/obj

# Exits non-zero and names the ID.
fails_with() {
	local out
	out=$("$2" 2>&1) && return 1
	grep -q "$1" <<<"$out"
}

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2" "$1"; }

for c in $CORES; do
	core=$OUT/bugs/$c.c
	expect=$(bug_expect "$c")
	echo "== $c (expect $expect)"
	cdir=$OUT/cores/$c
	make -s OUT="$cdir" OBJ="$OUT/obj" CORE="$core" "$cdir/mapfuzz" "$cdir/fuzz_map" ||
		{ check "$c: builds" false; continue; }
	crashes=$W/$c/crashes
	mkdir -p "$crashes" "$W/$c/queue"
	for s in "$OUT"/corpus/fuzz_map/*.bin; do
		if "$cdir/mapfuzz" replay "$s" >/dev/null 2>&1; then
			cp "$s" "$W/$c/queue/"
		else
			cp "$s" "$crashes/crash-$(sha1sum <"$s" | cut -c1-40)"
		fi
	done
	# A short fuzz run from the seeds that pass: what it finds is saved too.
	"$cdir/fuzz_map" -seed=1 -runs=20000 -max_total_time=5 -max_len=512 \
		-artifact_prefix="$crashes/" "$W/$c/queue" >"$W/$c/fuzz.log" 2>&1 || true
	echo "   $(ls "$crashes" | wc -l) crash files"
	(cd "$crashes" && sha1sum * >"$W/$c/sums")

	rep=$W/$c/report
	"$M" triage "$crashes" --core "$core" --out "$rep" >"$W/$c/triage.log" 2>&1
	rc=$?
	tail -n 3 "$W/$c/triage.log" | sed 's/^/   /'
	check "$c: triage exits 1 on findings" [ "$rc" -eq 1 ]
	check "$c: inputs unchanged" bash -c "cd '$crashes' && sha1sum --quiet -c '$W/$c/sums'"
	# Buckets are causes (ID, clause, op, statuses): one bug may show as
	# several, all under its ID.
	check "$c: buckets, all under $expect" json "$rep/findings.json" \
		"b=d['buckets']; sys.exit(not (len(b)>=1 and all(x['rule']=='$expect' for x in b)))"
	check "$c: minimal script of at most $MAX_OPS ops" json "$rep/findings.json" \
		"sys.exit(not all(b['minimal_ops'] <= $MAX_OPS for b in d['buckets']))"
	check "$c: minimal script assembles and still fails as $expect" \
		bash -c "'$cdir/mapfuzz' replay '$rep/bucket-1.mfs' | grep -q '$expect violated'"
	check "$c: report has the bucket, script, trace and stack" \
		bash -c "grep -q '^## Bucket 1: $expect' '$rep/report.md' && grep -q '^### Trace' '$rep/report.md' &&
			 grep -q '# verdict: mapfuzz: $expect' '$rep/report.md' && grep -q '^### Stack' '$rep/report.md'"
	# The C reproducer, built as tests/regress/ builds it: fails against
	# the broken core, passes against the reference core.
	make -s OUT="$W/$c/broken" OBJ="$ROBJ" CORE="$core" REGRESS_DIR="$rep" "$W/$c/broken/regress/bucket-1" &&
		make -s OUT="$W/ref" OBJ="$ROBJ" REGRESS_DIR="$rep" "$W/ref/regress/bucket-1"
	check "$c: C reproducer compiles" [ -x "$W/$c/broken/regress/bucket-1" ] && [ -x "$W/ref/regress/bucket-1" ]
	check "$c: C reproducer fails against the broken core" \
		fails_with "$expect" "$W/$c/broken/regress/bucket-1"
	check "$c: C reproducer passes against the reference core" "$W/ref/regress/bucket-1"
	rm -f "$W/ref/regress/bucket-1"
	check "$c: SARIF 2.1.0 is well formed" json "$rep/findings.sarif" "
r=d['runs'][0]; drv=r['tool']['driver']
ids={x['id'] for x in drv['rules']}
ok=d['version']=='2.1.0' and '\$schema' in d and drv['name'] and drv['informationUri']
ok=ok and all(x.get('shortDescription',{}).get('text') and x.get('helpUri') for x in drv['rules'])
ok=ok and len(r['results'])>=1 and all(x['ruleId'] in ids and x['level']=='error' and x['message']['text']
  and x['locations'][0]['physicalLocation']['artifactLocation']['uri']
  and x['locations'][0]['physicalLocation']['region']['startLine']>=1
  and x['partialFingerprints'] for x in r['results'])
sys.exit(not ok)"
	check "$c: SARIF has what GitHub code scanning requires" tests/sarif_check.py "$rep/findings.sarif" . --results "$(json "$rep/findings.json" "print(len(d['buckets']))")"
done

echo "== awkward inputs (reference core)"
"$M" triage "$W/does-not-exist" --out "$W/nx" >"$W/nx.log" 2>&1
rc=$?
check "non-existent path exits 2 and is reported" \
	bash -c "[ $rc -eq 2 ] && grep -q 'does-not-exist.*not replayed' '$W/nx/report.md'"
mkdir -p "$W/empty"
"$M" triage "$W/empty" --out "$W/em" >"$W/em.log" 2>&1
check "empty directory exits 0" [ $? -eq 0 ]
mkdir -p "$W/odd"
head -c 3000 /dev/urandom >"$W/odd/garbage"
head -c 2000000 /dev/zero >"$W/odd/huge"
echo "not a script" >"$W/odd/bad.mfs"
echo "AFL++ readme" >"$W/odd/README.txt"
"$M" triage "$W/odd" --out "$W/odd-r" --timeout 5 >"$W/odd.log" 2>&1
rc=$?
check "garbage, huge and bad script: exit 0, each reported" \
	bash -c "[ $rc -eq 0 ] && grep -q 'huge.*first MiB' '$W/odd-r/report.md' &&
		 grep -q 'bad.mfs.*does not assemble' '$W/odd-r/report.md' && ! grep -q README '$W/odd-r/report.md'"
"$M" triage --bogus >/dev/null 2>&1
check "unknown option exits 2" [ $? -eq 2 ]
# A report that cannot be written (a directory in its place) is an error,
# and the other two are still written.
mkdir -p "$W/blocked/findings.json"
"$M" triage "$W/empty" --out "$W/blocked" >"$W/blocked.log" 2>&1
rc=$?
check "unwritable report: exit 2, one line naming it, the others written" \
	bash -c "[ $rc -eq 2 ] && [ \$(grep -c 'cannot write .*findings.json' '$W/blocked.log') -eq 1 ] &&
		 [ -s '$W/blocked/report.md' ] && [ -s '$W/blocked/findings.sarif' ]"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
