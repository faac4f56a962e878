/* mapfuzz triage: replaying an input in the target, in a child process
 * with a deadline and a memory limit, and classifying what it printed
 * (invariant, sanitizer report, timeout, out-of-memory, crash, nothing). */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "triage.h"

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Runs argv with stdout to out_path and stderr to err_path (either may be
 * NULL: /dev/null), in its own process group, killed after `seconds`.
 * Returns the wait status; *timed_out when the deadline killed it. */
static int run_child(char *const argv[], const char *out_path, const char *err_path, unsigned seconds,
		     bool *timed_out)
{
	*timed_out = false;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setpgid(0, 0);
		int in = open("/dev/null", O_RDONLY);
		int out = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int err = open(err_path ? err_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || out < 0 || err < 0)
			_exit(127);
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		if (chdir(triage.tmp) != 0)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid);
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (unsigned sleep_us = 200;;) {
		int status;
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double elapsed = (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
		if (elapsed > seconds) {
			*timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return status;
		}
		struct timespec nap = {0, (long)sleep_us * 1000};
		nanosleep(&nap, NULL);
		if (sleep_us < 20000)
			sleep_us *= 2;
	}
}

static bool core_file(const char *file)
{
	char joined[PATH_MAX * 2], real[PATH_MAX];
	if (file[0] == '/')
		triage_copy(joined, sizeof(joined), file);
	else
		snprintf(joined, sizeof(joined), "%s/%s", triage.root, file);
	if (!realpath(joined, real))
		return false;
	for (int i = 0; i < triage.ncore_files; i++)
		if (strcmp(real, triage.core_files[i]) == 0)
			return true;
	return false;
}

/* "    #3 0x55d0 in NdisMUnmapIoSpace /work/src/core_ref.c:190:4" */
static bool parse_frame(const char *line, frame *f)
{
	const char *s = line;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '#')
		return false;
	const char *in = strstr(s, " in ");
	memset(f, 0, sizeof(*f));
	if (!in) {
		triage_copy(f->func, sizeof(f->func), "?");
		return true;
	}
	in += 4;
	const char *sp = strchr(in, ' ');
	size_t n = sp ? (size_t)(sp - in) : strlen(in);
	snprintf(f->func, sizeof(f->func), "%.*s", (int)n, in);
	if (sp) {
		const char *loc = sp + 1;
		char buf[PATH_MAX];
		triage_copy(buf, sizeof(buf), loc);
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] != '(') {
			/* file:line:col or file:line */
			char *c1 = strrchr(buf, ':');
			if (c1) {
				char *c0 = c1;
				*c1 = '\0';
				char *c2 = strrchr(buf, ':');
				if (c2 && atoi(c2 + 1) > 0) {
					*c2 = '\0';
					f->line = atoi(c2 + 1);
				} else {
					f->line = atoi(c0 + 1);
				}
			}
			triage_copy(f->file, sizeof(f->file), buf);
			f->core = f->line > 0 && core_file(f->file);
		}
	}
	return true;
}

static bool runtime_frame(const frame *f)
{
	return !f->file[0] || strstr(f->file, "compiler-rt") || strstr(f->file, "sanitizer") ||
	       strstr(f->file, "/fuzzer/") || strstr(f->file, "libc") || strstr(f->func, "__sanitizer") ||
	       strstr(f->func, "fuzzer::") || starts_with(f->func, "__asan") || starts_with(f->func, "__ubsan") ||
	       starts_with(f->func, "__interceptor") || strcmp(f->func, "abort") == 0 ||
	       strcmp(f->func, "raise") == 0 || strstr(f->func, "libc") || strstr(f->func, "pthread_kill");
}

/* The first block of "#N" lines at or after `from`. */
static void read_stack(verdict *v, const char *from)
{
	const char *p = from;
	bool in_block = false;
	size_t used = 0;
	int shown = 0;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[PATH_MAX + 256];
		snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) - 1 ? len : sizeof(line) - 1), p);
		frame f;
		if (parse_frame(line, &f)) {
			in_block = true;
			if (v->nframes < MAX_FRAMES)
				v->frames[v->nframes++] = f;
			const char *t = line;
			while (*t == ' ')
				t++;
			/* Shown from the first frame that is not the runtime's. */
			if (!runtime_frame(&f) || used > 0)
				shown++;
			if (shown && shown <= 10 && used + strlen(t) + 2 < sizeof(v->stack))
				used += (size_t)snprintf(v->stack + used, sizeof(v->stack) - used, "%s\n", t);
		} else if (in_block) {
			break;
		}
		p = eol ? eol + 1 : NULL;
	}
}

static void signature(const verdict *v, char *out, size_t size)
{
	out[0] = '\0';
	int taken = 0;
	size_t used = 0;
	for (int pass = 0; pass < 2 && taken == 0; pass++) {
		for (int i = 0; i < v->nframes && taken < 3; i++) {
			const frame *f = &v->frames[i];
			if (pass == 0 ? !f->core : runtime_frame(f))
				continue;
			used += (size_t)snprintf(out + used, size - used, "%s%s", taken ? "<" : "", f->func);
			taken++;
			if (used >= size)
				return;
		}
	}
	if (!taken)
		snprintf(out, size, "no-stack");
}

/* The kind from "ERROR: AddressSanitizer: heap-use-after-free on ..." or
 * the SUMMARY line. */
static void sanitizer_kind(const char *text, char *out, size_t size, const char **block)
{
	const char *e;
	*block = NULL;
	if ((e = strstr(text, "runtime error:")) != NULL) {
		const char *sum = strstr(text, "SUMMARY: UndefinedBehaviorSanitizer: ");
		char check[96] = "";
		if (sum)
			sscanf(sum + strlen("SUMMARY: UndefinedBehaviorSanitizer: "), "%95s", check);
		if (!check[0] || strcmp(check, "undefined-behavior") == 0) {
			/* Without report_error_type: the words of the message. */
			const char *m = e + strlen("runtime error: ");
			size_t n = strcspn(m, ":\n");
			snprintf(check, sizeof(check), "%.*s", (int)(n > 60 ? 60 : n), m);
		}
		snprintf(out, size, "undefined-behavior: %s", check);
		*block = e;
		return;
	}
	if ((e = strstr(text, "LeakSanitizer: detected memory leaks")) != NULL) {
		snprintf(out, size, "memory leak");
		*block = e;
		return;
	}
	static const char *const tools[] = {"AddressSanitizer: ", "MemorySanitizer: ", "ThreadSanitizer: ",
					    "LeakSanitizer: "};
	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		char pat[64];
		snprintf(pat, sizeof(pat), "ERROR: %s", tools[i]);
		if ((e = strstr(text, pat)) == NULL)
			continue;
		const char *k = e + strlen(pat);
		char w1[96] = "", w2[96] = "";
		sscanf(k, "%95s %95s", w1, w2);
		if (strcmp(w1, "attempting") == 0)
			triage_copy(w1, sizeof(w1), w2);
		if (strcmp(w1, "requested") == 0 || strcmp(w1, "allocation-size-too-big") == 0)
			triage_copy(w1, sizeof(w1), "allocation-size-too-big");
		snprintf(out, size, "%s", w1);
		*block = e;
		return;
	}
}

/* A bucket of invariant findings is one cause: the ID, the clause, the op
 * kind and the statuses seen and expected. */
void triage_invariant_key(verdict *v)
{
	snprintf(v->key, sizeof(v->key), "%s/%s/%s/%s/%s", v->id, v->clause[0] ? v->clause : "?", v->what,
		 v->seen, v->expected);
}

/* The ID and op kind of "mapfuzz: <ID> violated at op #k (<op>): status ..." */
static bool parse_invariant(const char *text, verdict *v)
{
	const char *p = text;
	while ((p = strstr(p, "mapfuzz: ")) != NULL) {
		const char *id = p + strlen("mapfuzz: ");
		const char *viol = strstr(id, " violated at op #");
		const char *eol = strchr(id, '\n');
		if (!viol || (eol && viol > eol)) {
			p = id;
			continue;
		}
		snprintf(v->id, sizeof(v->id), "%.*s", (int)(viol - id), id);
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		snprintf(v->line, sizeof(v->line), "%.*s", (int)(len < sizeof(v->line) - 1 ? len : sizeof(v->line) - 1), p);
		const char *op = strstr(viol, " (");
		if (op) {
			op += 2;
			size_t n = strcspn(op, " )\n");
			snprintf(v->what, sizeof(v->what), "%.*s", (int)(n < 60 ? n : 60), op);
		}
		const char *st = strstr(viol, "): status ");
		if (st && (!eol || st < eol))
			sscanf(st, "): status %15[0-9a-fx], expected %15[0-9a-fx]", v->seen, v->expected);
		/* The clause closes the line: "... -- detail (clause K)". */
		const char *cl = NULL;
		for (const char *q = viol; (q = strstr(q, " (clause ")) != NULL && (!eol || q < eol); q++)
			cl = q;
		if (cl)
			sscanf(cl, " (clause %39[a-z0-9.-])", v->clause);
		return true;
	}
	return false;
}

bool triage_parse_invariant(const char *text, verdict *v)
{
	return parse_invariant(text, v);
}

static void first_line_of(const char *from, char *out, size_t size)
{
	size_t n = strcspn(from, "\n");
	snprintf(out, size, "%.*s", (int)(n < size - 1 ? n : size - 1), from);
}

static void classify_text(const char *text, int status, bool timed_out, verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->status = status;
	const char *block = NULL;
	char kind[128] = "";
	if (parse_invariant(text, v)) {
		v->kind = R_INVARIANT;
		triage_invariant_key(v);
		const char *sig = strstr(text, "deadly signal");
		read_stack(v, sig ? sig : text);
		return;
	}
	const char *e;
	if (timed_out || (e = strstr(text, "ERROR: libFuzzer: timeout")) != NULL) {
		v->kind = R_TIMEOUT;
		triage_copy(v->id, sizeof(v->id), "TIMEOUT");
		triage_copy(v->what, sizeof(v->what), timed_out ? "killed at the deadline" : "libFuzzer timeout");
		snprintf(v->line, sizeof(v->line), "the input ran past %u s", triage.timeout);
		snprintf(v->key, sizeof(v->key), "TIMEOUT");
		read_stack(v, timed_out ? text : strstr(text, "ERROR: libFuzzer: timeout"));
		return;
	}
	if ((e = strstr(text, "out-of-memory")) != NULL) {
		v->kind = R_OOM;
		triage_copy(v->id, sizeof(v->id), "OOM");
		triage_copy(v->what, sizeof(v->what), "out-of-memory");
		const char *l = e;
		while (l > text && l[-1] != '\n')
			l--;
		first_line_of(l, v->line, sizeof(v->line));
		snprintf(v->key, sizeof(v->key), "OOM");
		read_stack(v, e);
		return;
	}
	sanitizer_kind(text, kind, sizeof(kind), &block);
	if (block) {
		v->kind = R_SANITIZER;
		triage_copy(v->id, sizeof(v->id), "SANITIZER");
		triage_copy(v->what, sizeof(v->what), kind);
		const char *l = strstr(text, "SUMMARY: ");
		if (!l) {
			l = block;
			while (l > text && l[-1] != '\n')
				l--;
		}
		first_line_of(l, v->line, sizeof(v->line));
		read_stack(v, block);
		char sig[300];
		signature(v, sig, sizeof(sig));
		snprintf(v->key, sizeof(v->key), "SANITIZER/%s/%s", kind, sig);
		return;
	}
	bool abnormal = status == -1 || WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
	if (abnormal || strstr(text, "ERROR: libFuzzer:")) {
		v->kind = R_CRASH;
		triage_copy(v->id, sizeof(v->id), "CRASH");
		if ((e = strstr(text, "ERROR: libFuzzer: ")) != NULL) {
			first_line_of(e + strlen("ERROR: libFuzzer: "), v->what, sizeof(v->what));
			first_line_of(e, v->line, sizeof(v->line));
			read_stack(v, e);
		} else if (status == -1) {
			triage_copy(v->what, sizeof(v->what), "target did not start");
			triage_copy(v->line, sizeof(v->line), "the target could not be run");
		} else if (WIFSIGNALED(status)) {
			snprintf(v->what, sizeof(v->what), "signal %d", WTERMSIG(status));
			snprintf(v->line, sizeof(v->line), "the target died of signal %d without a report",
				 WTERMSIG(status));
		} else {
			snprintf(v->what, sizeof(v->what), "exit %d", WEXITSTATUS(status));
			snprintf(v->line, sizeof(v->line), "the target exited with status %d without a report",
				 WEXITSTATUS(status));
		}
		/* Numbers in the kind (a deadly signal's pid) would split buckets. */
		for (char *c = v->what; *c; c++)
			if (c[0] == '(' )
				*c = '\0';
		char sig[300];
		signature(v, sig, sizeof(sig));
		snprintf(v->key, sizeof(v->key), "CRASH/%s/%s", v->what, sig);
		return;
	}
	v->kind = R_NONE;
}

/* Replays one file in the target. */
void triage_replay_file(const char *path, verdict *v)
{
	char timeout_arg[64], rss_arg[64], prefix_arg[PATH_MAX + 32], err_path[PATH_MAX + 32];
	snprintf(timeout_arg, sizeof(timeout_arg), "-timeout=%u", triage.timeout);
	snprintf(rss_arg, sizeof(rss_arg), "-rss_limit_mb=%d", RSS_LIMIT_MB);
	snprintf(prefix_arg, sizeof(prefix_arg), "-artifact_prefix=%s/", triage.tmp);
	snprintf(err_path, sizeof(err_path), "%s/stderr.%u", triage.tmp, triage.tmp_serial++);
	char *argv[] = {triage.target, timeout_arg, rss_arg, prefix_arg, (char *)path, NULL};
	bool timed_out;
	int status = run_child(argv, NULL, err_path, triage.timeout + 5, &timed_out);
	char *text = triage_read_text(err_path, 1 << 20);
	unlink(err_path);
	classify_text(text ? text : "", status, timed_out, v);
	free(text);
}

void triage_replay_input(input *in)
{
	triage_replay_file(in->replayed, &in->v[0]);
	triage_replay_file(in->replayed, &in->v[1]);
	in->flaky = strcmp(in->v[0].key, in->v[1].key) != 0;
	if (!in->v[0].key[0] && in->v[1].key[0]) {
		verdict t = in->v[0]; /* a finding seen once still counts */
		in->v[0] = in->v[1];
		in->v[1] = t;
	}
}

void triage_classify(const char *text, int status, verdict *v)
{
	classify_text(text, status, false, v);
}
