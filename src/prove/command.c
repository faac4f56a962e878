/* mapfuzz prove: every program of a bounded scope (src/enumerate.c), every
 * fault position of each (mf_sweep), every invariant in every run.
 * docs/PROVE.md is the scope in words, the prunings and the figures.
 *
 * Sharding: N children, child i takes the programs whose index % N == i and
 * sends its results over a pipe.  A shared word holds the lowest failing
 * index found so far; children skip everything above it, so the reported
 * counterexample is the lowest failing index whatever N is.  Run counts are
 * kept per bucket of BUCKET indexes, so that on a failure the counts up to
 * the counterexample are exact and independent of N too.
 *
 * Slices (--shard I/N) cut the same walk across machines: slice I takes the
 * programs whose index % N == I, and its jobs split that slice again.  Each
 * slice prints its result as "shard-..." lines; --merge checks that the
 * files cover the scope exactly once and gives the verdict, so the
 * counterexample is still the lowest failing index of the whole scope. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "enumerate.h"
#include "oracle/harness.h"
#include "program/script.h"

enum { BUCKET = 4096, MAX_JOBS = 256, MAX_SWEEP_RUNS = 65535 };
#define NONE UINT64_MAX

/* ---- one shard ---- */

typedef struct {
	uint32_t slice, nslices;    /* --shard I/N; 0/1 without it */
	uint32_t shard, nshards;
	volatile uint64_t *best;    /* shared: lowest failing index so far */
	volatile uint64_t *current; /* shared: the index this shard is running */
	uint64_t *buckets;          /* runs per bucket of indexes */
	uint64_t nbuckets, cap;
	uint64_t first_fail;
	uint64_t programs;          /* programs this shard ran */
} shard;

static void lower_best(volatile uint64_t *best, uint64_t index)
{
	uint64_t now = __atomic_load_n(best, __ATOMIC_SEQ_CST);
	while (index < now && !__atomic_compare_exchange_n(best, &now, index, false, __ATOMIC_SEQ_CST,
							   __ATOMIC_SEQ_CST))
		;
}

static void add_runs(shard *sh, uint64_t index, uint64_t runs)
{
	uint64_t b = index / BUCKET;
	if (b >= sh->cap) {
		uint64_t cap = sh->cap ? sh->cap : 1024;
		while (cap <= b)
			cap *= 2;
		uint64_t *n = realloc(sh->buckets, cap * sizeof(*n));
		if (!n)
			abort();
		memset(n + sh->cap, 0, (cap - sh->cap) * sizeof(*n));
		sh->buckets = n;
		sh->cap = cap;
	}
	sh->buckets[b] += runs;
	if (b + 1 > sh->nbuckets)
		sh->nbuckets = b + 1;
}

static bool shard_visit(void *ctx, uint64_t index, const mf_program *p)
{
	shard *sh = ctx;
	if (index % sh->nslices != sh->slice || index / sh->nslices % sh->nshards != sh->shard)
		return true;
	if (index > __atomic_load_n(sh->best, __ATOMIC_SEQ_CST))
		return false;
	*sh->current = index;
	mf_sweep_result res;
	bool held = mf_sweep(p, MAX_SWEEP_RUNS, &res);
	sh->programs++;
	add_runs(sh, index, res.runs);
	if (held)
		return true;
	sh->first_fail = index;
	lower_best(sh->best, index);
	return false;
}

typedef struct {
	uint64_t first_fail, programs_walked, programs_run, nbuckets;
	int32_t finished; /* the walk ran to its end */
} shard_header;

static bool write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static bool read_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

static void run_shard(const mf_enum_scope *scope, shard *sh, int fd)
{
	sh->first_fail = NONE;
	uint64_t walked = mf_enum_walk(scope, shard_visit, sh);
	shard_header h = {sh->first_fail, walked, sh->programs, sh->nbuckets, sh->first_fail == NONE};
	if (!write_all(fd, &h, sizeof(h)) || !write_all(fd, sh->buckets, sh->nbuckets * sizeof(uint64_t)))
		_exit(3);
	_exit(0);
}

/* ---- the parent ---- */

typedef struct {
	uint64_t lo, hi; /* inclusive */
	uint64_t runs;
	mf_program found;
	bool have;
} range_ctx;

static bool range_visit(void *ctx, uint64_t index, const mf_program *p)
{
	range_ctx *r = ctx;
	if (index < r->lo)
		return true;
	if (index > r->hi)
		return false;
	if (index == r->hi) {
		r->found = *p;
		r->have = true;
	}
	mf_sweep_result res;
	mf_sweep(p, MAX_SWEEP_RUNS, &res);
	r->runs += res.runs;
	return true;
}

static bool fetch_visit(void *ctx, uint64_t index, const mf_program *p)
{
	range_ctx *r = ctx;
	if (index < r->lo)
		return true;
	r->found = *p;
	r->have = true;
	return false;
}

static bool fails_with(const mf_program *p, const char *id, mf_sweep_result *res)
{
	return !mf_sweep(p, MAX_SWEEP_RUNS, res) && strcmp(res->first.findings[0].invariant, id) == 0;
}

/* Greedy: drop one operation at a time, last first, while the sweep still
 * breaks the same invariant; repeat until nothing can go. */
static void minimise(mf_program *p, const char *id)
{
	bool changed = true;
	while (changed) {
		changed = false;
		for (uint32_t i = p->nops; i-- > 0;) {
			mf_program c = *p;
			memmove(&c.ops[i], &c.ops[i + 1], (c.nops - i - 1) * sizeof(mf_op));
			c.nops--;
			mf_sweep_result res;
			if (fails_with(&c, id, &res)) {
				*p = c;
				changed = true;
			}
		}
	}
}

/* The counterexample as a file-ready program: its own plan fails the Nth
 * call (none when it fails without a fault). */
static void reproducer(mf_program *p, const char *id, mf_verdict *v)
{
	mf_program c = *p;
	c.plan = (mf_fault_plan){0};
	if (!mf_run(&c, NULL, v) && strcmp(v->findings[0].invariant, id) == 0) {
		*p = c;
		return;
	}
	mf_sweep_result res;
	mf_sweep(p, MAX_SWEEP_RUNS, &res);
	p->plan = (mf_fault_plan){.mode = MF_FAULT_NTH, .nth = res.failing_nth};
	mf_run(p, NULL, v);
}

static int build_and_exec(const char *core, int argc, char **argv)
{
	const char *out = getenv("MAPFUZZ_OUT");
	if (!out || !*out)
		out = "out";
	const char *base = strrchr(core, '/');
	base = base ? base + 1 : core;
	char name[256];
	snprintf(name, sizeof(name), "%s", base);
	char *dot = strrchr(name, '.');
	if (dot)
		*dot = 0;
	char outdir[1024], objdir[1024], target[1200], arg_out[1100], arg_obj[1100], arg_core[4200];
	snprintf(outdir, sizeof(outdir), "%s/cores/%s", out, name);
	const char *obj = getenv("MAPFUZZ_OBJ");
	if (obj && *obj)
		snprintf(objdir, sizeof(objdir), "%s", obj);
	else
		snprintf(objdir, sizeof(objdir), "%s/obj", out);
	snprintf(target, sizeof(target), "%s/fast/mapfuzz", outdir);
	snprintf(arg_out, sizeof(arg_out), "OUT=%s", outdir);
	snprintf(arg_obj, sizeof(arg_obj), "OBJ=%s", objdir);
	snprintf(arg_core, sizeof(arg_core), "CORE=%s", core);
	if (access(core, R_OK) != 0)
		return mf_usage_error("--core: cannot read %s", core);
	if (access("Makefile", R_OK) != 0)
		return mf_usage_error("%s", "--core builds with make: run from the project root");
	fprintf(stderr, "mapfuzz prove: building %s against %s\n", target, core);
	pid_t pid = fork();
	if (pid < 0)
		return fprintf(stderr, "mapfuzz: fork: %s\n", strerror(errno)), 2;
	if (pid == 0) {
		dup2(STDERR_FILENO, STDOUT_FILENO);
		execlp("make", "make", "-s", arg_out, arg_obj, arg_core, target, (char *)NULL);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return fprintf(stderr, "mapfuzz: building against %s failed\n", core), 2;
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

/* Minimises program #index (which fails) and prints it with its verdict. */
static int report_counterexample(const mf_program *found, uint64_t fail)
{
	mf_program p = *found;
	mf_sweep_result res;
	mf_sweep(&p, MAX_SWEEP_RUNS, &res);
	const char *id = res.first.findings[0].invariant;
	uint32_t before = p.nops;
	minimise(&p, id);
	mf_verdict v;
	reproducer(&p, id, &v);
	printf("counterexample: program #%" PRIu64 " (fail_nth %u), minimised from %u to %u operations:\n", fail,
	       res.failing_nth, before, p.nops);
	mf_script_write(stdout, &p);
	mf_verdict_print(stdout, &v);
	return 1;
}

/* Program #index crashed a child: print it as the counterexample. */
static int report_crash(const mf_enum_scope *scope, uint64_t index, int signal_number)
{
	range_ctx r = {.lo = index};
	mf_enum_walk(scope, fetch_visit, &r);
	printf("counterexample: program #%" PRIu64 " crashes the core (a sweep of it stopped the process; "
	       "replay it with the sanitised build)\n",
	       index);
	if (r.have)
		mf_script_write(stdout, &r.found);
	printf("mapfuzz: CRASH at program #%" PRIu64 ": signal %d\n", index, signal_number);
	return 1;
}

/* Program #index fails: fetch it, minimise it, print it. */
static int report_failure(const mf_enum_scope *scope, uint64_t index)
{
	range_ctx r = {.lo = index};
	mf_enum_walk(scope, fetch_visit, &r);
	if (!r.have)
		return fprintf(stderr, "mapfuzz: program #%" PRIu64 " is not in the scope\n", index), 2;
	return report_counterexample(&r.found, index);
}

/* ---- slices (--shard I/N) and --merge ---- */

typedef struct {
	uint32_t slice, nslices;
} slice_id;

/* The result lines of a slice: what --merge reads back.  Any other line of
 * the file (prove's own output, if stdout was saved) is ignored. */
static void write_slice_lines(FILE *f, const mf_enum_scope *scope, const slice_id *sl, uint64_t fail,
			      uint64_t crash, int crash_signal, uint64_t walked, uint64_t runs, uint64_t ran)
{
	fprintf(f, "shard-scope: depth %u adapters %u buses %u windows %u\n", scope->depth, scope->adapters,
		scope->buses, scope->windows);
	fprintf(f, "shard-slice: %u/%u\n", sl->slice, sl->nslices);
	fprintf(f, "shard-programs: %" PRIu64 "\n", walked);
	fprintf(f, "shard-ran: %" PRIu64 "\n", ran);
	fprintf(f, "shard-runs: %" PRIu64 "\n", runs);
	if (fail == NONE)
		fprintf(f, "shard-fail: none\n");
	else
		fprintf(f, "shard-fail: %" PRIu64 "\n", fail);
	if (crash == NONE)
		fprintf(f, "shard-crash: none\n");
	else
		fprintf(f, "shard-crash: %" PRIu64 " %d\n", crash, crash_signal);
}

static int finish_slice(const mf_enum_scope *scope, const slice_id *sl, uint64_t fail, uint64_t crash,
			int crash_signal, uint64_t walked, uint64_t runs, uint64_t ran, double secs,
			uint32_t jobs, const char *out_path)
{
	/* A crash below the first failure decides, as without slices. */
	if (crash != NONE && crash > fail)
		crash = NONE;
	printf("slice: %u/%u, %" PRIu64 " programs, %" PRIu64 " runs\n", sl->slice, sl->nslices, ran, runs);
	printf("time: %.1f s on %u job%s\n", secs, jobs, jobs == 1 ? "" : "s");
	if (out_path) {
		FILE *f = fopen(out_path, "w");
		if (!f)
			return fprintf(stderr, "mapfuzz: prove: cannot write %s: %s\n", out_path, strerror(errno)), 2;
		write_slice_lines(f, scope, sl, fail, crash, crash_signal, walked, runs, ran);
		if (fclose(f) != 0)
			return fprintf(stderr, "mapfuzz: prove: cannot write %s: %s\n", out_path, strerror(errno)), 2;
	} else {
		write_slice_lines(stdout, scope, sl, fail, crash, crash_signal, walked, runs, ran);
	}
	if (crash != NONE) {
		printf("verdict: fails\n");
		return report_crash(scope, crash, crash_signal);
	}
	if (fail != NONE) {
		printf("verdict: fails\n");
		return report_failure(scope, fail);
	}
	printf("verdict: holds in this slice\n");
	return 0;
}

typedef struct {
	mf_enum_scope scope;
	slice_id sl;
	uint64_t programs, ran, runs, fail, crash;
	int crash_signal;
	int seen; /* bit per key found */
} slice_file;

static bool parse_u64_text(const char *s, uint64_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || (*end != 0 && *end != '\n' && *end != ' '))
		return false;
	*out = v;
	return true;
}

/* Reads one slice's result lines; a one-line reason on failure. */
static bool read_slice_file(const char *path, slice_file *sf, char *why, size_t whysize)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(why, whysize, "cannot read %s: %s", path, strerror(errno));
		return false;
	}
	memset(sf, 0, sizeof(*sf));
	char line[512];
	bool ok = true;
	while (ok && fgets(line, sizeof(line), f)) {
		char none[8];
		if (sscanf(line, "shard-scope: depth %u adapters %u buses %u windows %u", &sf->scope.depth,
			   &sf->scope.adapters, &sf->scope.buses, &sf->scope.windows) == 4)
			sf->seen |= 1;
		else if (sscanf(line, "shard-slice: %u/%u", &sf->sl.slice, &sf->sl.nslices) == 2)
			sf->seen |= 2;
		else if (strncmp(line, "shard-programs: ", 16) == 0)
			ok = parse_u64_text(line + 16, &sf->programs), sf->seen |= 4;
		else if (strncmp(line, "shard-ran: ", 11) == 0)
			ok = parse_u64_text(line + 11, &sf->ran), sf->seen |= 8;
		else if (strncmp(line, "shard-runs: ", 12) == 0)
			ok = parse_u64_text(line + 12, &sf->runs), sf->seen |= 16;
		else if (strncmp(line, "shard-fail: ", 12) == 0) {
			sf->seen |= 32;
			sf->fail = NONE;
			if (sscanf(line + 12, "%4s", none) != 1 || strcmp(none, "none") != 0)
				ok = parse_u64_text(line + 12, &sf->fail);
		} else if (strncmp(line, "shard-crash: ", 13) == 0) {
			sf->seen |= 64;
			sf->crash = NONE;
			if (sscanf(line + 13, "%4s", none) != 1 || strcmp(none, "none") != 0)
				ok = sscanf(line + 13, "%" SCNu64 " %d", &sf->crash, &sf->crash_signal) == 2;
		}
	}
	fclose(f);
	if (!ok || sf->seen != 127) {
		snprintf(why, whysize, "%s: not a 'prove --shard' result (shard-... lines missing or malformed)",
			 path);
		return false;
	}
	if (sf->sl.nslices < 1 || sf->sl.slice >= sf->sl.nslices) {
		snprintf(why, whysize, "%s: slice %u/%u is not a slice", path, sf->sl.slice, sf->sl.nslices);
		return false;
	}
	const char *bad = mf_enum_check(&sf->scope);
	if (bad) {
		snprintf(why, whysize, "%s: its scope is invalid (%s)", path, bad);
		return false;
	}
	return true;
}

static bool same_scope(const mf_enum_scope *a, const mf_enum_scope *b)
{
	return a->depth == b->depth && a->adapters == b->adapters && a->buses == b->buses &&
	       a->windows == b->windows;
}

/* mapfuzz prove --merge FILE...: the slices must cover the scope exactly
 * once; then the verdict of the whole scope. */
static int merge_slices(int nfiles, char **files)
{
	char why[1200];
	if (nfiles < 1)
		return mf_usage_error("%s", "--merge takes the result files of every slice");
	slice_file *sf = calloc((size_t)nfiles, sizeof(*sf));
	if (!sf)
		abort();
	int rc = 2;
	const char **owner = NULL;
	for (int i = 0; i < nfiles; i++) {
		if (!read_slice_file(files[i], &sf[i], why, sizeof(why)))
			goto refuse;
		if (!same_scope(&sf[i].scope, &sf[0].scope) || sf[i].sl.nslices != sf[0].sl.nslices) {
			snprintf(why, sizeof(why), "%s is slice %u/%u of another scope or split than %s (%u/%u)",
				 files[i], sf[i].sl.slice, sf[i].sl.nslices, files[0], sf[0].sl.slice,
				 sf[0].sl.nslices);
			goto refuse;
		}
	}
	uint32_t n = sf[0].sl.nslices;
	owner = calloc(n, sizeof(*owner));
	if (!owner)
		abort();
	for (int i = 0; i < nfiles; i++) {
		uint32_t k = sf[i].sl.slice;
		if (owner[k]) {
			snprintf(why, sizeof(why), "slice %u/%u given twice (%s and %s)", k, n, owner[k], files[i]);
			goto refuse;
		}
		owner[k] = files[i];
	}
	for (uint32_t k = 0; k < n; k++) {
		if (!owner[k]) {
			snprintf(why, sizeof(why), "slice %u/%u missing", k, n);
			goto refuse;
		}
	}

	const mf_enum_scope *scope = &sf[0].scope;
	printf("mapfuzz prove --merge: depth %u, %u adapter%s, %u bus%s, %u window%s per bus, %u slice%s\n",
	       scope->depth, scope->adapters, scope->adapters == 1 ? "" : "s", scope->buses,
	       scope->buses == 1 ? "" : "es", scope->windows, scope->windows == 1 ? "" : "s", n,
	       n == 1 ? "" : "s");
	uint64_t fail = NONE, crash = NONE, programs = 0, ran = 0, runs = 0;
	int crash_signal = 0;
	for (int i = 0; i < nfiles; i++) {
		fail = sf[i].fail < fail ? sf[i].fail : fail;
		if (sf[i].crash < crash) {
			crash = sf[i].crash;
			crash_signal = sf[i].crash_signal;
		}
		programs = sf[i].programs > programs ? sf[i].programs : programs;
		ran += sf[i].ran;
		runs += sf[i].runs;
	}
	if (crash != NONE && crash < fail) {
		printf("verdict: fails\n");
		rc = report_crash(scope, crash, crash_signal);
	} else if (fail != NONE) {
		/* Each slice stopped at its own first failure: the lowest of
		 * those is the lowest failing index of the scope. */
		printf("verdict: fails\n");
		rc = report_failure(scope, fail);
	} else if (ran != programs) {
		snprintf(why, sizeof(why), "the slices ran %" PRIu64 " programs, the scope has %" PRIu64, ran,
			 programs);
		goto refuse;
	} else {
		printf("cases: %" PRIu64 " programs, %" PRIu64 " runs (every fault position included)\n", programs,
		       runs);
		printf("verdict: holds\n");
		rc = 0;
	}
	free(owner);
	free(sf);
	return rc;
refuse:
	fprintf(stderr, "mapfuzz: prove --merge: %s\n", why);
	free(owner);
	free(sf);
	return 2;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int mf_cmd_prove(int argc, char **argv)
{
	mf_enum_scope scope = {.depth = 3, .adapters = 2, .buses = 2, .windows = 2};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint32_t jobs = cpus > 0 ? (uint32_t)cpus : 1;
	const char *core = NULL, *out_path = NULL;
	slice_id sl = {0, 1};
	bool slicing = false;
	if (argc > 1 && strcmp(argv[1], "--merge") == 0)
		return merge_slices(argc - 2, argv + 2);
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
		else if (strcmp(argv[i], "--core") == 0) {
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
					      "[--buses B] [--windows W] [--jobs N] [--core FILE] "
					      "[--shard I/N [--out FILE]] | prove --merge FILE...", argv[i]);
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

	printf("mapfuzz prove: depth %u, %u adapter%s, %u bus%s, %u window%s per bus\n", scope.depth,
	       scope.adapters, scope.adapters == 1 ? "" : "s", scope.buses, scope.buses == 1 ? "" : "es",
	       scope.windows, scope.windows == 1 ? "" : "s");
	printf("scope:\n");
	mf_enum_describe(stdout, &scope);
	fflush(stdout);

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	volatile uint64_t *shared = mmap(NULL, sizeof(uint64_t) * (1 + MAX_JOBS), PROT_READ | PROT_WRITE,
					 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return fprintf(stderr, "mapfuzz: mmap: %s\n", strerror(errno)), 2;
	shared[0] = NONE;
	pid_t pids[MAX_JOBS];
	int fds[MAX_JOBS];
	for (uint32_t i = 0; i < jobs; i++) {
		int pipefd[2];
		if (pipe(pipefd) != 0)
			return fprintf(stderr, "mapfuzz: pipe: %s\n", strerror(errno)), 2;
		shared[1 + i] = NONE;
		pid_t pid = fork();
		if (pid < 0)
			return fprintf(stderr, "mapfuzz: fork: %s\n", strerror(errno)), 2;
		if (pid == 0) {
			close(pipefd[0]);
			for (uint32_t j = 0; j < i; j++)
				close(fds[j]);
			shard sh = {.slice = sl.slice, .nslices = sl.nslices, .shard = i, .nshards = jobs,
				    .best = &shared[0], .current = &shared[1 + i]};
			run_shard(&scope, &sh, pipefd[1]);
		}
		close(pipefd[1]);
		pids[i] = pid;
		fds[i] = pipefd[0];
	}

	uint64_t fail = NONE, walked = 0, crash_index = NONE, ran = 0, runs_total = 0;
	int crash_signal = 0;
	uint64_t *buckets = NULL, nbuckets = 0;
	bool complete = true;
	for (uint32_t i = 0; i < jobs; i++) {
		shard_header h;
		bool ok = read_all(fds[i], &h, sizeof(h));
		uint64_t *b = NULL;
		if (ok) {
			b = calloc(h.nbuckets ? h.nbuckets : 1, sizeof(uint64_t));
			ok = b && read_all(fds[i], b, h.nbuckets * sizeof(uint64_t));
		}
		close(fds[i]);
		int st;
		while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!ok || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			/* The core crashed the shard: the program it was running fails. */
			complete = false;
			if (shared[1 + i] < crash_index) {
				crash_index = shared[1 + i];
				crash_signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
			}
			free(b);
			continue;
		}
		if (h.first_fail < fail)
			fail = h.first_fail;
		if (h.finished && h.programs_walked > walked)
			walked = h.programs_walked;
		if (h.nbuckets > nbuckets) {
			uint64_t *n = realloc(buckets, h.nbuckets * sizeof(uint64_t));
			if (!n)
				abort();
			memset(n + nbuckets, 0, (h.nbuckets - nbuckets) * sizeof(uint64_t));
			buckets = n;
			nbuckets = h.nbuckets;
		}
		for (uint64_t k = 0; k < h.nbuckets; k++) {
			buckets[k] += b[k];
			runs_total += b[k];
		}
		ran += h.programs_run;
		free(b);
	}
	munmap((void *)shared, sizeof(uint64_t) * (1 + MAX_JOBS));

	if (slicing) {
		free(buckets);
		return finish_slice(&scope, &sl, fail, crash_index, crash_signal, walked, runs_total, ran,
				    seconds_since(&t0), jobs, out_path);
	}
	if (!complete && crash_index < fail) {
		printf("cases: the run died at program #%" PRIu64 " (signal %d); counts before it are not kept\n",
		       crash_index, crash_signal);
		printf("time: %.1f s on %u job%s\n", seconds_since(&t0), jobs, jobs == 1 ? "" : "s");
		printf("verdict: fails\n");
		free(buckets);
		return report_crash(&scope, crash_index, crash_signal);
	}
	if (fail == NONE) {
		uint64_t runs = 0;
		for (uint64_t k = 0; k < nbuckets; k++)
			runs += buckets[k];
		printf("cases: %" PRIu64 " programs, %" PRIu64 " runs (every fault position included)\n", walked,
		       runs);
		printf("time: %.1f s on %u job%s\n", seconds_since(&t0), jobs, jobs == 1 ? "" : "s");
		printf("verdict: holds\n");
		free(buckets);
		return 0;
	}

	/* Runs up to and including the counterexample: whole buckets from the
	 * shards, the last partial bucket again here. */
	uint64_t runs = 0;
	for (uint64_t k = 0; k < fail / BUCKET && k < nbuckets; k++)
		runs += buckets[k];
	range_ctx part = {.lo = fail / BUCKET * BUCKET, .hi = fail};
	mf_enum_walk(&scope, range_visit, &part);
	runs += part.runs;
	free(buckets);
	printf("cases: %" PRIu64 " programs, %" PRIu64 " runs (every fault position included), up to the "
	       "counterexample\n",
	       fail + 1, runs);
	printf("time: %.1f s on %u job%s\n", seconds_since(&t0), jobs, jobs == 1 ? "" : "s");
	printf("verdict: fails\n");
	return report_counterexample(&part.found, fail);
}
