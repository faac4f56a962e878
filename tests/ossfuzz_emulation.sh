#!/usr/bin/env bash
# OSS-Fuzz by hand (no Docker).  First what the presubmit and the image
# build check: license headers (check_license), oss-fuzz/ copied as
# projects/mapfuzz/ builds from that context alone, project.yaml as the
# presubmit's ProjectYamlChecker reads it, the workflows upload their SARIF,
# a SARIF from triage has what code scanning requires.  Then it runs
# oss-fuzz/build.sh the way the base-builder image would (its compile
# script's CFLAGS), for each (sanitizer, engine) pair OSS-Fuzz and
# ClusterFuzzLite build, into temporary $OUT/$WORK directories (address/
# libfuzzer in the image's layout: $SRC/build.sh from the Dockerfile's COPY,
# the tree at $SRC/mapfuzz), and checks what check_build's bad_build_check
# would:
#   * exactly the shipped targets are in $OUT (fuzz_map, fuzz_script), each
#     an x86-64 ELF executable;
#   * it is instrumented, counted as bad_build_check counts: calls to
#     __asan*, __msan*, __ubsan* in `objdump -dC` at least its thresholds
#     for the build's sanitizer (1000, 1000, 169) and at most them for the
#     others (0, 3, 200); libFuzzer builds load at least 100 edges; AFL++
#     builds carry the AFL++ instrumentation (and afl-showmap sees edges);
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

# base-clang's CFLAGS and base-builder's SANITIZER_FLAGS_* as the compile
# script joins them (the -Wno-error= options are for newer clangs than 14,
# which warns about the ones it does not know).
COMMON="-O1 -fno-omit-frame-pointer -gline-tables-only -Wno-error=enum-constexpr-conversion -Wno-error=incompatible-function-pointer-types -Wno-error=int-conversion -Wno-error=deprecated-declarations -Wno-error=implicit-function-declaration -Wno-error=implicit-int -Wno-error=vla-cxx-extension -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
F_ASAN="-fsanitize=address -fsanitize-address-use-after-scope"
UB_CHECKS=array-bounds,bool,builtin,enum,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr
UB_NORECOVER=array-bounds,bool,builtin,enum,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr
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

# Calls to a runtime prefix, as bad_build_check counts them (its x86_64
# pattern is "callq"; binutils 2.40 prints "call").
calls() { objdump -dC "$1" | grep -cE "callq?\s+[0-9a-f]+\s+<$2"; }
at_most() { # n max what
	echo "$3: $1 (at most $2)"
	[ "$1" -le "$2" ]
}
at_least() { # n min what
	echo "$3: $1 (threshold $2)"
	[ "$1" -ge "$2" ]
}

build_pair() { # name sanitizer engine cc cxx cflags lib_fuzzing_engine [targets]
	local name=$1 san=$2 engine=$3 cc=$4 cxx=$5 cflags=$6 lfe=$7 only=${8:-}
	local out=$tmp/$name/out work=$tmp/$name/work
	mkdir -p "$out" "$work"
	echo "== $name: SANITIZER=$san FUZZING_ENGINE=$engine CC=$cc${IMAGE_SRC:+, image layout}"
	# In the image's layout, from its WORKDIR with $SRC/build.sh; else from
	# the repository root, as .clusterfuzzlite/build.sh runs it.
	local script=$REPO/oss-fuzz/build.sh dir=$REPO src=$tmp/src
	[ -n "${IMAGE_SRC:-}" ] && script=$IMAGE_SRC/build.sh dir=$IMAGE_SRC/mapfuzz src=$IMAGE_SRC
	if ! (cd "$dir" && env CC="$cc" CXX="$cxx" CFLAGS="$cflags" CXXFLAGS="$cflags" LIB_FUZZING_ENGINE="$lfe" \
		OUT="$out" WORK="$work" SRC="$src" SANITIZER="$san" FUZZING_ENGINE="$engine" \
		ARCHITECTURE=x86_64 MF_JOBS=2 AFL_QUIET=1 bash -eu "$script") >"$tmp/$name/build.log" 2>&1; then
		bad "$name: oss-fuzz/build.sh"
		tail -n 20 "$tmp/$name/build.log" | sed 's/^/       /'
		return
	fi
	ok "$name: oss-fuzz/build.sh"
	local targets
	targets=$(make -s --no-print-directory OUT="$tmp/make" print-sources | sed -n "s/^MF_TARGETS='\(.*\)'/\1/p")
	check "$name: \$OUT holds exactly the shipped targets ($targets)" shipped_only "$out" "$targets"
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

shipped_only() { # out targets
	local found
	found=$(find "$1" -maxdepth 1 -type f -executable ! -name '*.zip' -printf '%f\n' | sort | tr '\n' ' ')
	echo "executables in \$OUT: $found"
	[ "$found" = "$(tr ' ' '\n' <<<"$2" | grep . | sort | tr '\n' ' ')" ]
}

is_elf() {
	[ -x "$1" ] || { echo "missing or not executable: $1"; return 1; }
	file -L "$1" | tee /dev/stderr | grep -q 'ELF 64-bit LSB.*x86-64'
}

instrumented() { # bin sanitizer engine
	local bin=$1 san=$2 engine=$3
	# bad_build_check's thresholds: at least this many calls to the
	# build's sanitizer, at most that many to each other one (UBSan checks
	# only with libFuzzer).
	local asan msan ubsan
	asan=$(calls "$bin" __asan) msan=$(calls "$bin" __msan) ubsan=$(calls "$bin" __ubsan)
	case "$san" in
	address)
		at_least "$asan" 1000 "calls to __asan*" && at_most "$msan" 3 "calls to __msan*" &&
			at_most "$ubsan" 200 "calls to __ubsan*" || return 1
		;;
	undefined)
		[ "$engine" = libfuzzer ] || return 0
		at_least "$ubsan" 169 "calls to __ubsan*" && at_most "$asan" 0 "calls to __asan*" &&
			at_most "$msan" 3 "calls to __msan*" || return 1
		;;
	memory)
		at_least "$msan" 1000 "calls to __msan*" && at_most "$asan" 0 "calls to __asan*" &&
			at_most "$ubsan" 200 "calls to __ubsan*" || return 1
		;;
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
	libfuzzer/*)
		# bad_build_check's check_engine: the edges libFuzzer loads.
		local edges
		edges=$("$bin" -seed=1337 -runs=4 2>&1 | grep -aoE 'INFO: Loaded [0-9]+ module.*\(.*(counters|guards)\): +[0-9]+' |
			grep -oE '[0-9]+$' | head -1)
		at_least "${edges:-0}" 100 "edges libFuzzer loads (INFO: Loaded ... counters)" || return 1
		;;
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

# ---- what the presubmit and the image build check ----------------------

# check_license: every Dockerfile, *.sh (and here *.yaml) that OSS-Fuzz
# copies names the Apache-2.0 license, as infra/presubmit.py looks for it.
licensed() {
	local f rc=0
	for f in oss-fuzz/*; do
		case "$(basename "$f")" in Dockerfile | *.sh | *.bash | *.yaml | *.py) ;; *) continue ;; esac
		if grep -q 'http://www.apache.org/licenses/LICENSE-2.0' "$f"; then echo "license header: $f"; else
			echo "Missing license header in file $f."
			rc=1
		fi
	done
	return $rc
}

# The Dockerfile built as OSS-Fuzz builds it: projects/mapfuzz/ (a copy of
# oss-fuzz/) is the context, so every COPY/ADD source must be in it; the
# tree comes from a git clone of project.yaml's main_repo.  The image's
# $SRC is laid out by hand: the tree at the clone's path, the copies done.
image_layout() { # src
	local src=$1 ctx=$tmp/oss-fuzz-checkout/projects/mapfuzz line rc=0 url main
	mkdir -p "$ctx" "$src"
	cp oss-fuzz/* "$ctx/"
	main=$(sed -nE 's/^main_repo: *"?([^" ]+)"?.*/\1/p' "$ctx/project.yaml")
	local workdir=$src
	while read -r line; do
		line=${line//\$SRC/$src}
		case "$line" in
		COPY* | ADD*)
			read -r -a w <<<"$line"
			local n=${#w[@]} i
			for ((i = 1; i < n - 1; i++)); do
				case "${w[$i]}" in --*) continue ;; esac
				if [ ! -e "$ctx/${w[$i]}" ] || [[ "${w[$i]}" == *..* ]] || [ "${w[$i]}" = . ]; then
					echo "COPY source '${w[$i]}' is not in the build context projects/mapfuzz/"
					rc=1
				else
					echo "COPY ${w[$i]} -> ${w[$((n - 1))]}"
					cp -r "$ctx/${w[$i]}" "${w[$((n - 1))]}"
				fi
			done
			;;
		RUN*git\ clone*)
			url=$(grep -oE 'git clone( --[a-z-]+( [0-9]+)?)* [^ ]+' <<<"$line" | awk '{print $NF}')
			local dest=${line##* }
			[[ "$dest" == /* ]] || dest=$workdir/$dest
			echo "git clone $url -> $dest (here: the working tree)"
			[ "$url" = "$main" ] || { echo "the clone ($url) is not project.yaml's main_repo ($main)"; rc=1; }
			mkdir -p "$dest"
			git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$dest"
			;;
		WORKDIR*) workdir=${line#WORKDIR }; [[ "$workdir" == /* ]] || workdir=$src/$workdir ;;
		esac
	done < <(grep -vE '^\s*(#|$)' "$ctx/Dockerfile")
	[ -x "$src/build.sh" ] || { echo "no \$SRC/build.sh after the COPY lines"; rc=1; }
	[ "$workdir" = "$src/mapfuzz" ] || { echo "WORKDIR is $workdir, not \$SRC/mapfuzz"; rc=1; }
	return $rc
}

# infra/presubmit.py's ProjectYamlChecker, and the placeholders named.
project_yaml() {
	python3 - oss-fuzz/project.yaml <<'PY'
import sys, yaml
path = sys.argv[1]
text = open(path).read()
d = yaml.safe_load(text)
valid = {"architectures", "auto_ccs", "blackbox", "builds_per_day", "coverage_extra_args", "disabled",
         "fuzzing_engines", "help_url", "homepage", "language", "labels", "main_repo", "primary_contact",
         "run_tests", "sanitizers", "selective_unpack", "vendor_ccs", "view_restrictions", "file_github_issue"}
consts = {"sanitizers": {"address", "none", "memory", "undefined", "thread", "coverage", "introspector", "hwaddress"},
          "architectures": {"i386", "x86_64", "aarch64"},
          "fuzzing_engines": {"libfuzzer", "afl", "honggfuzz", "centipede", "none", "wycheproof"}}
want = ["language", "sanitizers", "fuzzing_engines", "architectures", "main_repo", "homepage",
        "primary_contact", "auto_ccs"]
bad = []
bad += ["%s is not a valid section name" % k for k in d if k not in valid]
bad += ["%s (in %s) is not a valid constant" % (v, k) for k, allowed in consts.items() for v in d.get(k, [])
        if v not in allowed]
bad += ["%s is missing" % k for k in want if k not in d]
if d.get("language") not in {"c", "c++", "go", "javascript", "jvm", "python", "rust", "swift", "ruby"}:
    bad.append("language %r is not supported" % d.get("language"))
for e in [d.get("primary_contact")] + list(d.get("auto_ccs") or []):
    if not e or "@" not in e or "." not in e:
        bad.append("%r is an invalid email address" % e)
comments = "".join(l for l in text.splitlines(True) if l.lstrip().startswith("#"))
for k, v in d.items():
    vals = v if isinstance(v, list) else [v]
    if any("example.invalid" in str(x) for x in vals):
        if "PLACEHOLDER" not in comments or k not in comments:
            bad.append("%s is a placeholder the comment does not name" % k)
        else:
            print("placeholder (named in the comment): %s" % k)
for b in bad:
    print("Error in %s: %s" % (path, b))
sys.exit(1 if bad else 0)
PY
}

# docs/ENGINES.md says how to run it from an oss-fuzz checkout.
engines_doc() {
	local c rc=0
	for c in build_image build_fuzzers check_build run_fuzzer; do
		grep -qE "python3? infra/helper.py $c .*mapfuzz" docs/ENGINES.md || { echo "docs/ENGINES.md: no 'infra/helper.py $c' line"; rc=1; }
	done
	grep -q 'projects/mapfuzz/' docs/ENGINES.md || { echo "docs/ENGINES.md does not say to copy oss-fuzz/ to projects/mapfuzz/"; rc=1; }
	for c in homepage main_repo primary_contact auto_ccs; do
		grep -q "$c" docs/ENGINES.md || { echo "docs/ENGINES.md does not name the placeholder $c"; rc=1; }
	done
	return $rc
}

# Each workflow that asks ClusterFuzzLite for SARIF uploads it to code
# scanning with the permission that takes; pushes to main keep builds.
workflows() {
	python3 - .github/workflows/*.yml <<'PY'
import sys, yaml
bad, push = [], None
for path in sys.argv[1:]:
    d = yaml.safe_load(open(path))
    on = d.get("on", d.get(True)) or {}
    for name, job in d["jobs"].items():
        steps = job.get("steps", [])
        sarif = any(s.get("with", {}).get("output-sarif") for s in steps)
        upload = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
        perms = job.get("permissions", d.get("permissions"))
        can = isinstance(perms, dict) and perms.get("security-events") == "write"
        if sarif and not upload:
            bad.append("%s: output-sarif with no upload-sarif step" % path)
        if sarif and not can:
            bad.append("%s: job %s has no security-events: write" % (path, name))
        for u in upload:
            if not u.get("with", {}).get("sarif_file") or "always()" not in str(u.get("if", "")):
                bad.append("%s: the upload needs sarif_file and if: always() (a crash fails run_fuzzers)" % path)
        if sarif:
            print("%s: SARIF uploaded (%s)" % (path, upload[0]["with"].get("category", "")))
        if isinstance(on, dict) and "push" in on and any(s.get("with", {}).get("upload-build") for s in steps):
            push = (path, set(job.get("strategy", {}).get("matrix", {}).get("sanitizer", [])))
    if isinstance(on, dict) and "pull_request" in on:
        pr = set(d["jobs"][next(iter(d["jobs"]))].get("strategy", {}).get("matrix", {}).get("sanitizer", []))
if not push:
    bad.append("no workflow on push keeps builds (upload-build: true)")
elif not pr <= push[1]:
    bad.append("%s builds %s, the PR fuzzes %s" % (push[0], sorted(push[1]), sorted(pr)))
else:
    print("%s: continuous builds for %s" % (push[0], sorted(push[1])))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

# A SARIF from triage, for a core in the repository and one outside it.
sarif() {
	local M=${OUT_DIR:-out}/mapfuzz seed=${OUT_DIR:-out}/corpus/fuzz_map/002-conflict-logged.bin
	[ -x "$M" ] && [ -f "$seed" ] || { echo "build first: make all"; return 1; }
	local bug=${OUT_DIR:-out}/bugs/no_errlog.c
	[ -f "$bug" ] || { echo "build first: make bugs"; return 1; }
	"$M" triage "$seed" --core "$bug" --out "$tmp/sarif-in" >"$tmp/sarif-in.log" 2>&1
	tests/sarif_check.py "$tmp/sarif-in/findings.sarif" . --results 1 || return 1
	local oc=$tmp/elsewhere/emu_outside_core.c
	mkdir -p "$tmp/elsewhere"
	cp "$bug" "$oc"
	# Its build directory's dependency files name last run's temporary path.
	rm -rf "${OUT_DIR:-out}/cores/emu_outside_core"
	"$M" triage "$seed" --core "$oc" --out "$tmp/sarif-out" >"$tmp/sarif-out.log" 2>&1
	[ -f "$tmp/sarif-out/findings.sarif" ] || { tail -3 "$tmp/sarif-out.log"; return 1; }
	tests/sarif_check.py "$tmp/sarif-out/findings.sarif" . --results 1 --outside "$oc"
}

start=$SECONDS
check "check_license: oss-fuzz/ files carry the Apache-2.0 header" licensed
check "Dockerfile builds from projects/mapfuzz/ alone (COPY sources, clone of main_repo, WORKDIR)" image_layout "$tmp/image/src"
check "project.yaml passes the presubmit's checks, placeholders named" project_yaml
check "docs/ENGINES.md: projects/mapfuzz/, helper.py lines, the placeholders" engines_doc
check "workflows upload their SARIF; pushes to main keep builds" workflows
check "triage SARIF has code scanning's required fields (core inside and outside)" sarif

IMAGE_SRC=$tmp/image/src build_pair address-libfuzzer address libfuzzer clang clang++ "$COMMON $F_ASAN -fsanitize=fuzzer-no-link" "$LIBFUZZER"
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
