#!/usr/bin/env bash
# The CI templates a driver repository copies (templates/driver-ci/,
# docs/DRIVERS.md "CI for a driver repository"), checked by hand as
# tests/ossfuzz_emulation.sh checks mapfuzz's own: license headers, the
# Dockerfiles' COPY sources in their build context and the clones, project.yaml
# as the presubmit reads it, the workflow's SARIF uploads; then a driver
# repository laid out as the images lay it out ($SRC/mapfuzz, $SRC/driver
# holding tests/miniports/correct5 and its ../common), built by
# .clusterfuzzlite/build.sh and projects/DRIVER/build.sh with base-builder's
# flags for address/libfuzzer, undefined/libfuzzer and address/afl, and what
# bad_build_check looks at: exactly fuzz_driver_<name> in $OUT, an x86-64
# ELF, instrumented (sanitizer calls at bad_build_check's thresholds, the
# edges libFuzzer loads, AFL++'s instrumentation), `-runs=4`, the seed
# corpus replaying clean, and $OUT moved elsewhere still running.
# Last line "N passed, N failed"; exit 0 when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
T=templates/driver-ci
passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/driver-ossfuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
check() { # what command...
	local what=$1
	shift
	if "$@" >"$tmp/check.log" 2>&1; then ok "$what"; else bad "$what"; sed 's/^/       /' "$tmp/check.log" | tail -n 8; fi
}

# ---- the templates ------------------------------------------------------
licensed() {
	local f rc=0
	for f in "$T"/.clusterfuzzlite/* "$T"/oss-fuzz/projects/DRIVER/* scripts/oss_fuzz_driver.sh; do
		case "$(basename "$f")" in Dockerfile | *.sh | *.yaml) ;; *) continue ;; esac
		grep -q 'http://www.apache.org/licenses/LICENSE-2.0' "$f" || { echo "Missing license header in file $f."; rc=1; }
	done
	return $rc
}
check "license headers (check_license)" licensed

copies_in_context() { # dockerfile context
	local line rc=0
	while read -r line; do
		read -r -a w <<<"$line"
		local n=${#w[@]} i
		for ((i = 1; i < n - 1; i++)); do
			[ "${w[$i]}" = . ] && continue
			[ -e "$2/${w[$i]}" ] || { echo "COPY source ${w[$i]} not in the context $2"; rc=1; }
		done
	done < <(grep -E '^(COPY|ADD) ' "$1")
	grep -q 'git clone .*mapfuzz' "$1" || { echo "$1 does not fetch mapfuzz"; rc=1; }
	return $rc
}
check "ClusterFuzzLite Dockerfile: COPY sources in the repository, mapfuzz cloned" \
	copies_in_context "$T/.clusterfuzzlite/Dockerfile" "$T"
check "OSS-Fuzz Dockerfile: COPY sources in projects/DRIVER/, mapfuzz cloned" \
	copies_in_context "$T/oss-fuzz/projects/DRIVER/Dockerfile" "$T/oss-fuzz/projects/DRIVER"

project_yaml() {
	python3 - "$T/oss-fuzz/projects/DRIVER/project.yaml" "$T/oss-fuzz/projects/DRIVER/Dockerfile" <<'PY'
import re, sys, yaml
path, docker = sys.argv[1], sys.argv[2]
text = open(path).read()
d = yaml.safe_load(text)
valid = {"architectures", "auto_ccs", "blackbox", "builds_per_day", "coverage_extra_args", "disabled",
         "fuzzing_engines", "help_url", "homepage", "language", "labels", "main_repo", "primary_contact",
         "run_tests", "sanitizers", "selective_unpack", "vendor_ccs", "view_restrictions", "file_github_issue"}
consts = {"sanitizers": {"address", "none", "memory", "undefined", "thread", "coverage", "introspector", "hwaddress"},
          "architectures": {"i386", "x86_64", "aarch64"},
          "fuzzing_engines": {"libfuzzer", "afl", "honggfuzz", "centipede", "none", "wycheproof"}}
bad = ["%s is not a valid section name" % k for k in d if k not in valid]
bad += ["%s (in %s) is not a valid constant" % (v, k) for k, a in consts.items() for v in d.get(k, []) if v not in a]
bad += ["%s is missing" % k for k in ("language", "sanitizers", "fuzzing_engines", "main_repo", "primary_contact")
        if k not in d]
for e in [d.get("primary_contact")] + list(d.get("auto_ccs") or []):
    if not e or "@" not in e or "." not in e:
        bad.append("%r is an invalid email address" % e)
if d.get("main_repo") not in open(docker).read():
    bad.append("the Dockerfile does not clone main_repo %s" % d.get("main_repo"))
comments = "".join(l for l in text.splitlines(True) if l.lstrip().startswith("#"))
for k, v in d.items():
    if any("example.invalid" in str(x) for x in (v if isinstance(v, list) else [v])) and \
            ("PLACEHOLDER" not in comments or k not in comments):
        bad.append("%s is a placeholder the comment does not name" % k)
for b in bad:
    print("Error in %s: %s" % (path, b))
sys.exit(1 if bad else 0)
PY
}
check "projects/DRIVER/project.yaml (ProjectYamlChecker, placeholders named)" project_yaml

workflow() {
	python3 - "$T/.github/workflows/mapfuzz-driver.yml" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
on = d.get("on", d.get(True)) or {}
bad = []
if "pull_request" not in on:
    bad.append("no pull_request trigger")
for name, job in d["jobs"].items():
    steps = job.get("steps", [])
    sarif = any(s.get("with", {}).get("output-sarif") for s in steps) or \
        any("review --driver" in str(s.get("run", "")) for s in steps)
    ups = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    perms = job.get("permissions", d.get("permissions"))
    if sarif and not ups:
        bad.append("job %s: SARIF with no upload-sarif step" % name)
    if sarif and not (isinstance(perms, dict) and perms.get("security-events") == "write"):
        bad.append("job %s: no security-events: write" % name)
    for u in ups:
        if not u.get("with", {}).get("sarif_file") or "always()" not in str(u.get("if", "")):
            bad.append("job %s: the upload needs sarif_file and if: always()" % name)
    if sarif:
        print("job %s: SARIF uploaded (%s)" % (name, ups[0]["with"].get("category")))
if not any(s.get("with", {}).get("mode") == "code-change" for j in d["jobs"].values() for s in j.get("steps", [])):
    bad.append("no ClusterFuzzLite code-change run for pull requests")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}
check "workflow: ClusterFuzzLite on pull requests, SARIF to code scanning" workflow

# ---- a driver repository, built as the images build it -------------------
src=$tmp/src
mkdir -p "$src/mapfuzz" "$src/driver/drivers"
git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$src/mapfuzz"
cp -r tests/miniports/correct5 tests/miniports/common "$src/driver/drivers/"
cp -r "$T/.clusterfuzzlite" "$src/driver/"
cp "$T/oss-fuzz/projects/DRIVER/build.sh" "$src/oss-fuzz-build.sh"
target=fuzz_driver_correct5

COMMON="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
UB="-fsanitize=array-bounds,bool,builtin,enum,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr -fno-sanitize-recover=array-bounds,bool,builtin,enum,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr"
AFL_DRIVER=$(ls /usr/lib/afl/libAFLDriver.a /usr/local/lib/afl/libAFLDriver.a 2>/dev/null | head -1)
export ASAN_OPTIONS=alloc_dealloc_mismatch=0:allocator_may_return_null=1:detect_leaks=1:symbolize=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:silence_unsigned_overflow=1:symbolize=1
calls() { objdump -dC "$1" | grep -cE "callq?\s+[0-9a-f]+\s+<$2"; }

build() { # name script sanitizer engine cc cxx cflags lfe
	local name=$1 script=$2 san=$3 engine=$4 out=$tmp/$1/out work=$tmp/$1/work
	mkdir -p "$out" "$work"
	if (cd "$src/driver" && env CC="$5" CXX="$6" CFLAGS="$7" CXXFLAGS="$7" LIB_FUZZING_ENGINE="$8" OUT="$out" \
		WORK="$work" SRC="$src" SANITIZER="$san" FUZZING_ENGINE="$engine" MAPFUZZ_DRIVER_DIR=drivers/correct5 \
		AFL_QUIET=1 bash -eu "$script") >"$tmp/$name.log" 2>&1; then
		ok "$name: $(basename "$script") builds $target"
	else
		bad "$name: $(basename "$script")"
		grep -v warning "$tmp/$name.log" | tail -n 12 | sed 's/^/       /'
		return
	fi
	check "$name: \$OUT holds exactly $target" test "$(find "$out" -maxdepth 1 -type f -executable -printf '%f\n')" = "$target"
	check "$name: x86-64 ELF" sh -c "file -L '$out/$target' | grep -q 'ELF 64-bit LSB.*x86-64'"
	case "$san/$engine" in
	address/libfuzzer) check "$name: ASan calls >= 1000, MSan <= 3" sh -c "[ $(calls "$out/$target" __asan) -ge 1000 ] && [ $(calls "$out/$target" __msan) -le 3 ]" ;;
	undefined/libfuzzer) check "$name: UBSan calls >= 169, no ASan" sh -c "[ $(calls "$out/$target" __ubsan) -ge 169 ] && [ $(calls "$out/$target" __asan) -eq 0 ]" ;;
	address/afl) check "$name: AFL++ instrumentation (__AFL_SHM_ID, __afl_area_ptr)" sh -c "grep -qa __AFL_SHM_ID '$out/$target' && [ \$(objdump -d '$out/$target' | grep -c __afl_area_ptr) -ge 100 ]" ;;
	esac
	check "$name: seed corpus and .options" test -s "$out/${target}_seed_corpus.zip" -a -s "$out/$target.options"
	mkdir -p "$tmp/$name/seeds"
	unzip -q -o -d "$tmp/$name/seeds" "$out/${target}_seed_corpus.zip"
	if [ "$engine" = libfuzzer ]; then
		check "$name: libFuzzer loads >= 100 edges" sh -c "n=\$('$out/$target' -runs=0 2>&1 | grep -oE 'Loaded [0-9]+ module.*: +[0-9]+' | grep -oE '[0-9]+\$' | head -1); [ \"\${n:-0}\" -ge 100 ]"
		check "$name: -runs=4" sh -c "'$out/$target' -runs=4 2>&1 | grep -q 'Done 4 runs'"
		check "$name: seed corpus replays clean" sh -c "'$out/$target' -runs=0 '$tmp/$name/seeds' 2>&1 | tail -3; ! '$out/$target' -runs=0 '$tmp/$name/seeds' 2>&1 | grep -qaE 'violated|ERROR: |runtime error'"
	else
		check "$name: seed corpus replays clean (AFL++ build, files as arguments)" sh -c "for f in '$tmp/$name/seeds'/*; do '$out/$target' \"\$f\" >/dev/null 2>&1 || exit 1; done"
	fi
	mv "$out" "$tmp/$name/moved"
	rm -rf "$work"
	if [ "$engine" = libfuzzer ]; then
		check "$name: runs from a moved \$OUT" sh -c "'$tmp/$name/moved/$target' -runs=4 2>&1 | grep -q 'Done 4 runs'"
	else
		check "$name: runs from a moved \$OUT" sh -c "'$tmp/$name/moved/$target' '$tmp/$name/seeds/01-one-bar.bin' >/dev/null 2>&1"
	fi
	rm -rf "${tmp:?}/$name"
}

build cflite-address-libfuzzer "$src/driver/.clusterfuzzlite/build.sh" address libfuzzer clang clang++ \
	"$COMMON -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link" -fsanitize=fuzzer
build cflite-undefined-libfuzzer "$src/driver/.clusterfuzzlite/build.sh" undefined libfuzzer clang clang++ \
	"$COMMON $UB -fsanitize=fuzzer-no-link" -fsanitize=fuzzer
build ossfuzz-address-libfuzzer "$src/oss-fuzz-build.sh" address libfuzzer clang clang++ \
	"$COMMON -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link" -fsanitize=fuzzer
if command -v afl-clang-fast >/dev/null && [ -n "$AFL_DRIVER" ]; then
	build ossfuzz-address-afl "$src/oss-fuzz-build.sh" address afl afl-clang-fast afl-clang-fast++ \
		"$COMMON -fsanitize=address -fsanitize-address-use-after-scope" "$AFL_DRIVER"
else
	bad "AFL++ build: afl-clang-fast or libAFLDriver.a missing"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
