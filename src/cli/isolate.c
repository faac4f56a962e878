/* One file's run in a child process (replay and sweep): a core that trips a
 * sanitizer, aborts or faults kills only that child, the file gets its
 * verdict line, and the next file still runs (docs/TRIAGE.md). */
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

static mf_isolated_slot *dying_slot;

static void on_sanitizer_death(void)
{
	if (dying_slot)
		dying_slot->sanitizer = true;
	fflush(stdout);
}

int mf_isolated(const char *file, int (*fn)(void *ctx, mf_isolated_slot *slot), void *ctx,
		mf_isolated_slot *out)
{
	mf_isolated_slot *slot = mmap(NULL, sizeof(*slot), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slot == MAP_FAILED) /* no isolation to be had: run in-process */
		return memset(out, 0, sizeof(*out)), fn(ctx, out);
	memset(slot, 0, sizeof(*slot));
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		munmap(slot, sizeof(*slot));
		return memset(out, 0, sizeof(*out)), fn(ctx, out);
	}
	if (pid == 0) {
		dying_slot = slot;
		if (__sanitizer_set_death_callback)
			__sanitizer_set_death_callback(on_sanitizer_death);
		/* exit, not _exit: LeakSanitizer's check runs at exit, in the child. */
		exit(fn(ctx, slot));
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	*out = *slot;
	munmap(slot, sizeof(*slot));
	if (WIFEXITED(status) && WEXITSTATUS(status) <= 2 && !out->sanitizer)
		return WEXITSTATUS(status);
	/* The child died in the core: the finding of this file. */
	const char *id = out->sanitizer ? "SANITIZER" : "CRASH";
	char how[64];
	if (WIFSIGNALED(status))
		snprintf(how, sizeof(how), "signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(how, sizeof(how), "exit %d", WEXITSTATUS(status));
	if (out->where.clause)
		printf("FAIL %s: mapfuzz: %s violated at op #%u (%s): status 0x00000000, expected 0x00000000 -- "
		       "the core killed the process: %s (clause %s)\n",
		       file, id, out->where.op_index, out->where.op_text, how, out->where.clause);
	else
		printf("FAIL %s: mapfuzz: %s violated: the core killed the process: %s\n", file, id, how);
	fflush(stdout);
	return 1;
}
