/* mapfuzz prove: every program of a bounded scope (src/enumerate.c), every
 * fault position of each (mf_sweep), every invariant in every run.
 * docs/PROVE.md is the scope in words, the prunings and the figures.
 *
 * Sharding: N children, child i takes the programs whose index % N == i and
 * sends its results over a pipe.  A shared word holds the lowest failing
 * index found so far; children skip everything above it, so the reported
 * counterexample is the lowest failing index whatever N is.  Run counts are
 * kept per bucket of BUCKET indexes, so that on a failure the counts up to
 * the counterexample are exact and independent of N too. */
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
	if (index % sh->nshards != sh->shard)
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
	const char *core = NULL;
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
		} else {
			return mf_usage_error("unknown argument %s; usage: mapfuzz prove [--depth K] [--adapters A] "
					      "[--buses B] [--windows W] [--jobs N] [--core FILE]", argv[i]);
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
			shard sh = {.shard = i, .nshards = jobs, .best = &shared[0], .current = &shared[1 + i]};
			run_shard(&scope, &sh, pipefd[1]);
		}
		close(pipefd[1]);
		pids[i] = pid;
		fds[i] = pipefd[0];
	}

	uint64_t fail = NONE, walked = 0, crash_index = NONE;
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
		for (uint64_t k = 0; k < h.nbuckets; k++)
			buckets[k] += b[k];
		free(b);
	}
	munmap((void *)shared, sizeof(uint64_t) * (1 + MAX_JOBS));

	if (!complete && crash_index < fail) {
		range_ctx r = {.lo = crash_index};
		mf_enum_walk(&scope, fetch_visit, &r);
		printf("cases: the run died at program #%" PRIu64 " (signal %d); counts before it are not kept\n",
		       crash_index, crash_signal);
		printf("time: %.1f s on %u job%s\n", seconds_since(&t0), jobs, jobs == 1 ? "" : "s");
		printf("verdict: fails\n");
		printf("counterexample: program #%" PRIu64 " crashes the core (a sweep of it stopped the process; "
		       "replay it with the sanitised build)\n",
		       crash_index);
		if (r.have)
			mf_script_write(stdout, &r.found);
		printf("mapfuzz: CRASH at program #%" PRIu64 ": signal %d\n", crash_index, crash_signal);
		free(buckets);
		return 1;
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

	mf_program p = part.found;
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
