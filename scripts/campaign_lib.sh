# Sourced by scripts/fuzz_campaign.sh: the progress readers and the AFL++
# corpus minimisation, apart so tests/campaign_test.sh can drive them.
# The readers set execs, eps, edges and corpus_now from the engine's own
# freshest figures.

# libFuzzer -fork=N prints "#E: cov: C ft: F corp: N exec/s: R ... time: Ts"
# as each job ends, every few seconds.  exec/s is over the last two such
# lines (the engine's clock), so a poll between lines repeats the latest
# figures instead of printing "-".
lf_progress() { # libfuzzer.log
	local lines
	lines=$(grep -a -E '^#[0-9]+: cov: ' "$1" 2>/dev/null | tail -2)
	[ -n "$lines" ] || return 0
	local -a e t
	local line
	while read -r line; do
		e+=("$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$line")")
		t+=("$(sed -nE 's/.* time: ([0-9]+)s.*/\1/p' <<<"$line")")
		edges=$(sed -E 's/.* cov: ([0-9]+).*/\1/' <<<"$line")
		corpus_now=$(sed -E 's/.* corp: ([0-9]+).*/\1/' <<<"$line")
		eps=$(sed -E 's/.* exec\/s:? ([0-9]+).*/\1/' <<<"$line")
	done <<<"$lines"
	execs=${e[-1]}
	if [ ${#e[@]} -eq 2 ] && [ -n "${t[0]}" ] && [ -n "${t[1]}" ] && [ "${t[1]}" -gt "${t[0]}" ]; then
		eps=$(((e[1] - e[0]) / (t[1] - t[0])))
	elif [ -n "${t[-1]}" ] && [ "${t[-1]}" -gt 0 ]; then
		eps=$((e[-1] / t[-1])) # one line so far: since the start
	fi
}

# AFL++ rewrites fuzzer_stats about once a minute and plot_data not at all
# in the first minute; its StatsD metrics (AFL_STATSD) go out every second.
# afl_stats_start runs scripts/afl_statsd_sink.py, which keeps each
# instance's latest metrics in $1/<banner>.stats, and exports what afl-fuzz
# needs to send them there (each instance names itself with -T).
afl_stats_start() { # dir seconds; sets statsd_pid
	local dir=$1 i
	statsd_pid=
	command -v python3 >/dev/null || return 0
	mkdir -p "$dir"
	python3 "$(dirname "${BASH_SOURCE[0]}")/afl_statsd_sink.py" "$dir" "$2" &
	statsd_pid=$!
	for ((i = 0; i < 50; i++)); do
		[ -s "$dir/port" ] && break
		sleep 0.1
	done
	[ -s "$dir/port" ] || return 0
	export AFL_STATSD=1 AFL_STATSD_HOST=127.0.0.1 AFL_STATSD_PORT=$(cat "$dir/port") AFL_STATSD_TAGS_FLAVOR=dogstatsd
}

afl_progress() { # afl output dir, statsd dir
	local out=$1 sd=$2 f n=0 main
	execs=0 eps=0
	for f in "$sd"/*.stats; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		execs=$((execs + $(awk '$1=="execs_done"{print $2}' "$f")))
		eps=$((eps + $(awk '$1=="execs_per_sec"{printf "%d", $2}' "$f")))
	done
	main=$sd/main.stats
	if [ "$n" -gt 0 ] && [ -f "$main" ]; then
		edges=$(awk '$1=="edges_found"{print $2}' "$main")
		corpus_now=$(awk '$1=="corpus_count"{print $2}' "$main")
		return 0
	fi
	# No StatsD (no python3): fuzzer_stats, stale as it is.
	for f in "$out"/*/fuzzer_stats; do
		[ -f "$f" ] || continue
		execs=$((execs + $(awk '$1=="execs_done"{print $3}' "$f")))
		eps=$((eps + $(awk '$1=="execs_per_sec"{printf "%d", $3}' "$f")))
	done
	f=$out/main/fuzzer_stats
	if [ -f "$f" ]; then
		edges=$(awk '$1=="edges_found"{print $3}' "$f")
		corpus_now=$(awk '$1=="corpus_count"{print $3}' "$f")
	fi
	return 0
}

# afl-cmin refuses input or output under /tmp or /var/tmp unless
# AFL_ALLOW_TMP is set (a guard against other users' symlinks there); these
# directories are the campaign's own, inside the clone, wherever it lives.
afl_minimize() { # in out log binary
	AFL_ALLOW_TMP=1 AFL_SKIP_BIN_CHECK=1 afl-cmin -i "$1" -o "$2" -m none -t 5000 -- "$4" >"$3" 2>&1 &&
		[ -n "$(ls -A "$2" 2>/dev/null)" ]
}

progress_line() { # elapsed crashes
	printf 'fuzz: [%4ds] execs %-10s exec/s %-7s corpus %-6s crashes %s\n' "$1" "$execs" "$eps" "$corpus_now" "$2"
}
