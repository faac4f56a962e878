/* Cases in a child process: a core that crashes, trips a sanitizer or
 * hangs kills the child, not the review.  The child says where it is in
 * shared memory (the case, its program, the fault position, the operation
 * with its clause and the faults that failed in it so far, mf_where, the
 * findings of the case's runs so far, and on a fatal signal the stack);
 * the parent takes a death as a finding of its cause and starts a new
 * child at the next fault position of the same case, with the cause on
 * the known list so that no later run meets it again (docs/REVIEW.md). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "program/load.h"
#include "review.h"

enum { CASE_SECONDS = 20 };

typedef struct {
	volatile uint64_t case_index;
	mf_where where;
	mf_program prog;
	mf_sweep_all_result res; /* the case's runs so far: kept when it dies */
	uintptr_t stack[RV_DEATH_FRAMES]; /* a fatal signal's stack (return addresses) */
	uint32_t nstack;
	uintptr_t last_call;     /* the core's last platform call then */
} shared;

static shared *dying; /* the child's, for its fatal-signal handler */

/* A death with no sanitizer report (abort(), a signal ASan does not
 * handle) still names the core's line: the stack, taken as it dies. */
static void on_fatal(int sig)
{
	if (dying) {
		int n = backtrace((void **)dying->stack, RV_DEATH_FRAMES);
		dying->nstack = n > 0 ? (uint32_t)n : 0;
		dying->last_call = mf_last_seam_caller();
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_fatal(shared *sh)
{
	dying = sh;
	void *prime[1];
	backtrace(prime, 1); /* loads the unwinder now, not in the handler */
	static const int sigs[] = {SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;
		/* A sanitizer's own handler reports with the stack: leave it. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			signal(sigs[i], on_fatal);
	}
}

typedef enum { MSG_FINDING, MSG_CASE_DONE, MSG_LOAD_ERROR, MSG_CUT } msg_kind;

typedef struct {
	msg_kind kind;
	uint64_t case_index;
	uint32_t nth, runs;
	uint64_t clauses; /* MSG_CASE_DONE: the clause keys the case reached */
	mf_finding f;
	mf_program p;
} msg;

typedef struct {
	const rv_batch *b;
	shared *sh;
	mf_run_options opt;
	uint64_t start;
	int fd;
	uint32_t first_nth; /* the fault position the first case resumes at */
	struct timespec t0;
	double seconds; /* prove: what is left of the batch's time (0: no limit) */
	bool cut;
} child_ctx;

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Only a finding and a load error carry the finding and the program: a
 * case done is its header alone, and there is one per case. */
static bool has_payload(msg_kind kind)
{
	return kind == MSG_FINDING || kind == MSG_LOAD_ERROR;
}

static void send(int fd, const msg *m)
{
	if (!mf_write_full(fd, m, has_payload(m->kind) ? sizeof(*m) : offsetof(msg, f)))
		_exit(3); /* the parent is gone */
}

/* fault_from: sweep the calls from this operation on (prove's R2). */
static void run_case(child_ctx *c, uint64_t index, const mf_program *p, uint32_t fault_from)
{
	mf_sweep_all_result *res = &c->sh->res;
	static msg m;
	c->sh->prog = *p;
	res->nfound = 0;
	c->sh->case_index = index;
	alarm(CASE_SECONDS);
	c->opt.fault_from_op = fault_from;
	c->opt.first_nth = index == c->start ? c->first_nth : 0;
	mf_sweep_all(p, RV_MAX_SWEEP, &c->opt, res);
	alarm(0);
	for (uint32_t i = 0; i < res->nfound; i++) {
		m = (msg){.kind = MSG_FINDING, .case_index = index, .nth = res->nth[i], .f = res->found[i], .p = *p};
		send(c->fd, &m);
	}
	m = (msg){.kind = MSG_CASE_DONE, .case_index = index, .runs = res->runs, .clauses = res->clauses};
	send(c->fd, &m);
}

static bool prove_visit(void *ctx, uint64_t index, const mf_program *p, uint32_t fixed)
{
	child_ctx *c = ctx;
	if (index < c->start)
		return true;
	if (c->seconds > 0 && since(&c->t0) > c->seconds) {
		c->cut = true;
		return false;
	}
	run_case(c, index, p, p->nops > fixed ? p->nops - 1 : 0);
	return true;
}

static _Noreturn void child(child_ctx *c)
{
	clock_gettime(CLOCK_MONOTONIC, &c->t0);
	catch_fatal(c->sh);
	static msg m;
	if (c->b->scope) {
		mf_enum_walk(c->b->scope, prove_visit, c, NULL);
	} else {
		for (uint64_t i = c->start; i < c->b->npaths; i++) {
			static mf_program p;
			char err[300];
			if (!mf_load_program(c->b->paths[i], &p, err, sizeof(err))) {
				m = (msg){.kind = MSG_LOAD_ERROR, .case_index = i};
				snprintf(m.f.detail, sizeof(m.f.detail), "%s", err);
				send(c->fd, &m);
				continue;
			}
			run_case(c, i, &p, 0);
		}
	}
	if (c->cut) {
		m = (msg){.kind = MSG_CUT};
		send(c->fd, &m);
	}
	_exit(0);
}

static void count_clauses(rv_table *t, uint64_t clauses)
{
	for (int k = 0; k < MF_CLAUSE_COUNT; k++)
		if (clauses & ((uint64_t)1 << k))
			t->exercised[k]++;
}

static bool receive(int fd, msg *m)
{
	size_t head = offsetof(msg, f);
	if (!mf_read_full(fd, m, head))
		return false;
	return !has_payload(m->kind) || mf_read_full(fd, (char *)m + head, sizeof(*m) - head);
}

/* UBSan with no stack names the line only in "file:line:col: runtime
 * error: ...": that is the frame then. */
static void runtime_error_frame(const char *text, verdict *v)
{
	for (int i = 0; i < v->nframes; i++)
		if (v->frames[i].core)
			return;
	const char *e = strstr(text, ": runtime error:");
	if (!e)
		return;
	const char *start = e;
	while (start > text && start[-1] != '\n')
		start--;
	char loc[512];
	snprintf(loc, sizeof(loc), "%.*s", (int)(e - start), start);
	char *col = strrchr(loc, ':');
	char *line = col ? (*col = '\0', strrchr(loc, ':')) : NULL;
	if (!line || atoi(line + 1) <= 0)
		return;
	*line = '\0';
	frame f = {.line = atoi(line + 1), .core = true};
	snprintf(f.file, sizeof(f.file), "%s", loc);
	snprintf(f.func, sizeof(f.func), "?");
	v->frames[0] = f;
	if (v->nframes < 1)
		v->nframes = 1;
}

/* What the dead child printed after `from` (its sanitizer report). */
void rv_classify_death(const char *log, long from, int status, verdict *v)
{
	char *text = triage_read_text(log, 1 << 20);
	const char *tail = text && (long)strlen(text) >= from ? text + from : "";
	triage_classify(tail, status, v);
	runtime_error_frame(tail, v);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		v->kind = R_TIMEOUT;
		snprintf(v->what, sizeof(v->what), "a case ran past %d s", CASE_SECONDS);
	}
	free(text);
}

void rv_run_batch(rv_table *t, const rv_batch *b, rv_batch_result *res)
{
	memset(res, 0, sizeof(*res));
	shared *sh = mmap(NULL, sizeof(shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		fprintf(stderr, "mapfuzz review: mmap: %s\n", strerror(errno));
		res->cut = true;
		return;
	}
	uint64_t base = t->next_case, top = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	static msg m;
	/* The clauses the runs of a case reached before it died: counted with
	 * the rest of the case once it is done. */
	uint64_t dead_case = UINT64_MAX, dead_clauses = 0;
	uint32_t first_nth = 0;
	for (uint64_t start = 0;;) {
		int fds[2];
		if (pipe(fds) != 0)
			break;
		struct stat st;
		long from = stat(b->log, &st) == 0 ? (long)st.st_size : 0;
		memset(sh, 0, sizeof(*sh));
		sh->case_index = UINT64_MAX;
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0) {
			close(fds[0]);
			close(fds[1]);
			break;
		}
		if (pid == 0) {
			close(fds[0]);
			int log = open(b->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
			if (log >= 0) {
				dup2(log, STDERR_FILENO);
				dup2(log, STDOUT_FILENO);
				close(log);
			}
			child_ctx c = {.b = b, .sh = sh, .start = start, .first_nth = first_nth, .fd = fds[1]};
			c.opt = (mf_run_options){.keep_going = true, .known = &t->known, .where = &sh->where,
						 .clauses = true};
			/* The batch's time limit holds over its restarts. */
			c.seconds = b->seconds > 0 ? b->seconds - since(&t0) : 0;
			if (b->seconds > 0 && c.seconds <= 0)
				c.seconds = 1e-9;
			child(&c);
		}
		close(fds[1]);
		while (receive(fds[0], &m)) {
			if (m.case_index + 1 > top && m.kind != MSG_CUT)
				top = m.case_index + 1;
			if (m.kind == MSG_FINDING)
				rv_table_add(t, &m.f, b->phase, base + m.case_index, &m.p, m.nth);
			else if (m.kind == MSG_CASE_DONE)
				res->cases++, res->runs += m.runs,
					count_clauses(t, m.clauses | (m.case_index == dead_case ? dead_clauses : 0));
			else if (m.kind == MSG_LOAD_ERROR)
				res->load_errors++, fprintf(stderr, "mapfuzz review: %s\n", m.f.detail);
			else
				res->cut = true;
		}
		close(fds[0]);
		int status;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			break;
		if (sh->case_index == UINT64_MAX)
			break; /* died before its first case: nothing to blame */
		uint64_t dead = sh->case_index;
		/* The runs of the case before the one that died keep their findings. */
		for (uint32_t i = 0; i < sh->res.nfound && i < MF_MAX_FINDINGS; i++)
			rv_table_add(t, &sh->res.found[i], b->phase, base + dead, &sh->prog, sh->res.nth[i]);
		res->runs += sh->res.runs + 1;
		verdict v;
		rv_classify_death(b->log, from, status, &v);
		rv_death death = {.where = sh->where, .stack_n = sh->nstack, .last_call = sh->last_call};
		memcpy(death.stack, sh->stack, sizeof(death.stack));
		if (!rv_table_add_death(t, &v, &death, b->phase, base + dead, &sh->prog))
			res->known_deaths++;
		else
			res->deaths++;
		int k = mf_clause_index(sh->where.clause);
		if (dead != dead_case)
			dead_clauses = 0;
		dead_case = dead;
		dead_clauses |= sh->res.clauses | (k >= 0 ? (uint64_t)1 << k : 0);
		if (dead + 1 > top)
			top = dead + 1;
		/* On at the next fault position of the same case: its other runs
		 * may show what this one could not. */
		start = dead;
		first_nth = sh->where.nth + 1;
		if (first_nth > RV_MAX_SWEEP) {
			start = dead + 1, first_nth = 0;
			res->cases++, count_clauses(t, dead_clauses);
		}
		double left = b->seconds > 0 ? b->seconds - since(&t0) : 1;
		if (res->deaths >= RV_MAX_DEATHS || res->known_deaths >= RV_MAX_KNOWN_DEATHS || left <= 0) {
			res->cut = true;
			break;
		}
		if (!b->scope && start >= b->npaths)
			break;
	}
	munmap(sh, sizeof(*sh));
	t->next_case = base + top + 1;
}
