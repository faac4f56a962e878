/* The files of replay and sweep in child processes: one child runs file
 * after file; a core that trips a sanitizer, aborts or faults kills only
 * that child, the file it was running gets its verdict line, and a new
 * child goes on with the next file (docs/TRIAGE.md).  One fork per death,
 * not per file: forking a sanitized process is not cheap. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* Set by the sanitizers' runtime when linked (the fast CLI has none). */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

typedef struct {
	volatile int current;    /* the file being run */
	volatile int done;       /* files finished */
	volatile int status;     /* the highest status so far */
	uint64_t runs, faults_fired;
	mf_isolated_slot slot;   /* the current file's */
} batch;

static batch *dying;

static void on_sanitizer_death(void)
{
	if (dying)
		dying->slot.sanitizer = true;
	fflush(stdout);
}

static _Noreturn void child(batch *b, int start, int n, mf_isolated_fn fn, void *ctx)
{
	dying = b;
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(on_sanitizer_death);
	for (int i = start; i < n; i++) {
		b->current = i;
		memset(&b->slot, 0, sizeof(b->slot));
		int st = fn(ctx, i, &b->slot);
		fflush(stdout);
		b->runs += b->slot.runs;
		b->faults_fired += b->slot.faults_fired;
		if (st > b->status)
			b->status = st;
		b->done = i + 1;
	}
	/* exit, not _exit: LeakSanitizer's check runs at exit, in the child. */
	exit(0);
}

static void death_line(const char *file, const batch *b, int status)
{
	const char *id = b->slot.sanitizer ? "SANITIZER" : "CRASH";
	char how[80];
	if (WIFSIGNALED(status))
		snprintf(how, sizeof(how), "signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(how, sizeof(how), "exit %d", WEXITSTATUS(status));
	const mf_where *w = &b->slot.where;
	if (!file)
		printf("FAIL (at exit): mapfuzz: %s violated: the process died after its last file: %s\n", id, how);
	else if (w->clause)
		printf("FAIL %s: mapfuzz: %s violated at op #%u (%s): status 0x00000000, expected 0x00000000 -- "
		       "the core killed the process: %s (clause %s)\n",
		       file, id, w->op_index, w->op_text, how, w->clause);
	else
		printf("FAIL %s: mapfuzz: %s violated: the core killed the process: %s\n", file, id, how);
	fflush(stdout);
}

int mf_isolated_each(char **files, int n, mf_isolated_fn fn, void *ctx, uint64_t *runs, uint64_t *faults_fired)
{
	batch *b = mmap(NULL, sizeof(*b), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED) {
		fprintf(stderr, "mapfuzz: mmap: %s\n", strerror(errno));
		return 2;
	}
	memset(b, 0, sizeof(*b));
	int status = 0;
	for (int start = 0; start < n;) {
		b->current = start; /* a child that dies before its first file names that one */
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0) {
			fprintf(stderr, "mapfuzz: fork: %s\n", strerror(errno));
			status = 2;
			break;
		}
		if (pid == 0)
			child(b, start, n, fn, ctx);
		int st;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		/* The child exits 0 only after its last file: anything else is a death. */
		bool died = !WIFEXITED(st) || WEXITSTATUS(st) != 0 || b->slot.sanitizer;
		if (b->done == n) {
			if (died) /* a leak found at exit, say: no file to name */
				death_line(NULL, b, st), status = status > 1 ? status : 1;
			break;
		}
		death_line(files[b->current], b, st);
		status = status > 1 ? status : 1;
		start = b->current + 1;
	}
	if (b->status > status)
		status = b->status;
	*runs = b->runs;
	*faults_fired = b->faults_fired;
	munmap(b, sizeof(*b));
	return status;
}
