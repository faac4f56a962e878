/* The rows' reproducers made small, and the core's lines named. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "review.h"
#include "triage/minimize.h"

enum { MIN_BUDGET = 1500 };

typedef struct {
	const rv_deviation *d;
	const mf_known *known;
} still_ctx;

static bool shows(const mf_program *p, const rv_deviation *d, const mf_known *known)
{
	static mf_verdict v;
	mf_run_options opt = {.keep_going = true, .known = known};
	mf_run(p, &opt, &v);
	for (uint32_t i = 0; i < v.nfindings; i++)
		if (strcmp(v.findings[i].invariant, d->invariant) == 0 &&
		    (strcmp(v.findings[i].clause, d->clause) == 0 || rv_is_always(d->invariant)))
			return true;
	return false;
}

static bool still_shows(const mf_program *candidate, void *ctx)
{
	const still_ctx *c = ctx;
	return shows(candidate, c->d, c->known);
}

/* A death is found again only by dying: those rows keep the smallest case. */
static bool minimisable(const rv_deviation *d)
{
	return strcmp(d->invariant, "SANITIZER") != 0 && strcmp(d->invariant, "CRASH") != 0 &&
	       strcmp(d->invariant, "TIMEOUT") != 0;
}

void rv_minimise(rv_table *t)
{
	for (uint32_t i = 0; i < t->n; i++) {
		rv_deviation *d = &t->d[i];
		if (!minimisable(d) || !shows(&d->repro, d, &t->known))
			continue; /* (shows: a row found under another fault plan replays as written) */
		int fds[2];
		if (pipe(fds) != 0)
			return;
		fflush(NULL);
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			static mf_program p;
			p = d->repro;
			still_ctx c = {d, &t->known};
			mf_min_stats stats;
			mf_minimize(&p, still_shows, &c, MIN_BUDGET, &stats);
			ssize_t n = write(fds[1], &p, sizeof(p));
			_exit(n == (ssize_t)sizeof(p) ? 0 : 3);
		}
		close(fds[1]);
		static mf_program got;
		size_t have = 0;
		while (pid > 0 && have < sizeof(got)) {
			ssize_t n = read(fds[0], (char *)&got + have, sizeof(got) - have);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			have += (size_t)n;
		}
		close(fds[0]);
		int status = 0;
		while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (pid > 0 && have == sizeof(got) && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			d->repro = got;
			d->minimised = true;
		}
	}
}

/* The core's entry point for a row whose operation made no platform call. */
static uintptr_t entry_of(const rv_deviation *d)
{
	if (strncmp(d->clause, "map.", 4) == 0)
		return (uintptr_t)&NdisMMapIoSpace;
	if (strncmp(d->clause, "unmap.", 6) == 0)
		return (uintptr_t)&NdisMUnmapIoSpace;
	return (uintptr_t)&NdisCoreAdapterGone;
}

static bool in_core(const char *file)
{
	char real[PATH_MAX];
	if (!realpath(file, real))
		return false;
	for (int i = 0; i < triage.ncore_files; i++)
		if (strcmp(real, triage.core_files[i]) == 0)
			return true;
	return false;
}

/* file:line of one address of this process, by llvm-symbolizer. */
static bool symbolise(uintptr_t pc, bool return_address, frame *out)
{
	Dl_info info;
	if (!pc || !dladdr((void *)pc, &info) || !info.dli_fname)
		return false;
	uintptr_t off = pc - (uintptr_t)info.dli_fbase - (return_address ? 1 : 0);
	if (!rv_symbolise_offset(info.dli_fname, off, out))
		return false;
	out->core = in_core(out->file);
	return true;
}

bool rv_symbolise_offset(const char *obj, uintptr_t off, frame *out)
{
	char cmd[PATH_MAX + 128];
	snprintf(cmd, sizeof(cmd), "llvm-symbolizer --obj='%s' 0x%" PRIxPTR " 2>/dev/null", obj, off);
	FILE *p = popen(cmd, "r");
	if (!p)
		return false;
	char func[256] = "", loc[PATH_MAX] = "";
	bool ok = fgets(func, sizeof(func), p) && fgets(loc, sizeof(loc), p);
	pclose(p);
	if (!ok)
		return false;
	func[strcspn(func, "\n")] = '\0';
	loc[strcspn(loc, "\n")] = '\0';
	char *c2 = strrchr(loc, ':');
	if (!c2)
		return false;
	*c2 = '\0';
	char *c1 = strrchr(loc, ':');
	int line = c1 ? atoi(c1 + 1) : atoi(c2 + 1);
	if (c1)
		*c1 = '\0';
	if (line <= 0)
		return false;
	memset(out, 0, sizeof(*out));
	snprintf(out->func, sizeof(out->func), "%s", func);
	snprintf(out->file, sizeof(out->file), "%s", loc);
	out->line = line;
	return true;
}

void rv_symbolise(rv_table *t)
{
	for (uint32_t i = 0; i < t->n; i++) {
		rv_deviation *d = &t->d[i];
		if (d->where.file[0])
			continue; /* a sanitizer's frame */
		frame f;
		/* A death's stack: its first frame in the core (return addresses). */
		bool found = false;
		for (uint32_t k = 0; k < d->nstack && !found; k++)
			found = symbolise(d->stack[k], true, &f) && f.core;
		if (found || (symbolise(d->core_pc, true, &f) && f.core)) {
			d->where = f;
			continue;
		}
		if (symbolise(entry_of(d), false, &f))
			d->where = f;
	}
}
