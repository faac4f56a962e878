#!/usr/bin/env bash
# mapfuzz: the one entry point.  Every build goes through the Makefile.
#
#   ./build.sh                 build everything into out/
#   ./build.sh test            build and run every test
#   ./build.sh clean
#   ./build.sh fuzz [--engine libfuzzer|afl] [--time S] [--jobs N] [--core FILE] [--target NAME]
#   ./build.sh fuzz --driver DIR [--engine E] [--time S] [--jobs N] [--known F]   fuzz a miniport driver (docs/DRIVERS.md)
#   ./build.sh coverage        coverage of the corpus, out/coverage/
#   ./build.sh review --core FILE [--time S] [--jobs N] [--out DIR]   every deviation of a core (docs/REVIEW.md)
#   ./build.sh review --driver DIR [--out DIR] [--known F] [--time S]   a miniport driver's calls (docs/DRIVERS.md; --time: a fuzz_driver campaign last)
#
# CORE=path/to/core.c ./build.sh <anything> builds against another core.
set -euo pipefail
cd "$(dirname "$0")"

export CORE="${CORE:-src/core/core_ref.c}"
JOBS=$(nproc 2>/dev/null || echo 2)

die() { echo "build.sh: $*" >&2; exit 2; }

# Installs what a fresh Debian 12 lacks when run as root, else says what to
# install.  $1.. are "command:package" pairs.
need() {
	local missing=() pkgs=()
	for pair in "$@"; do
		command -v "${pair%%:*}" >/dev/null 2>&1 || { missing+=("${pair%%:*}"); pkgs+=("${pair#*:}"); }
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "build.sh: installing ${pkgs[*]}" >&2
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}"; } >/dev/null \
			|| die "could not install ${pkgs[*]}; install them and retry"
	else
		die "missing ${missing[*]}: install with 'apt-get install ${pkgs[*]}' (as root)"
	fi
}

need_build_tools() {
	need make:make gcc:gcc clang:clang-14 llvm-symbolizer:llvm-14
	# libFuzzer and the sanitizer runtimes come with libclang-rt-14-dev.
	echo 'int LLVMFuzzerTestOneInput(const char *d, long n){(void)d;(void)n;return 0;}' \
		| clang -x c -fsanitize=fuzzer,address -o /dev/null - 2>/dev/null \
		|| need_pkg libclang-rt-14-dev
}

need_pkg() {
	dpkg -s "$1" >/dev/null 2>&1 && return 0
	[ "$(id -u)" = 0 ] || die "missing package $1: install with 'apt-get install $1' (as root)"
	echo "build.sh: installing $1" >&2
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1"; } >/dev/null \
		|| die "could not install $1"
}

build() { need_build_tools; make -s -j"$JOBS" "$@"; }

cmd="${1:-build}"
[ $# -gt 0 ] && shift
case "$cmd" in
build) build all "$@" ;;
test)
	# The OSS-Fuzz emulation builds the AFL++ pair and zips seed corpora.
	need_build_tools
	need afl-fuzz:afl++ afl-clang-fast:afl++ zip:zip unzip:unzip objdump:binutils python3:python3
	need_pkg python3-yaml # the emulation reads project.yaml and the workflows
	build all && exec tests/run.sh "$@"
	;;
clean) make -s clean ;;
fuzz)
	need_build_tools
	# python3 receives AFL++'s StatsD progress (scripts/afl_statsd_sink.py).
	case " $* " in *afl*) need afl-fuzz:afl++ afl-clang-fast:afl++ python3:python3 ;; esac
	exec scripts/fuzz_campaign.sh "$@"
	;;
coverage)
	need_build_tools
	need llvm-profdata-14:llvm-14 llvm-cov-14:llvm-14
	exec scripts/coverage.sh "$@"
	;;
bench) need_build_tools && exec scripts/bench.sh "$@" ;;
review)
	# --driver DIR: the review builds the driver's runner itself (make driver).
	case " $* " in *" --driver "*) build cli ;; *) build cli fuzz ;; esac
	exec out/mapfuzz review "$@"
	;;
help | -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' ;;
*) die "unknown command '$cmd' (try ./build.sh help)" ;;
esac
