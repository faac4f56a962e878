/* mapfuzz prove: every program of a bounded scope (enumerate.c), every
 * fault position of each (mf_sweep), every invariant in every run, walked by
 * N jobs (shard.c).  docs/PROVE.md is the scope in words, the prunings and
 * the figures.
 *
 * Slices (--shard I/N) cut the same walk across machines: slice I takes the
 * programs whose index % N == I, and its jobs split that slice again
 * (slices.c); --merge gives the verdict of the whole scope. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "prove.h"

/* --core: the proof runs in the ASan+UBSan mapfuzz built against the core
 * (the build triage and review use), so that a memory error of the core is
 * a counterexample, not a silent "holds" (docs/PROVE.md). */
static int build_and_exec(const char *core, int argc, char **argv)
{
	const char *out = getenv("MAPFUZZ_OUT");
	if (!out || !*out)
		out = "out";
	char name[256];
	mf_core_name(core, name, sizeof(name));
	char outdir[1024], objdir[1024], target[1200];
	snprintf(outdir, sizeof(outdir), "%s/cores/%s", out, name);
	const char *obj = getenv("MAPFUZZ_OBJ");
	if (obj && *obj)
		snprintf(objdir, sizeof(objdir), "%s", obj);
	else
		snprintf(objdir, sizeof(objdir), "%s/obj", out);
	snprintf(target, sizeof(target), "%s/mapfuzz", outdir);
	if (access(core, R_OK) != 0)
		return mf_usage_error("--core: cannot read %s", core);
	if (access("Makefile", R_OK) != 0)
		return mf_usage_error("%s", "--core builds with make: run from the project root");
	fprintf(stderr, "mapfuzz prove: building %s (ASan+UBSan) against %s\n", target, core);
	const char *targets[] = {target, NULL};
	mf_core_build b = {.root = ".", .out = outdir, .obj = objdir, .core = core, .targets = targets};
	if (mf_build_core("prove", &b) != 0)
		return 2;
	char **nargv = calloc((size_t)argc + 2, sizeof(char *));
	if (!nargv)
		abort();
	int n = 0;
	nargv[n++] = target;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--core") == 0) {
			i++;
			continue;
		}
		nargv[n++] = argv[i];
	}
	fflush(NULL);
	execv(target, nargv);
	fprintf(stderr, "mapfuzz: cannot run %s: %s\n", target, strerror(errno));
	return 2;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static bool count_visit(void *ctx, uint64_t index, const mf_program *p, uint32_t fixed)
{
	(void)ctx, (void)index, (void)p, (void)fixed;
	return true;
}

int mf_cmd_prove(int argc, char **argv)
{
	mf_enum_scope scope = {.depth = 4, .adapters = 2, .buses = 2, .windows = 2};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint32_t jobs = cpus > 0 ? (uint32_t)cpus : 1;
	const char *core = NULL, *out_path = NULL;
	slice_id sl = {0, 1};
	bool slicing = false, count_only = false;
	if (argc > 1 && strcmp(argv[1], "--merge") == 0)
		return prove_merge(argc - 2, argv + 2);
	for (int i = 1; i < argc; i++) {
		uint32_t *slot = NULL;
		if (strcmp(argv[i], "--depth") == 0)
			slot = &scope.depth;
		else if (strcmp(argv[i], "--adapters") == 0)
			slot = &scope.adapters;
		else if (strcmp(argv[i], "--buses") == 0)
			slot = &scope.buses;
		else if (strcmp(argv[i], "--windows") == 0)
			slot = &scope.windows;
		else if (strcmp(argv[i], "--jobs") == 0)
			slot = &jobs;
		else if (strcmp(argv[i], "--count") == 0) {
			count_only = true;
			continue;
		} else if (strcmp(argv[i], "--classes") == 0) {
			if (i + 1 >= argc || (strcmp(argv[i + 1], "all") != 0 && strcmp(argv[i + 1], "none") != 0))
				return mf_usage_error("%s", "--classes takes all or none");
			scope.no_classes = strcmp(argv[++i], "none") == 0;
			continue;
		} else if (strcmp(argv[i], "--core") == 0) {
			if (i + 1 >= argc)
				return mf_usage_error("%s", "--core takes a file");
			core = argv[++i];
			continue;
		} else if (strcmp(argv[i], "--out") == 0) {
			if (i + 1 >= argc)
				return mf_usage_error("%s", "--out takes a file");
			out_path = argv[++i];
			continue;
		} else if (strcmp(argv[i], "--shard") == 0) {
			char tail;
			if (i + 1 >= argc ||
			    sscanf(argv[i + 1], "%u/%u%c", &sl.slice, &sl.nslices, &tail) != 2 ||
			    argv[i + 1][0] < '0' || argv[i + 1][0] > '9' || sl.nslices < 1 ||
			    sl.nslices > 1000000 || sl.slice >= sl.nslices)
				return mf_usage_error("%s", "--shard takes I/N with 0 <= I < N <= 1000000");
			slicing = true;
			i++;
			continue;
		} else {
			return mf_usage_error("unknown argument %s; usage: mapfuzz prove [--depth K] [--adapters A] "
					      "[--buses B] [--windows W] [--classes all|none] [--jobs N] [--core FILE] "
					      "[--count] [--shard I/N [--out FILE]] | prove --merge FILE...",
					      argv[i]);
		}
		if (i + 1 >= argc || !mf_parse_u32(argv[i + 1], slot))
			return mf_usage_error("%s takes a number", argv[i]);
		i++;
	}
	const char *bad = mf_enum_check(&scope);
	if (bad)
		return mf_usage_error("%s", bad);
	if (jobs < 1 || jobs > MAX_JOBS)
		return mf_usage_error("%s", "--jobs takes 1..256");
	if (out_path && !slicing)
		return mf_usage_error("%s", "--out goes with --shard");
	if (core)
		return build_and_exec(core, argc, argv);

	printf("mapfuzz prove: depth %u, %u adapter%s, %u bus%s, %u window%s per bus, platform classes %s\n",
	       scope.depth, scope.adapters, scope.adapters == 1 ? "" : "s", scope.buses,
	       scope.buses == 1 ? "" : "es", scope.windows, scope.windows == 1 ? "" : "s",
	       scope.no_classes ? "none" : "all");
	printf("scope:\n");
	mf_enum_describe(stdout, &scope);
	fflush(stdout);

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (count_only) {
		/* The size of the scope, part by part, without running it. */
		mf_enum_stats st;
		mf_enum_walk(&scope, count_visit, NULL, &st);
		for (uint32_t k = 0; k <= (scope.no_classes ? 0 : mf_enum_nclasses); k++)
			printf("part %s: %" PRIu64 " programs, %" PRIu64 " states\n",
			       k ? mf_enum_classes[k - 1].name : "base", st.part_programs[k], st.part_states[k]);
		printf("count: %" PRIu64 " programs, %" PRIu64 " distinct states (walked in %.1f s)\n", st.programs,
		       st.states, seconds_since(&t0));
		return 0;
	}
	prove_walk_result w;
	if (!prove_walk(&scope, &sl, jobs, &w))
		return 2;
	uint64_t fail = w.fail;
	if (slicing) {
		free(w.buckets);
		return prove_finish_slice(&scope, &sl, &w, seconds_since(&t0), jobs, out_path);
	}
	if (!w.complete && w.crash < fail) {
		if (w.crash_hung)
			printf("cases: a job ran program #%" PRIu64 " for %d s and was killed; counts before it are not "
			       "kept\n",
			       w.crash, PROGRAM_SECONDS);
		else if (w.crash_signal)
			printf("cases: the core killed a job at program #%" PRIu64 " (signal %d); counts before it "
			       "are not kept\n",
			       w.crash, w.crash_signal);
		else
			printf("cases: the core killed a job at program #%" PRIu64 " (a sanitizer's report, or an exit); "
			       "counts before it are not kept\n",
			       w.crash);
		printf("time: %.1f s on %u job%s\n", seconds_since(&t0), jobs, jobs == 1 ? "" : "s");
		printf("verdict: fails\n");
		free(w.buckets);
		return prove_report_crash(&scope, w.crash, w.crash_signal);
	}
	if (fail == NONE) {
		printf("cases: %" PRIu64 " programs, %" PRIu64 " runs (every fault position included)\n", w.walked,
		       w.runs);
		printf("states: %" PRIu64 " distinct states probed\n", w.states);
		printf("time: %.1f s on %u job%s\n", seconds_since(&t0), jobs, jobs == 1 ? "" : "s");
		printf("verdict: holds\n");
		free(w.buckets);
		return 0;
	}

	mf_program found;
	uint64_t runs = prove_runs_through(&scope, &w, fail, &found);
	free(w.buckets);
	printf("cases: %" PRIu64 " programs, %" PRIu64 " runs (every fault position included), up to the "
	       "counterexample\n",
	       fail + 1, runs);
	printf("time: %.1f s on %u job%s\n", seconds_since(&t0), jobs, jobs == 1 ? "" : "s");
	printf("verdict: fails\n");
	return prove_report_counterexample(&found, fail);
}
