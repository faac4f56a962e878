/* mapfuzz triage: replay crash files in child processes, bucket them,
 * minimise one representative per bucket and write reproducers and
 * reports (docs/TRIAGE.md). */
#define _DEFAULT_SOURCE /* realpath, mkdtemp */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_io.h"
#include "harness.h"
#include "minimize.h"
#include "repro_c.h"
#include "script.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

enum { MAX_FRAMES = 12, MAX_INPUTS = 2048, MAX_BUCKETS = 256, RSS_LIMIT_MB = 2048 };

typedef enum { R_NONE, R_INVARIANT, R_SANITIZER, R_TIMEOUT, R_OOM, R_CRASH } rkind;

typedef struct {
	char func[128];
	char file[512];
	int line;
	bool core; /* in the core's source */
} frame;

typedef struct {
	rkind kind;
	char id[48];        /* contract ID: an invariant, SANITIZER, TIMEOUT, OOM, CRASH */
	char what[128];     /* sanitizer kind, or the op kind of an invariant */
	char line[600];     /* the finding line */
	char seen[16], expected[16];
	frame frames[MAX_FRAMES];
	int nframes;
	char key[512];
	char stack[4096];   /* the stack as printed, trimmed */
	int status;         /* wait status */
} verdict;

typedef struct {
	char path[PATH_MAX];     /* as given or found */
	char replayed[PATH_MAX]; /* what the target read */
	char note[300];          /* problem or remark; empty when none */
	bool problem;            /* not replayed at all */
	verdict v[2];
	bool flaky;
	int bucket;              /* -1: no finding */
	long size;
} input;

typedef struct {
	char key[512];
	verdict v;         /* the representative's */
	int rep;           /* input index */
	int count;
	bool flaky;
	mf_program minimal;
	bool minimised;
	mf_min_stats stats;
	verdict vmin;      /* the minimal program replayed in the target */
	char explain[PATH_MAX];
} bucket;

static struct {
	char self[PATH_MAX], self_dir[PATH_MAX], root[PATH_MAX];
	char target[PATH_MAX];
	char core[PATH_MAX];     /* absolute core source, "" when unknown */
	char core_rel[PATH_MAX]; /* repo-relative when inside the repo */
	char core_files[4][PATH_MAX];
	int ncore_files;
	char outdir[PATH_MAX];
	char tmp[PATH_MAX];
	unsigned timeout;
	uint32_t budget;
	input *inputs;
	int ninputs;
	bucket *buckets;
	int nbuckets;
	int path_errors;
	unsigned tmp_serial;
} T;

/* ---- small helpers ---- */

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void dir_of(const char *path, char *out, size_t size)
{
	copy(out, size, path);
	char *slash = strrchr(out, '/');
	if (slash && slash != out)
		*slash = '\0';
	else if (slash)
		slash[1] = '\0';
	else
		copy(out, size, ".");
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Repo-relative when under the root, else as it is. */
static const char *rel(const char *abs)
{
	size_t n = strlen(T.root);
	if (n && strncmp(abs, T.root, n) == 0 && abs[n] == '/')
		return abs + n + 1;
	return abs;
}

static bool write_bytes(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	bool ok = fwrite(data, 1, size, f) == size;
	return fclose(f) == 0 && ok;
}

static char *read_text(const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(max + 1);
	size_t n = buf ? fread(buf, 1, max, f) : 0;
	fclose(f);
	if (buf)
		buf[n] = '\0';
	return buf;
}

/* ---- running a child with a deadline ---- */

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
		if (chdir(T.tmp) != 0)
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

/* ---- reading a target's stderr ---- */

static bool core_file(const char *file)
{
	char joined[PATH_MAX * 2], real[PATH_MAX];
	if (file[0] == '/')
		copy(joined, sizeof(joined), file);
	else
		snprintf(joined, sizeof(joined), "%s/%s", T.root, file);
	if (!realpath(joined, real))
		return false;
	for (int i = 0; i < T.ncore_files; i++)
		if (strcmp(real, T.core_files[i]) == 0)
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
		copy(f->func, sizeof(f->func), "?");
		return true;
	}
	in += 4;
	const char *sp = strchr(in, ' ');
	size_t n = sp ? (size_t)(sp - in) : strlen(in);
	snprintf(f->func, sizeof(f->func), "%.*s", (int)n, in);
	if (sp) {
		const char *loc = sp + 1;
		char buf[PATH_MAX];
		copy(buf, sizeof(buf), loc);
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
			copy(f->file, sizeof(f->file), buf);
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
			copy(w1, sizeof(w1), w2);
		if (strcmp(w1, "requested") == 0 || strcmp(w1, "allocation-size-too-big") == 0)
			copy(w1, sizeof(w1), "allocation-size-too-big");
		snprintf(out, size, "%s", w1);
		*block = e;
		return;
	}
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
		return true;
	}
	return false;
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
		snprintf(v->key, sizeof(v->key), "%s/%s", v->id, v->what);
		const char *sig = strstr(text, "deadly signal");
		read_stack(v, sig ? sig : text);
		return;
	}
	const char *e;
	if (timed_out || (e = strstr(text, "ERROR: libFuzzer: timeout")) != NULL) {
		v->kind = R_TIMEOUT;
		copy(v->id, sizeof(v->id), "TIMEOUT");
		copy(v->what, sizeof(v->what), timed_out ? "killed at the deadline" : "libFuzzer timeout");
		snprintf(v->line, sizeof(v->line), "the input ran past %u s", T.timeout);
		snprintf(v->key, sizeof(v->key), "TIMEOUT");
		read_stack(v, timed_out ? text : strstr(text, "ERROR: libFuzzer: timeout"));
		return;
	}
	if ((e = strstr(text, "out-of-memory")) != NULL) {
		v->kind = R_OOM;
		copy(v->id, sizeof(v->id), "OOM");
		copy(v->what, sizeof(v->what), "out-of-memory");
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
		copy(v->id, sizeof(v->id), "SANITIZER");
		copy(v->what, sizeof(v->what), kind);
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
		copy(v->id, sizeof(v->id), "CRASH");
		if ((e = strstr(text, "ERROR: libFuzzer: ")) != NULL) {
			first_line_of(e + strlen("ERROR: libFuzzer: "), v->what, sizeof(v->what));
			first_line_of(e, v->line, sizeof(v->line));
			read_stack(v, e);
		} else if (status == -1) {
			copy(v->what, sizeof(v->what), "target did not start");
			copy(v->line, sizeof(v->line), "the target could not be run");
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
static void replay_file(const char *path, verdict *v)
{
	char timeout_arg[64], rss_arg[64], prefix_arg[PATH_MAX + 32], err_path[PATH_MAX + 32];
	snprintf(timeout_arg, sizeof(timeout_arg), "-timeout=%u", T.timeout);
	snprintf(rss_arg, sizeof(rss_arg), "-rss_limit_mb=%d", RSS_LIMIT_MB);
	snprintf(prefix_arg, sizeof(prefix_arg), "-artifact_prefix=%s/", T.tmp);
	snprintf(err_path, sizeof(err_path), "%s/stderr.%u", T.tmp, T.tmp_serial++);
	char *argv[] = {T.target, timeout_arg, rss_arg, prefix_arg, (char *)path, NULL};
	bool timed_out;
	int status = run_child(argv, NULL, err_path, T.timeout + 5, &timed_out);
	char *text = read_text(err_path, 1 << 20);
	unlink(err_path);
	classify_text(text ? text : "", status, timed_out, v);
	free(text);
}

/* ---- inputs ---- */

static input *add_input(const char *path)
{
	if (T.ninputs >= MAX_INPUTS)
		return NULL;
	input *in = &T.inputs[T.ninputs++];
	memset(in, 0, sizeof(*in));
	copy(in->path, sizeof(in->path), path);
	in->bucket = -1;
	return in;
}

static void problem(const char *path, const char *fmt, const char *arg)
{
	input *in = add_input(path);
	if (!in)
		return;
	in->problem = true;
	snprintf(in->note, sizeof(in->note), fmt, arg);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		T.path_errors++;
		problem(path, "cannot be read: %s", strerror(errno));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (!S_ISREG(st.st_mode))
			problem(path, "%s", "not a regular file: skipped");
		else
			add_input(path);
		return;
	}
	DIR *d = opendir(path);
	if (!d) {
		T.path_errors++;
		problem(path, "directory cannot be read: %s", strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README.txt") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **grown = realloc(names, cap * sizeof(*names));
			if (!grown)
				break;
			names = grown;
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	size_t files = 0;
	for (size_t i = 0; i < n; i++) {
		char child[PATH_MAX * 2];
		snprintf(child, sizeof(child), "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
		if (is_file(child)) {
			add_input(child);
			files++;
		}
		free(names[i]);
	}
	free(names);
	if (files == 0)
		problem(path, "%s", "directory holds no input files");
}

/* What the target reads for an input: a script assembled, a huge file's
 * first MiB (the decoder never reads that far), else the file itself. */
static bool prepare(input *in, int index)
{
	struct stat st;
	if (stat(in->path, &st) != 0) {
		snprintf(in->note, sizeof(in->note), "cannot be read: %s", strerror(errno));
		return false;
	}
	in->size = (long)st.st_size;
	if (access(in->path, R_OK) != 0) {
		snprintf(in->note, sizeof(in->note), "cannot be read: %s", strerror(errno));
		return false;
	}
	if (mf_is_script_path(in->path)) {
		mf_program p;
		char err[400];
		if (!mf_load_program(in->path, &p, err, sizeof(err))) {
			snprintf(in->note, sizeof(in->note), "does not assemble: %s", err);
			return false;
		}
		uint8_t bytes[MF_PROGRAM_MAX_BYTES];
		size_t n = mf_program_encode(&p, bytes);
		snprintf(in->replayed, sizeof(in->replayed), "%s/input-%d.bin", T.tmp, index);
		if (!write_bytes(in->replayed, bytes, n)) {
			snprintf(in->note, sizeof(in->note), "cannot write a temporary file");
			return false;
		}
		snprintf(in->note, sizeof(in->note), "script, assembled to %zu bytes", n);
		return true;
	}
	if (st.st_size > MF_INPUT_MAX_BYTES) {
		FILE *f = fopen(in->path, "rb");
		uint8_t *buf = malloc(MF_INPUT_MAX_BYTES);
		size_t n = f && buf ? fread(buf, 1, MF_INPUT_MAX_BYTES, f) : 0;
		if (f)
			fclose(f);
		snprintf(in->replayed, sizeof(in->replayed), "%s/input-%d.bin", T.tmp, index);
		bool ok = buf && write_bytes(in->replayed, buf, n);
		free(buf);
		if (!ok) {
			snprintf(in->note, sizeof(in->note), "cannot copy the first MiB");
			return false;
		}
		snprintf(in->note, sizeof(in->note), "%ld bytes: replayed its first MiB (a program never reads further)",
			 in->size);
		return true;
	}
	if (!realpath(in->path, in->replayed)) {
		snprintf(in->note, sizeof(in->note), "cannot be resolved: %s", strerror(errno));
		return false;
	}
	return true;
}

/* ---- minimisation predicates ---- */

typedef struct {
	const bucket *b;
} pred_ctx;

/* Invariant buckets: mf_run in a forked child (this binary is linked with
 * the target's core), so a candidate that crashes the core cannot take
 * triage down. */
static bool same_invariant(const mf_program *cand, void *ctx)
{
	const bucket *b = ((pred_ctx *)ctx)->b;
	int fds[2];
	if (pipe(fds) != 0)
		return false;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0) {
		close(fds[0]);
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 2);
		alarm(T.timeout);
		mf_verdict v;
		char key[512] = "";
		if (!mf_run(cand, NULL, &v)) {
			char opk[64];
			size_t n = strcspn(v.op_text, " ");
			snprintf(opk, sizeof(opk), "%.*s", (int)(n < 60 ? n : 60), v.op_text);
			snprintf(key, sizeof(key), "%s/%s", v.invariant, opk);
		}
		ssize_t w = write(fds[1], key, strlen(key) + 1);
		(void)w;
		_exit(0);
	}
	close(fds[1]);
	char key[512] = "";
	size_t got = 0;
	for (;;) {
		ssize_t r = read(fds[0], key + got, sizeof(key) - 1 - got);
		if (r > 0 && got + (size_t)r < sizeof(key) - 1) {
			got += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		break;
	}
	key[got] = '\0';
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 && strcmp(key, b->key) == 0;
}

/* Other buckets: the candidate's bytes replayed in the target. */
static bool same_in_target(const mf_program *cand, void *ctx)
{
	const bucket *b = ((pred_ctx *)ctx)->b;
	uint8_t bytes[MF_PROGRAM_MAX_BYTES];
	size_t n = mf_program_encode(cand, bytes);
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/candidate.bin", T.tmp);
	if (!write_bytes(path, bytes, n))
		return false;
	static verdict v;
	replay_file(path, &v);
	return strcmp(v.key, b->key) == 0;
}

/* ---- output ---- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static const char *const contract_ids[] = {
	"MAP-STATUS-CODE", "MAP-NULL-ON-FAILURE", "MAP-STATUS", "MAP-SUCCESS-VA", "MAP-TRANSLATE",
	"MAP-NONCACHED", "MAP-ATOMIC", "MAP-CLAIM", "LOG-CONFLICT-ONCE", "VERIFIER-EVENT",
	"UNMAP-BAD-NOCHANGE", "UNMAP-EXACT", "RELEASE-INFALLIBLE", "SEAM-MISUSE", "REG-DISJOINT",
	"VA-DISJOINT", "PTE-ACCOUNT", "LIFE-LEAK-REPORTED", "LIFE-TEARDOWN-CLEAN", "SANITIZER", "TIMEOUT",
	"OOM", "CRASH",
};

static const char *kind_name(rkind k)
{
	switch (k) {
	case R_INVARIANT: return "invariant";
	case R_SANITIZER: return "sanitizer";
	case R_TIMEOUT: return "timeout";
	case R_OOM: return "out-of-memory";
	case R_CRASH: return "crash";
	default: return "none";
	}
}

/* The first core frame with a line, else NULL. */
static const frame *core_frame(const verdict *v)
{
	for (int i = 0; i < v->nframes; i++)
		if (v->frames[i].core)
			return &v->frames[i];
	return NULL;
}

static void write_script_file(const char *path, const bucket *b)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "# mapfuzz triage: minimal program of bucket %s\n", b->key);
	if (b->v.line[0])
		fprintf(f, "# finding: %s\n", b->v.line);
	mf_script_write(f, &b->minimal);
	fclose(f);
}

static void print_file(FILE *out, const char *path)
{
	char *text = read_text(path, 1 << 16);
	if (text) {
		fputs(text, out);
		if (text[0] && text[strlen(text) - 1] != '\n')
			fputc('\n', out);
	}
	free(text);
}

static void write_report_md(void)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/report.md", T.outdir);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	int replayed = 0, reproduced = 0;
	for (int i = 0; i < T.ninputs; i++) {
		replayed += !T.inputs[i].problem;
		reproduced += T.inputs[i].bucket >= 0;
	}
	fprintf(f, "# mapfuzz triage\n\n");
	fprintf(f, "- target: `%s`\n- core: `%s`\n- timeout: %u s, memory limit: %d MB\n", rel(T.target),
		T.core[0] ? rel(T.core) : "(unknown)", T.timeout, RSS_LIMIT_MB);
	fprintf(f, "- inputs: %d given, %d replayed (twice each), %d reproduce, %d bucket%s\n\n", T.ninputs, replayed,
		reproduced, T.nbuckets, T.nbuckets == 1 ? "" : "s");
	if (T.nbuckets == 0)
		fprintf(f, "Nothing reproduces.\n\n");
	for (int i = 0; i < T.nbuckets; i++) {
		const bucket *b = &T.buckets[i];
		fprintf(f, "## Bucket %d: %s\n\n", i + 1, b->key);
		if (b->v.kind == R_INVARIANT)
			fprintf(f, "- invariant: `%s` (docs/CONTRACT.md) at a `%s` operation\n", b->v.id, b->v.what);
		else
			fprintf(f, "- %s: `%s`\n", kind_name(b->v.kind), b->v.what);
		if (b->v.seen[0])
			fprintf(f, "- status seen %s, expected %s\n", b->v.seen, b->v.expected);
		fprintf(f, "- finding: `%s`\n", b->v.line);
		fprintf(f, "- inputs in this bucket: %d%s\n", b->count,
			b->flaky ? " (**not deterministic**: two replays disagreed for at least one)" : "");
		for (int j = 0; j < T.ninputs; j++)
			if (T.inputs[j].bucket == i)
				fprintf(f, "  - `%s`%s%s\n", T.inputs[j].path, j == b->rep ? " (representative)" : "",
					T.inputs[j].flaky ? " (flaky)" : "");
		fprintf(f, "- minimal program: %u operation%s", b->minimal.nops, b->minimal.nops == 1 ? "" : "s");
		if (b->minimised)
			fprintf(f, " (%u tries, %u kept%s)\n", b->stats.tries, b->stats.accepted,
				b->stats.budget_hit ? ", budget ran out" : "");
		else
			fprintf(f, " (not minimised: each try would run to the limit)\n");
		if (b->vmin.key[0] && strcmp(b->vmin.key, b->key) != 0)
			fprintf(f, "- note: replayed, the minimal program lands in `%s`\n", b->vmin.key);
		else if (!b->vmin.key[0])
			fprintf(f, "- note: the minimal program does not reproduce in the target\n");
		fprintf(f, "- reproducers: `bucket-%d.mfs`, `bucket-%d.bin`, `bucket-%d.c`\n\n", i + 1, i + 1, i + 1);
		fprintf(f, "### Minimal script\n\n```\n");
		char mfs[PATH_MAX + 32];
		snprintf(mfs, sizeof(mfs), "%s/bucket-%d.mfs", T.outdir, i + 1);
		print_file(f, mfs);
		fprintf(f, "```\n\n### Trace (`mapfuzz explain bucket-%d.mfs`)\n\n```\n", i + 1);
		print_file(f, b->explain);
		fprintf(f, "```\n\n### Stack\n\n");
		if (b->v.stack[0])
			fprintf(f, "```\n%s```\n\n", b->v.stack);
		else
			fprintf(f, "(none: %s)\n\n",
				b->v.kind == R_INVARIANT ? "the abort is the harness's; the signature is ID + op kind"
							 : "the target printed no stack");
	}
	bool any = false;
	for (int i = 0; i < T.ninputs; i++) {
		const input *in = &T.inputs[i];
		if (in->bucket >= 0 && !in->flaky && !in->note[0])
			continue;
		if (!any)
			fprintf(f, "## Inputs\n\n");
		any = true;
		if (in->problem)
			fprintf(f, "- `%s`: **not replayed**: %s\n", in->path, in->note);
		else if (in->bucket < 0)
			fprintf(f, "- `%s`: does not reproduce%s%s%s%s%s%s\n", in->path,
				in->flaky ? " (flaky: one replay failed as `" : "",
				in->flaky ? (in->v[0].key[0] ? in->v[0].key : in->v[1].key) : "", in->flaky ? "`)" : "",
				in->note[0] ? " (" : "", in->note, in->note[0] ? ")" : "");
		else
			fprintf(f, "- `%s`: bucket %d%s%s%s\n", in->path, in->bucket + 1, in->flaky ? ", not deterministic" : "",
				in->note[0] ? "; " : "", in->note);
	}
	fclose(f);
}

static void write_json(void)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/findings.json", T.outdir);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "{\n  \"tool\": \"mapfuzz triage\",\n  \"target\": ");
	json_str(f, rel(T.target));
	fprintf(f, ",\n  \"core\": ");
	json_str(f, T.core[0] ? rel(T.core) : "");
	fprintf(f, ",\n  \"timeout_seconds\": %u,\n  \"buckets\": [", T.timeout);
	for (int i = 0; i < T.nbuckets; i++) {
		const bucket *b = &T.buckets[i];
		fprintf(f, "%s\n    {\"id\": %d, \"key\": ", i ? "," : "", i + 1);
		json_str(f, b->key);
		fprintf(f, ", \"kind\": \"%s\", \"rule\": ", kind_name(b->v.kind));
		json_str(f, b->v.id);
		fprintf(f, ", \"what\": ");
		json_str(f, b->v.what);
		fprintf(f, ", \"status_seen\": ");
		json_str(f, b->v.seen);
		fprintf(f, ", \"status_expected\": ");
		json_str(f, b->v.expected);
		fprintf(f, ", \"finding\": ");
		json_str(f, b->v.line);
		fprintf(f, ", \"count\": %d, \"deterministic\": %s, \"minimal_ops\": %u, \"script\": \"bucket-%d.mfs\", "
			   "\"c_reproducer\": \"bucket-%d.c\", \"frames\": [",
			b->count, b->flaky ? "false" : "true", b->minimal.nops, i + 1, i + 1);
		for (int j = 0; j < b->v.nframes && j < 8; j++) {
			fprintf(f, "%s{\"function\": ", j ? ", " : "");
			json_str(f, b->v.frames[j].func);
			fprintf(f, ", \"file\": ");
			json_str(f, rel(b->v.frames[j].file));
			fprintf(f, ", \"line\": %d, \"core\": %s}", b->v.frames[j].line, b->v.frames[j].core ? "true" : "false");
		}
		fprintf(f, "], \"inputs\": [");
		bool first = true;
		for (int j = 0; j < T.ninputs; j++) {
			if (T.inputs[j].bucket != i)
				continue;
			fprintf(f, "%s", first ? "" : ", ");
			json_str(f, T.inputs[j].path);
			first = false;
		}
		fprintf(f, "]}");
	}
	fprintf(f, "\n  ],\n  \"inputs\": [");
	for (int i = 0; i < T.ninputs; i++) {
		const input *in = &T.inputs[i];
		fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
		json_str(f, in->path);
		fprintf(f, ", \"result\": \"%s\", \"bucket\": %d, \"deterministic\": %s, \"note\": ",
			in->problem ? "error" : in->bucket >= 0 ? "finding" : "no-repro", in->bucket + 1,
			in->flaky ? "false" : "true");
		json_str(f, in->note);
		fprintf(f, "}");
	}
	fprintf(f, "\n  ]\n}\n");
	fclose(f);
}

static void write_sarif(void)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/findings.sarif", T.outdir);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	const char *help = "https://github.com/mapfuzz/mapfuzz/blob/main/docs/CONTRACT.md";
	fprintf(f, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
		   "  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n"
		   "          \"name\": \"mapfuzz\",\n          \"informationUri\": \"%s\",\n          \"rules\": [",
		help);
	size_t nids = sizeof(contract_ids) / sizeof(contract_ids[0]);
	for (size_t i = 0; i < nids; i++) {
		fprintf(f, "%s\n            {\"id\": \"%s\", \"shortDescription\": {\"text\": \"mapping contract: %s\"}, "
			   "\"helpUri\": \"%s\"}",
			i ? "," : "", contract_ids[i], contract_ids[i], help);
	}
	fprintf(f, "\n          ]\n        }\n      },\n      \"results\": [");
	for (int i = 0; i < T.nbuckets; i++) {
		const bucket *b = &T.buckets[i];
		const frame *cf = core_frame(&b->v);
		char abs_frame[PATH_MAX + 8], uri[PATH_MAX + 16];
		if (cf && cf->file[0] != '/')
			snprintf(abs_frame, sizeof(abs_frame), "%s/%s", T.root, cf->file);
		else
			copy(abs_frame, sizeof(abs_frame), cf ? cf->file : T.core[0] ? T.core : "src/core_ref.c");
		char real[PATH_MAX];
		const char *u = realpath(abs_frame, real) ? rel(real) : rel(abs_frame);
		/* Repo-relative when it can be; a file outside is a file: URI. */
		snprintf(uri, sizeof(uri), "%s%s", u[0] == '/' ? "file://" : "", u);
		char msg[1200];
		snprintf(msg, sizeof(msg), "%s (%s): %s. %d input%s; minimal reproducer bucket-%d.mfs (%u ops)", b->v.id,
			 b->v.what, b->v.line, b->count, b->count == 1 ? "" : "s", i + 1, b->minimal.nops);
		fprintf(f, "%s\n        {\"ruleId\": ", i ? "," : "");
		json_str(f, b->v.id);
		fprintf(f, ", \"level\": \"error\", \"message\": {\"text\": ");
		json_str(f, msg);
		fprintf(f, "},\n         \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
		json_str(f, uri);
		fprintf(f, "}, \"region\": {\"startLine\": %d}}}],\n         \"partialFingerprints\": {\"mapfuzzBucket/v1\": ",
			cf ? cf->line : 1);
		json_str(f, b->key);
		fprintf(f, "}}");
	}
	fprintf(f, "\n      ]\n    }\n  ]\n}\n");
	fclose(f);
}

/* ---- the command ---- */

static bool find_root(void)
{
	char dir[PATH_MAX];
	copy(dir, sizeof(dir), T.self_dir);
	for (int depth = 0; depth < 6; depth++) {
		char mk[PATH_MAX + 32], core[PATH_MAX + 32];
		snprintf(mk, sizeof(mk), "%s/Makefile", dir);
		snprintf(core, sizeof(core), "%s/src/core_ref.c", dir);
		if (is_file(mk) && is_file(core)) {
			copy(T.root, sizeof(T.root), dir);
			return true;
		}
		char up[PATH_MAX];
		dir_of(dir, up, sizeof(up));
		if (strcmp(up, dir) == 0)
			break;
		copy(dir, sizeof(dir), up);
	}
	return getcwd(T.root, sizeof(T.root)) != NULL;
}

/* The core and the .c files it includes (a broken core is usually
 * `#define MF_BUG_X 1` + `#include "../../src/core_ref.c"`). */
static void set_core(const char *core)
{
	copy(T.core, sizeof(T.core), core);
	T.ncore_files = 0;
	copy(T.core_files[T.ncore_files++], PATH_MAX, core);
	char *text = read_text(core, 1 << 20);
	char dir[PATH_MAX];
	dir_of(core, dir, sizeof(dir));
	for (char *p = text; p && (p = strstr(p, "#include \"")) != NULL && T.ncore_files < 4; p++) {
		char name[PATH_MAX], joined[PATH_MAX * 2 + 2], real[PATH_MAX];
		if (sscanf(p, "#include \"%4000[^\"]\"", name) != 1)
			continue;
		size_t n = strlen(name);
		if (n < 2 || strcmp(name + n - 2, ".c") != 0)
			continue;
		snprintf(joined, sizeof(joined), "%s/%s", dir, name);
		if (realpath(joined, real))
			copy(T.core_files[T.ncore_files++], PATH_MAX, real);
	}
	free(text);
}

/* Builds <dir of this binary>/cores/<name>/{mapfuzz,fuzz_map} against the
 * core, then re-executes that mapfuzz (linked with the same core, so the
 * in-process minimiser judges the right core). */
static int build_and_reexec(const char *core, int argc, char **argv)
{
	char name[256];
	const char *base = strrchr(core, '/');
	copy(name, sizeof(name), base ? base + 1 : core);
	size_t n = strlen(name);
	if (n > 2 && strcmp(name + n - 2, ".c") == 0)
		name[n - 2] = '\0';
	char out[PATH_MAX + 300], obj[PATH_MAX + 32], mapfuzz[PATH_MAX + 400], fuzz[PATH_MAX + 400];
	snprintf(out, sizeof(out), "%s/cores/%s", T.self_dir, name);
	snprintf(obj, sizeof(obj), "%s/obj", T.self_dir);
	snprintf(mapfuzz, sizeof(mapfuzz), "%s/mapfuzz", out);
	snprintf(fuzz, sizeof(fuzz), "%s/fuzz_map", out);
	char a_out[PATH_MAX + 320], a_obj[PATH_MAX + 40], a_core[PATH_MAX + 40];
	snprintf(a_out, sizeof(a_out), "OUT=%s", out);
	snprintf(a_obj, sizeof(a_obj), "OBJ=%s", obj);
	snprintf(a_core, sizeof(a_core), "CORE=%s", core);
	fprintf(stderr, "mapfuzz triage: building %s and %s against %s\n", rel(mapfuzz), rel(fuzz), rel(core));
	char *make_argv[] = {"/usr/bin/env", "make", "-s", "-C", T.root, a_out, a_obj, a_core, mapfuzz, fuzz, NULL};
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(2, 1); /* make's chatter goes to stderr */
		execv(make_argv[0], make_argv);
		_exit(127);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "mapfuzz: triage: the core %s does not build\n", core);
		return 2;
	}
	char **nargv = calloc((size_t)argc + 2, sizeof(char *));
	if (!nargv)
		return 2;
	int k = 0;
	nargv[k++] = mapfuzz;
	nargv[k++] = "triage";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--core") == 0) {
			nargv[k++] = "--core-built";
			nargv[k++] = (char *)core;
			i++;
		} else {
			nargv[k++] = argv[i];
		}
	}
	nargv[k] = NULL;
	fflush(stdout);
	execv(mapfuzz, nargv);
	fprintf(stderr, "mapfuzz: triage: cannot run %s: %s\n", mapfuzz, strerror(errno));
	return 2;
}

static int make_dirs(const char *path)
{
	char buf[PATH_MAX];
	copy(buf, sizeof(buf), path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	return mkdir(buf, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

static void remove_tmp(void)
{
	DIR *d = opendir(T.tmp);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			char p[PATH_MAX * 2];
			snprintf(p, sizeof(p), "%s/%s", T.tmp, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(T.tmp);
}

/* Buckets by key, in order of first appearance. */
static void bucket_inputs(void)
{
	for (int i = 0; i < T.ninputs; i++) {
		input *in = &T.inputs[i];
		if (in->problem || !in->v[0].key[0])
			continue;
		int b;
		for (b = 0; b < T.nbuckets; b++)
			if (strcmp(T.buckets[b].key, in->v[0].key) == 0)
				break;
		if (b == T.nbuckets) {
			if (T.nbuckets >= MAX_BUCKETS)
				continue;
			bucket *nb = &T.buckets[T.nbuckets++];
			memset(nb, 0, sizeof(*nb));
			copy(nb->key, sizeof(nb->key), in->v[0].key);
			nb->v = in->v[0];
			nb->rep = i;
		}
		bucket *bk = &T.buckets[b];
		in->bucket = b;
		bk->count++;
		bk->flaky |= in->flaky;
		if (in->size < T.inputs[bk->rep].size) {
			bk->rep = i;
			bk->v = in->v[0];
		}
	}
}

static void process_bucket(int index)
{
	bucket *b = &T.buckets[index];
	const input *rep = &T.inputs[b->rep];
	char err[400];
	mf_program p;
	if (!mf_load_program(rep->replayed, &p, err, sizeof(err))) {
		memset(&p, 0, sizeof(p));
		p.platform.va_pages = 1;
	}
	pred_ctx ctx = {b};
	if (b->v.kind == R_INVARIANT) {
		mf_minimize(&p, same_invariant, &ctx, T.budget, &b->stats);
		b->minimised = true;
	} else if (b->v.kind == R_SANITIZER || b->v.kind == R_CRASH) {
		uint32_t budget = T.budget < 300 ? T.budget : 300;
		mf_minimize(&p, same_in_target, &ctx, budget, &b->stats);
		b->minimised = true;
	} else {
		/* Timeouts and OOMs: every try would run to the limit. */
		uint8_t bytes[MF_PROGRAM_MAX_BYTES];
		size_t n = mf_program_encode(&p, bytes);
		mf_program_decode(bytes, n, &p);
	}
	b->minimal = p;

	char mfs[PATH_MAX + 32], bin[PATH_MAX + 32], cfile[PATH_MAX + 32];
	snprintf(mfs, sizeof(mfs), "%s/bucket-%d.mfs", T.outdir, index + 1);
	snprintf(bin, sizeof(bin), "%s/bucket-%d.bin", T.outdir, index + 1);
	snprintf(cfile, sizeof(cfile), "%s/bucket-%d.c", T.outdir, index + 1);
	snprintf(b->explain, sizeof(b->explain), "%s/explain.%d", T.tmp, index + 1);
	write_script_file(mfs, b);
	uint8_t bytes[MF_PROGRAM_MAX_BYTES];
	size_t n = mf_program_encode(&p, bytes);
	write_bytes(bin, bytes, n);
	char name[64];
	snprintf(name, sizeof(name), "bucket-%d", index + 1);
	FILE *f = fopen(cfile, "w");
	if (f) {
		mf_repro_info info = {name, b->key, b->v.line};
		mf_repro_c_write(f, &p, &info);
		fclose(f);
	}
	/* The trace, as `mapfuzz explain` prints it, made in a forked child
	 * (this binary is linked with the target's core) with line-buffered
	 * output, so a core that crashes mid-run still leaves its trace. */
	char explain_err[PATH_MAX + 32];
	snprintf(explain_err, sizeof(explain_err), "%s/explain-err.%d", T.tmp, index + 1);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		int efd = open(explain_err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (efd >= 0)
			dup2(efd, 2);
		FILE *e = fopen(b->explain, "w");
		if (!e)
			_exit(2);
		setvbuf(e, NULL, _IOLBF, 0);
		alarm(T.timeout);
		fprintf(e, "# mapfuzz explain bucket-%d.mfs\n", index + 1);
		mf_script_write(e, &p);
		fprintf(e, "# ---- trace ----\n");
		mf_run_options opt = {0};
		opt.trace = e;
		mf_verdict v;
		bool held = mf_run(&p, &opt, &v);
		if (held) {
			fprintf(e, "# verdict: every invariant held (%u ops, %u fallible calls, %u faults fired)\n",
				v.ops_run, v.fallible_calls, v.faults_fired);
		} else {
			fputs("# verdict: ", e);
			mf_verdict_print(e, &v);
		}
		fclose(e);
		_exit(held ? 0 : 1);
	}
	int status = 0;
	if (pid > 0)
		waitpid(pid, &status, 0);
	char *trace_text = read_text(b->explain, 1 << 16);
	if (!trace_text || !strstr(trace_text, "# verdict: ")) {
		FILE *e = fopen(b->explain, "a");
		if (e) {
			fprintf(e, "# (the run stopped before a verdict; the first lines of its report follow)\n");
			char *text = read_text(explain_err, 4000);
			int lines = 0;
			for (char *line = text ? strtok(text, "\n") : NULL; line && lines < 8;
			     line = strtok(NULL, "\n"), lines++)
				fprintf(e, "#   %s\n", line);
			free(text);
			fclose(e);
		}
	}
	free(trace_text);
	/* The minimal program, replayed as the engine would. */
	if (b->v.kind != R_TIMEOUT && b->v.kind != R_OOM) {
		char abs_bin[PATH_MAX];
		if (!realpath(bin, abs_bin))
			copy(abs_bin, sizeof(abs_bin), bin);
		replay_file(abs_bin, &b->vmin);
		if (strcmp(b->vmin.key, b->key) == 0 && b->vmin.line[0])
			copy(b->v.line, sizeof(b->v.line), b->vmin.line);
		if (strcmp(b->vmin.key, b->key) == 0 && b->v.kind == R_INVARIANT) {
			copy(b->v.seen, sizeof(b->v.seen), b->vmin.seen);
			copy(b->v.expected, sizeof(b->v.expected), b->vmin.expected);
		}
		write_script_file(mfs, b); /* with the minimal program's own finding */
	} else {
		b->vmin = b->v;
	}
}

int mf_cmd_triage(int argc, char **argv)
{
	const char *core = NULL, *core_built = NULL, *outdir = "out/triage";
	uint32_t timeout = 10, budget = 2000;
	memset(&T, 0, sizeof(T));
	char **paths = calloc((size_t)argc + 1, sizeof(char *));
	int npaths = 0;
	if (!paths)
		return 2;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has = i + 1 < argc;
		if (strcmp(a, "--core") == 0 && has) {
			core = argv[++i];
		} else if (strcmp(a, "--core-built") == 0 && has) {
			core_built = argv[++i];
		} else if (strcmp(a, "--out") == 0 && has) {
			outdir = argv[++i];
		} else if (strcmp(a, "--timeout") == 0 && has) {
			if (!mf_parse_u32(argv[++i], &timeout) || timeout == 0 || timeout > 3600)
				return free(paths), mf_usage_error("%s", "--timeout takes 1..3600 seconds");
		} else if (strcmp(a, "--budget") == 0 && has) {
			if (!mf_parse_u32(argv[++i], &budget))
				return free(paths), mf_usage_error("%s", "--budget takes a number of tries");
		} else if (a[0] == '-' && a[1] == '-') {
			free(paths);
			return mf_usage_error("unknown or incomplete option %s", a);
		} else {
			paths[npaths++] = argv[i];
		}
	}
	if (npaths == 0) {
		free(paths);
		return mf_usage_error("%s", "usage: mapfuzz triage PATH... [--core FILE] [--out DIR] [--timeout SECONDS]");
	}
	T.timeout = timeout;
	T.budget = budget;
	ssize_t n = readlink("/proc/self/exe", T.self, sizeof(T.self) - 1);
	if (n <= 0) {
		free(paths);
		return fprintf(stderr, "mapfuzz: triage: cannot find its own binary\n"), 2;
	}
	T.self[n] = '\0';
	dir_of(T.self, T.self_dir, sizeof(T.self_dir));
	find_root();

	if (core || core_built) {
		char real[PATH_MAX];
		if (!realpath(core ? core : core_built, real)) {
			fprintf(stderr, "mapfuzz: triage: core %s: %s\n", core ? core : core_built, strerror(errno));
			free(paths);
			return 2;
		}
		if (core) {
			int rc = build_and_reexec(real, argc, argv);
			free(paths);
			return rc;
		}
		set_core(real);
	} else {
		char def[PATH_MAX + 32];
		snprintf(def, sizeof(def), "%s/src/core_ref.c", T.root);
		if (is_file(def))
			set_core(def);
	}
	snprintf(T.target, sizeof(T.target), "%s/fuzz_map", T.self_dir);
	if (access(T.target, X_OK) != 0) {
		fprintf(stderr, "mapfuzz: triage: no target %s (build it: make fuzz)\n", T.target);
		free(paths);
		return 2;
	}
	if (make_dirs(outdir) != 0 || !realpath(outdir, T.outdir)) {
		fprintf(stderr, "mapfuzz: triage: cannot create %s: %s\n", outdir, strerror(errno));
		free(paths);
		return 2;
	}
	const char *tmpdir = getenv("TMPDIR");
	snprintf(T.tmp, sizeof(T.tmp), "%s/mapfuzz-triage.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(T.tmp)) {
		fprintf(stderr, "mapfuzz: triage: cannot make a temporary directory\n");
		free(paths);
		return 2;
	}
	/* Sanitizer reports the classifier can read. */
	char asan[1024], ubsan[1024];
	const char *ua = getenv("ASAN_OPTIONS"), *uu = getenv("UBSAN_OPTIONS");
	snprintf(asan, sizeof(asan), "%s%ssymbolize=1:detect_leaks=1", ua ? ua : "", ua && *ua ? ":" : "");
	snprintf(ubsan, sizeof(ubsan), "%s%sprint_stacktrace=1:report_error_type=1:halt_on_error=1", uu ? uu : "",
		 uu && *uu ? ":" : "");
	setenv("ASAN_OPTIONS", asan, 1);
	setenv("UBSAN_OPTIONS", ubsan, 1);

	T.inputs = calloc(MAX_INPUTS, sizeof(input));
	T.buckets = calloc(MAX_BUCKETS, sizeof(bucket));
	if (!T.inputs || !T.buckets) {
		free(paths);
		return 2;
	}
	for (int i = 0; i < npaths; i++)
		collect(paths[i]);
	free(paths);

	for (int i = 0; i < T.ninputs; i++) {
		input *in = &T.inputs[i];
		if (in->problem) {
			printf("ERROR %s: %s\n", in->path, in->note);
			continue;
		}
		if (!prepare(in, i)) {
			in->problem = true;
			printf("ERROR %s: %s\n", in->path, in->note);
			continue;
		}
		replay_file(in->replayed, &in->v[0]);
		replay_file(in->replayed, &in->v[1]);
		in->flaky = strcmp(in->v[0].key, in->v[1].key) != 0;
		if (!in->v[0].key[0] && in->v[1].key[0]) {
			verdict t = in->v[0]; /* a finding seen once still counts */
			in->v[0] = in->v[1];
			in->v[1] = t;
		}
		if (in->v[0].key[0])
			printf("FOUND %s: %s%s\n", in->path, in->v[0].key, in->flaky ? " (not deterministic)" : "");
		else
			printf("NO-REPRO %s: does not reproduce\n", in->path);
		fflush(stdout);
	}
	bucket_inputs();
	for (int i = 0; i < T.nbuckets; i++) {
		process_bucket(i);
		const bucket *b = &T.buckets[i];
		printf("BUCKET %d %s: %d input%s, minimal %u op%s -> %s/bucket-%d.mfs\n", i + 1, b->key, b->count,
		       b->count == 1 ? "" : "s", b->minimal.nops, b->minimal.nops == 1 ? "" : "s", outdir, i + 1);
		fflush(stdout);
	}
	write_report_md();
	write_json();
	write_sarif();
	remove_tmp();
	int replayed = 0;
	for (int i = 0; i < T.ninputs; i++)
		replayed += !T.inputs[i].problem;
	printf("triage: %d input%s, %d replayed, %d bucket%s; report %s/report.md\n", T.ninputs,
	       T.ninputs == 1 ? "" : "s", replayed, T.nbuckets, T.nbuckets == 1 ? "" : "s", outdir);
	free(T.inputs);
	free(T.buckets);
	if (T.path_errors)
		return 2;
	return T.nbuckets ? 1 : 0;
}
