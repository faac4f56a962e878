/* The walk of a scope by N child processes (docs/PROVE.md).
 *
 * Child i takes the programs whose index % N == i and sends its results
 * over a pipe.  A shared word holds the lowest failing index found so far;
 * children skip everything above it, so the reported counterexample is the
 * lowest failing index whatever N is.  Run counts are kept per bucket of
 * BUCKET indexes, so that on a failure the counts up to the counterexample
 * are exact and independent of N too.  A child the core kills (a
 * sanitizer's report, a signal) leaves the index it was running in shared
 * memory: that program is the crash, a counterexample like a failure
 * (crash.c reruns it to name the death), and the parent lowers the shared
 * word to it at once, so the other children stop above it. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "oracle/harness.h"
#include "prove.h"

typedef struct {
	uint32_t slice, nslices;    /* --shard I/N */
	uint32_t shard, nshards;
	volatile uint64_t *best;    /* shared: lowest failing index so far */
	volatile uint64_t *current; /* shared: the index this shard is running */
	uint64_t *buckets;          /* runs per bucket of indexes */
	uint64_t nbuckets, cap;
	uint64_t first_fail;
	uint64_t programs;          /* programs this shard ran */
} shard;

static time_t monotonic_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

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

bool prove_sweep(const mf_program *p, uint32_t fixed, mf_sweep_result *res)
{
	uint32_t from = p->nops > fixed ? p->nops - 1 : 0;
	return mf_sweep_from(p, from, MAX_SWEEP_RUNS, res);
}

static bool shard_visit(void *ctx, uint64_t index, const mf_program *p, uint32_t fixed)
{
	shard *sh = ctx;
	if (index % sh->nslices != sh->slice || index / sh->nslices % sh->nshards != sh->shard)
		return true;
	if (index > __atomic_load_n(sh->best, __ATOMIC_SEQ_CST))
		return false;
	*sh->current = index;
	static mf_sweep_result res; /* big: a frame of it costs ASan a shadow fill per program */
	bool held = prove_sweep(p, fixed, &res);
	sh->programs++;
	add_runs(sh, index, res.runs);
	if (held)
		return true;
	sh->first_fail = index;
	lower_best(sh->best, index);
	return false;
}

typedef struct {
	uint64_t first_fail, programs_walked, states, programs_run, nbuckets;
	int32_t finished; /* the walk ran to its end */
} shard_header;

static void run_shard(const mf_enum_scope *scope, shard *sh, int fd)
{
	sh->first_fail = NONE;
	mf_enum_stats st;
	uint64_t walked = mf_enum_walk(scope, shard_visit, sh, &st);
	shard_header h = {sh->first_fail, walked, st.states, sh->programs, sh->nbuckets, sh->first_fail == NONE};
	if (!mf_write_full(fd, &h, sizeof(h)) || !mf_write_full(fd, sh->buckets, sh->nbuckets * sizeof(uint64_t)))
		_exit(3);
	_exit(0);
}

/* One job's results back in the parent: false when the job died. */
static bool collect(int fd, pid_t pid, volatile uint64_t *current, prove_walk_result *w)
{
	shard_header h;
	bool ok = mf_read_full(fd, &h, sizeof(h));
	uint64_t *b = NULL;
	if (ok) {
		b = calloc(h.nbuckets ? h.nbuckets : 1, sizeof(uint64_t));
		ok = b && mf_read_full(fd, b, h.nbuckets * sizeof(uint64_t));
	}
	close(fd);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!ok || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		/* The core crashed the job: the program it was running fails. */
		if (*current < w->crash) {
			w->crash = *current;
			w->crash_signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
		}
		free(b);
		return false;
	}
	if (h.first_fail < w->fail)
		w->fail = h.first_fail;
	if (h.finished && h.programs_walked > w->walked) {
		w->walked = h.programs_walked;
		w->states = h.states;
	}
	if (h.nbuckets > w->nbuckets) {
		uint64_t *n = realloc(w->buckets, h.nbuckets * sizeof(uint64_t));
		if (!n)
			abort();
		memset(n + w->nbuckets, 0, (h.nbuckets - w->nbuckets) * sizeof(uint64_t));
		w->buckets = n;
		w->nbuckets = h.nbuckets;
	}
	for (uint64_t k = 0; k < h.nbuckets; k++) {
		w->buckets[k] += b[k];
		w->runs += b[k];
	}
	w->ran += h.programs_run;
	free(b);
	return true;
}

bool prove_walk(const mf_enum_scope *scope, const slice_id *sl, uint32_t jobs, prove_walk_result *w)
{
	*w = (prove_walk_result){.fail = NONE, .crash = NONE, .complete = true};
	volatile uint64_t *shared = mmap(NULL, sizeof(uint64_t) * (1 + MAX_JOBS), PROT_READ | PROT_WRITE,
					 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return fprintf(stderr, "mapfuzz: mmap: %s\n", strerror(errno)), false;
	shared[0] = NONE;
	pid_t pids[MAX_JOBS];
	int fds[MAX_JOBS];
	for (uint32_t i = 0; i < jobs; i++) {
		int pipefd[2];
		if (pipe(pipefd) != 0)
			return fprintf(stderr, "mapfuzz: pipe: %s\n", strerror(errno)), false;
		shared[1 + i] = NONE;
		pid_t pid = fork();
		if (pid < 0)
			return fprintf(stderr, "mapfuzz: fork: %s\n", strerror(errno)), false;
		if (pid == 0) {
			close(pipefd[0]);
			for (uint32_t j = 0; j < i; j++)
				close(fds[j]);
			shard sh = {.slice = sl->slice, .nslices = sl->nslices, .shard = i, .nshards = jobs,
				    .best = &shared[0], .current = &shared[1 + i]};
			run_shard(scope, &sh, pipefd[1]);
		}
		close(pipefd[1]);
		pids[i] = pid;
		fds[i] = pipefd[0];
	}
	/* Jobs are collected as they end, not in order: a dead one lowers the
	 * bound before the others walk on past its program.  A job that stays
	 * on one program for PROGRAM_SECONDS is killed: the core hangs there. */
	struct pollfd pf[MAX_JOBS];
	uint64_t seen[MAX_JOBS];
	time_t since[MAX_JOBS];
	bool killed[MAX_JOBS] = {0};
	for (uint32_t i = 0; i < jobs; i++) {
		pf[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
		seen[i] = NONE;
		since[i] = monotonic_seconds();
	}
	for (uint32_t left = jobs; left > 0;) {
		int ready = poll(pf, jobs, 1000);
		if (ready < 0 && errno != EINTR)
			return fprintf(stderr, "mapfuzz: poll: %s\n", strerror(errno)), false;
		for (uint32_t i = 0; i < jobs; i++) {
			if (pf[i].fd < 0)
				continue;
			if (ready <= 0 || !pf[i].revents) {
				uint64_t now = shared[1 + i];
				if (now != seen[i])
					seen[i] = now, since[i] = monotonic_seconds();
				else if (now != NONE && !killed[i] && monotonic_seconds() - since[i] >= PROGRAM_SECONDS)
					killed[i] = kill(pids[i], SIGKILL) == 0; /* collected when its pipe closes */
				continue;
			}
			if (!collect(fds[i], pids[i], &shared[1 + i], w)) {
				w->complete = false;
				if (w->crash == shared[1 + i])
					w->crash_hung = killed[i];
				lower_best(&shared[0], shared[1 + i]);
			}
			pf[i].fd = -1;
			left--;
		}
	}
	munmap((void *)shared, sizeof(uint64_t) * (1 + MAX_JOBS));
	return true;
}
