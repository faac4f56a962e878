/* mapfuzz review --driver DIR [--out D] [--known F] [--file F.c]... [--time S]
 *
 * The caller's side (docs/DRIVERS.md): builds the driver's runner
 * (make driver: the driver's files unchanged against the miniport kit),
 * then runs the conformance set of device programs (DIR/mapfuzz/NAME.mfd, or
 * the built-in variants) each under every fault position, keep-going, in
 * runner processes restarted after a death.  Rows per (ID, clause key) of
 * docs/CONTRACT.md's caller section, each with the driver's line and a
 * reproducer (the program with its fault position) that is replayed to
 * check it; review.md, review.json, review.sarif.  --time S: then S seconds
 * of fuzz_driver's campaign with those rows known (issue 23).
 * Exit 0: conforms; 1: deviates (or the campaign found a new cause); 2:
 * usage, build or write error. */
#define _DEFAULT_SOURCE /* realpath, strdup */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "driver/program.h"
#include "driver/runner.h"
#include "review.h"

static const char usage[] = "usage: mapfuzz review --driver DIR [--out DIR] [--known FILE] [--file F.c]... [--time S]";

enum { MAX_ROWS = 96, MAX_FILES = 64, MAX_DEATHS = 64, STALL_SECONDS = 5, REPLAY_SECONDS = 10 };

typedef struct {
	char id[32], clause[32];
	bool warning, death;
	uint32_t count;
	uint64_t last_case;
	char detail[256];
	uintptr_t pc;     /* offset into the runner */
	frame where;
	uint64_t case_index;
	uint32_t nth, nth2; /* the fault positions: nth2 a second one, in the cleanup */
	uint32_t op;        /* the operation it was seen in */
	bool minimised;     /* the reproducer ends at that operation */
	char file[160];   /* the reproducer, relative to the output directory */
	int replays;      /* 1 yes, 0 no, -1 not checked */
} drow;

typedef struct {
	drow r[MAX_ROWS];
	uint32_t n, dropped;
	mf_known known;
	uint64_t exercised[DV_CL_COUNT];
	uint64_t cases, runs, deaths, load_errors;
} dtable;

typedef struct {
	char dir[PATH_MAX];     /* the driver, absolute */
	const char *given;
	char name[256];
	char runner[PATH_MAX + 300];
	char out[PATH_MAX];
	char **progs;
	uint32_t nprogs;
} dreview;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint32_t deviations(const dtable *t)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < t->n; i++)
		n += !t->r[i].warning;
	return n;
}

static drow *take(dtable *t, const char *id, const char *clause, bool warning, uint64_t case_index, uint32_t nth,
		  bool *fresh)
{
	*fresh = false;
	if (mf_known_has(&t->known, id, clause))
		return NULL;
	for (uint32_t i = 0; i < t->n; i++) {
		drow *d = &t->r[i];
		if (strcmp(d->id, id) == 0 && strcmp(d->clause, clause) == 0 && d->warning == warning) {
			if (d->last_case != case_index)
				d->count++, d->last_case = case_index;
			return d;
		}
	}
	if (t->n == MAX_ROWS) {
		t->dropped++;
		return NULL;
	}
	drow *d = &t->r[t->n++];
	memset(d, 0, sizeof(*d));
	snprintf(d->id, sizeof(d->id), "%s", id);
	snprintf(d->clause, sizeof(d->clause), "%s", clause);
	d->warning = warning;
	d->count = 1;
	d->last_case = d->case_index = case_index;
	d->nth = nth;
	d->replays = -1;
	*fresh = true;
	return d;
}

/* ---- the programs ---- */

/* The conformance set of the design notes: the test NIC and its variants. */
static const struct {
	const char *name, *text;
} builtin[] = {
	{"01-one-bar", "device\nmem 0xF0000000 0x1000\nport 0xC000 0x100\nirq 11\nmac 02:00:4D:46:00:01\n"
		       "entry\ninit 0\nhalt 0\nunload\n"},
	{"02-several-bars", "device\nmem 0xF0000000 0x1000\nport 0xC000 0x100\nmem 0xF0010000 0x4000\nirq 11\n"
			    "mac 02:00:4D:46:00:01\nentry\ninit 0\nhalt 0\nunload\n"},
	{"03-port-only", "device\nport 0xC000 0x100\nirq 11\nmac 02:00:4D:46:00:01\nentry\ninit 0\nhalt 0\nunload\n"},
	{"04-no-resources", "device\nentry\ninit 0\nhalt 0\nunload\n"},
	{"05-odd-length-1234", "device\nmem 0xF0000000 0x1234\nport 0xC000 0x100\nirq 11\nmac 02:00:4D:46:00:01\n"
			       "entry\ninit 0\nhalt 0\nunload\n"},
	{"06-odd-length-10", "device\nmem 0xF0000000 0x10\nport 0xC000 0x100\nirq 11\nmac 02:00:4D:46:00:01\n"
			     "entry\ninit 0\nhalt 0\nunload\n"},
	{"07-second-adapter", "device\nmem 0xF0000000 0x1000\nport 0xC000 0x100\nirq 11\nmac 02:00:4D:46:00:01\n"
			      "device slot 4\nmem 0xF0020000 0x1000\nport 0xC100 0x100\nirq 10\nmac 02:00:4D:46:00:02\n"
			      "entry\ninit 0\ninit 1\nhalt 1\nhalt 0\nunload\n"},
	{"08-surprise-removal", "device\nmem 0xF0000000 0x1000\nport 0xC000 0x100\nirq 11\nmac 02:00:4D:46:00:01\n"
				"entry\ninit 0\nremove 0\nunload\n"},
	{"09-reinitialize", "device\nmem 0xF0000000 0x1000\nport 0xC000 0x100\nirq 11\nmac 02:00:4D:46:00:01\n"
			    "entry\ninit 0\nhalt 0\ninit 0\nhalt 0\nunload\n"},
};

static bool write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fputs(text, f);
	return fclose(f) == 0;
}

/* DIR/mapfuzz/NAME.mfd, else the built-in set written under the output. */
static bool find_programs(dreview *rv, glob_t *g, char *where, size_t size)
{
	char pat[PATH_MAX + 32];
	snprintf(pat, sizeof(pat), "%s/mapfuzz/*.mfd", rv->dir);
	if (glob(pat, 0, NULL, g) == 0 && g->gl_pathc > 0) {
		snprintf(where, size, "%s/mapfuzz/*.mfd (%zu program%s)", rv->given, g->gl_pathc,
			 g->gl_pathc == 1 ? "" : "s");
		return true;
	}
	globfree(g);
	char dir[PATH_MAX + 32];
	snprintf(dir, sizeof(dir), "%s/programs", rv->out);
	if (triage_make_dirs(dir) != 0)
		return false;
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		char path[PATH_MAX + 96];
		snprintf(path, sizeof(path), "%s/%s.mfd", dir, builtin[i].name);
		if (!write_text(path, builtin[i].text))
			return false;
	}
	snprintf(pat, sizeof(pat), "%s/*.mfd", dir);
	snprintf(where, size, "the built-in conformance set (%zu programs: one BAR, several BARs, port-only, no "
			      "resources, odd lengths 0x1234 and 0x10, a second adapter, surprise removal, re-initialize)",
		 sizeof(builtin) / sizeof(builtin[0]));
	return glob(pat, 0, NULL, g) == 0;
}

/* ---- the build ---- */

static int build(dreview *rv, char **files, int nfiles)
{
	char log[PATH_MAX + 64], cmd[8 * PATH_MAX];
	snprintf(log, sizeof(log), "%s/logs/build.txt", rv->out);
	int n = snprintf(cmd, sizeof(cmd), "make -s -j2 -C '%s' OUT='%s' driver DRIVER='%s'", triage.root,
			 triage.self_dir, rv->dir);
	if (nfiles) {
		n += snprintf(cmd + n, sizeof(cmd) - (size_t)n, " DRIVER_FILES='");
		for (int i = 0; i < nfiles; i++)
			n += snprintf(cmd + n, sizeof(cmd) - (size_t)n, "%s%s/%s", i ? " " : "", rv->dir, files[i]);
		n += snprintf(cmd + n, sizeof(cmd) - (size_t)n, "'");
	}
	snprintf(cmd + n, sizeof(cmd) - (size_t)n, " >'%s' 2>&1", log);
	printf("review: building %s (make driver; log %s)\n", rv->given, log);
	fflush(stdout);
	int st = system(cmd);
	if (st == 0)
		return 0;
	/* One line: the file that does not compile, else the build's last. */
	char *text = triage_read_text(log, 1 << 20);
	char line[600] = "the build failed";
	const char *m = text ? strstr(text, "make: driver file ") : NULL;
	if (m) {
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(m + 6, "\n"), m + 6);
	} else if (text) {
		const char *e = strstr(text, "error:");
		if (e) {
			while (e > text && e[-1] != '\n')
				e--;
			snprintf(line, sizeof(line), "%.*s", (int)strcspn(e, "\n"), e);
		}
	}
	free(text);
	fprintf(stderr, "mapfuzz: review: driver %s: %s (log %s)\n", rv->given, line, log);
	return 2;
}

/* ---- the runner's batches ---- */

/* The sanitizer's top frame in the driver: inside the driver's directory,
 * else the first outside mapfuzz's own sources and the system (a header
 * the driver shares with its siblings, say). */
static const char *driver_frame(const dreview *rv, const verdict *v, frame *out)
{
	size_t n = strlen(rv->dir), nr = strlen(triage.root);
	const frame *other = NULL;
	for (int i = 0; i < v->nframes; i++) {
		char real[PATH_MAX];
		const char *f = v->frames[i].file;
		if (!f[0] || !realpath(f, real))
			continue;
		if (strncmp(real, rv->dir, n) == 0 && real[n] == '/') {
			*out = v->frames[i];
			return out->file;
		}
		bool ours = strncmp(real, triage.root, nr) == 0 &&
			    (strncmp(real + nr, "/src/", 5) == 0 || strncmp(real + nr, "/include/", 9) == 0);
		if (!other && !ours && strncmp(real, "/usr/", 5) != 0)
			other = &v->frames[i];
	}
	if (!other)
		return NULL;
	*out = *other;
	return out->file;
}

static void line_F(dtable *t, char *s)
{
	enum { NF = 11 };
	char *fld[NF];
	int k = 0;
	for (char *p = s; k < NF; k++) {
		fld[k] = p;
		char *tab = k < NF - 1 ? strchr(p, '\t') : NULL;
		if (!tab && k < NF - 1)
			return;
		if (tab)
			*tab = '\0', p = tab + 1;
	}
	bool fresh;
	drow *d = take(t, fld[4], fld[5], atoi(fld[6]) != 0, strtoull(fld[1], NULL, 10), (uint32_t)atoi(fld[2]), &fresh);
	if (!d || !fresh)
		return;
	d->nth2 = (uint32_t)atoi(fld[3]);
	d->op = (uint32_t)atoi(fld[8]);
	d->pc = (uintptr_t)strtoull(fld[7], NULL, 16);
	snprintf(d->detail, sizeof(d->detail), "%s", fld[10]);
}

static void run_batches(dreview *rv, dtable *t)
{
	char log[PATH_MAX + 64], wpath[PATH_MAX + 64];
	snprintf(log, sizeof(log), "%s/logs/conformance.txt", rv->out);
	snprintf(wpath, sizeof(wpath), "%s/logs/where.bin", rv->out);
	uint64_t start = 0;
	uint32_t nth = 0;
	for (;;) {
		int wfd = open(wpath, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (wfd < 0 || ftruncate(wfd, sizeof(dv_where)) != 0)
			return;
		dv_where *w = mmap(NULL, sizeof(dv_where), PROT_READ | PROT_WRITE, MAP_SHARED, wfd, 0);
		close(wfd);
		if (w == MAP_FAILED)
			return;
		w->case_index = UINT64_MAX;
		int fds[2];
		if (pipe(fds) != 0)
			return;
		struct stat st;
		long from = stat(log, &st) == 0 ? (long)st.st_size : 0;
		char sstart[32], snth[32];
		snprintf(sstart, sizeof(sstart), "%" PRIu64, start);
		snprintf(snth, sizeof(snth), "%u", nth);
		char **argv = calloc(rv->nprogs + 10, sizeof(char *));
		int a = 0;
		argv[a++] = rv->runner;
		argv[a++] = "batch";
		argv[a++] = "--where";
		argv[a++] = wpath;
		argv[a++] = "--start";
		argv[a++] = sstart;
		argv[a++] = "--nth";
		argv[a++] = snth;
		for (uint32_t i = 0; i < rv->nprogs; i++)
			argv[a++] = rv->progs[i];
		fflush(NULL);
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			dup2(fds[1], STDOUT_FILENO);
			close(fds[1]);
			int lf = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
			if (lf >= 0)
				dup2(lf, STDERR_FILENO), close(lf);
			execv(rv->runner, argv);
			_exit(127);
		}
		free(argv);
		close(fds[1]);
		FILE *in = fdopen(fds[0], "r");
		char *line = NULL;
		size_t cap = 0;
		char xid[32] = "", xdetail[256] = "";
		/* A run that makes no progress for STALL_SECONDS is killed: a
		 * loop with no kit call in it. */
		dv_where last = *w;
		double since = now_s();
		for (bool done = false; !done && in;) {
			struct pollfd p = {.fd = fds[0], .events = POLLIN};
			int r = poll(&p, 1, 1000);
			if (r == 0) {
				if (memcmp(&last, w, sizeof(last)) != 0)
					last = *w, since = now_s();
				else if (now_s() - since > STALL_SECONDS)
					kill(pid, SIGALRM), since = now_s() + 1e9;
				continue;
			}
			if (getline(&line, &cap, in) < 0)
				break;
			line[strcspn(line, "\n")] = '\0';
			since = now_s();
			switch (line[0]) {
			case 'F': line_F(t, line); break;
			case 'D': {
				unsigned long long c, runs;
				unsigned clauses;
				if (sscanf(line, "D\t%llu\t%llu\t%u", &c, &runs, &clauses) == 3) {
					t->cases++, t->runs += runs;
					for (int k = 0; k < DV_CL_COUNT; k++)
						t->exercised[k] += (clauses >> k) & 1;
				}
				xid[0] = '\0';
				break;
			}
			case 'E':
				t->load_errors++;
				fprintf(stderr, "mapfuzz: review: %s\n", strchr(line + 2, '\t') ? strchr(line + 2, '\t') + 1 : line);
				break;
			case 'X': {
				char *d = strchr(line + 2, '\t');
				if (d) {
					*d = '\0';
					snprintf(xid, sizeof(xid), "%s", line + 2);
					snprintf(xdetail, sizeof(xdetail), "%s", d + 1);
				}
				break;
			}
			default: break;
			}
		}
		free(line);
		if (in)
			fclose(in);
		int status = 0;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		dv_where at = *w;
		munmap(w, sizeof(*w));
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			break;
		if (at.case_index == UINT64_MAX || at.case_index >= rv->nprogs) {
			fprintf(stderr, "mapfuzz: review: the runner %s failed before its first case (log %s)\n", rv->runner, log);
			break;
		}
		verdict v;
		rv_classify_death(log, from, status, &v);
		const char *id = xid[0] ? xid : v.kind == R_SANITIZER ? "SANITIZER" : v.kind == R_TIMEOUT ? "TIMEOUT" : "CRASH";
		const char *clause = dv_clause_keys[at.clause < DV_CL_COUNT ? at.clause : DV_CL_INIT];
		bool fresh;
		drow *d = take(t, id, clause, false, at.case_index, at.nth, &fresh);
		bool seen_before = d && !fresh;
		if (d && fresh) {
			d->death = true;
			d->nth2 = at.nth2;
			d->op = at.op_index;
			if (xid[0])
				snprintf(d->detail, sizeof(d->detail), "%s", xdetail);
			else if (v.kind == R_TIMEOUT)
				snprintf(d->detail, sizeof(d->detail),
					 "no progress for %d s: a loop that makes no kit call (killed by the review)",
					 STALL_SECONDS);
			else
				snprintf(d->detail, sizeof(d->detail), "%s%s%s", v.what[0] ? v.what : "died",
					 v.line[0] ? ": " : "", v.line);
			if (!driver_frame(rv, &v, &d->where)) {
				/* The runner's own line for a fault it did not classify. */
				char *text = triage_read_text(log, 1 << 20);
				const char *pc = text && (long)strlen(text) > from ? strstr(text + from, "pc +0x") : NULL;
				if (pc)
					d->pc = (uintptr_t)strtoull(pc + 4, NULL, 16);
				free(text);
			}
			int k = at.clause < DV_CL_COUNT ? at.clause : DV_CL_INIT;
			t->exercised[k]++;
		}
		t->deaths++;
		if (t->deaths >= MAX_DEATHS)
			break;
		/* A row seen before: the rest of that case would die the same
		 * way; a new one: the case goes on at the next fault position. */
		if (seen_before || !d)
			start = at.case_index + 1, nth = 0, t->cases++;
		else
			start = at.case_index, nth = at.nth + 1;
		if (start >= rv->nprogs)
			break;
	}
}

/* ---- the rows' lines and reproducers ---- */

static void symbolise_rows(const dreview *rv, dtable *t)
{
	for (uint32_t i = 0; i < t->n; i++) {
		drow *d = &t->r[i];
		if (!d->where.file[0] && d->pc)
			rv_symbolise_offset(rv->runner, d->pc, &d->where);
	}
}

static bool shows(const dreview *rv, const drow *d, const char *path)
{
	char cmd[2 * PATH_MAX + 64];
	/* A driver that hangs with no kit call hangs its replay too. */
	snprintf(cmd, sizeof(cmd), "timeout -s KILL %d '%s' run '%s' 2>&1", REPLAY_SECONDS, rv->runner, path);
	FILE *p = popen(cmd, "r");
	if (!p)
		return false;
	char key[96], line[1024];
	snprintf(key, sizeof(key), "(clause %s)", d->clause);
	bool found = false;
	while (fgets(line, sizeof(line), p)) {
		if (d->death) {
			found |= strstr(line, "ERROR: AddressSanitizer") || strstr(line, "runtime error:") ||
				 strstr(line, "fatal signal") || (strstr(line, d->id) && strstr(line, key));
		} else {
			char idw[64];
			snprintf(idw, sizeof(idw), "mapfuzz-driver: %s ", d->id);
			found |= strstr(line, idw) && strstr(line, key);
		}
	}
	int st = pclose(p);
	if (d->death && strcmp(d->id, "TIMEOUT") == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGKILL)
		return true; /* killed at the deadline */
	return found && (st != 0 || d->warning); /* a warning alone exits 0 */
}

static bool write_repro(const dreview *rv, const drow *d, const dv_program *p, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "# expect: %s %s\n# mapfuzz review --driver %s: %s%s -- %s\n# from %s, fault position %u\n"
		   "# replay: %s run %s\n",
		d->id, d->clause, rv->given, d->id, d->warning ? " (warning)" : "", d->detail,
		triage_rel(rv->progs[d->case_index]), d->nth, triage_rel(rv->runner), d->file);
	if (d->nth2)
		fprintf(f, "# a second fault at position %u, in the cleanup of the first\n", d->nth2);
	dv_write_text(f, p);
	return fclose(f) == 0;
}

/* The reproducer as C: the program's bytes and a main that runs them
 * against the driver (make driver-repro DRIVER=dir REPRO=file.c links it
 * with the driver, the kit and the runner); exit 1 while the row shows. */
static bool write_c(const dreview *rv, const drow *d, const dv_program *p, const char *mfd_path)
{
	char path[PATH_MAX + 200];
	snprintf(path, sizeof(path), "%.*s.c", (int)(strlen(mfd_path) - 4), mfd_path);
	static uint8_t bytes[1 << 14];
	size_t n = dv_encode(p, bytes, sizeof(bytes));
	if (n > sizeof(bytes))
		return false;
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "/* mapfuzz review --driver %s: %s %s, standalone.\n * %s\n *\n"
		   " * make driver-repro DRIVER=%s REPRO=<this file>\n"
		   " * builds out/drivers/%s/repro/<this name>: exit 1 while the driver shows the row, 0 once fixed.\n"
		   " * The program (docs/FORMAT.md, driver programs) is %s beside it. */\n",
		rv->given, d->id, d->clause, d->detail, rv->given, rv->name, strrchr(mfd_path, '/') + 1);
	fprintf(f, "#include <stdio.h>\n#include <string.h>\n\n#include \"driver/runner.h\"\n\n");
	fprintf(f, "static const unsigned char program[%zu] = {", n);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s0x%02x,", i % 12 ? " " : "\n\t", bytes[i]);
	fprintf(f, "\n};\n\nint main(void)\n{\n\tstatic dv_result r;\n\tdv_runner_init();\n"
		   "\tdv_run_bytes(program, sizeof(program), &r);\n"
		   "\tfor (unsigned i = 0; i < r.nfindings; i++) {\n"
		   "\t\tif (strcmp(r.f[i].id, \"%s\") == 0 && strcmp(dv_clause_keys[r.f[i].clause], \"%s\") == 0) {\n"
		   "\t\t\tprintf(\"mapfuzz: %s violated (clause %s): %%s\\n\", r.f[i].detail);\n"
		   "\t\t\treturn 1;\n\t\t}\n\t}\n"
		   "\tprintf(\"%s %s: not shown\\n\");\n\treturn 0;\n}\n",
		d->id, d->clause, d->id, d->clause, d->id, d->clause);
	return fclose(f) == 0;
}

static bool write_repros(const dreview *rv, dtable *t)
{
	char dir[PATH_MAX + 32];
	snprintf(dir, sizeof(dir), "%s/repro", rv->out);
	if (triage_make_dirs(dir) != 0)
		return false;
	bool ok = true;
	for (uint32_t i = 0; i < t->n; i++) {
		drow *d = &t->r[i];
		snprintf(d->file, sizeof(d->file), "repro/%02u-%s-%s.mfd", i + 1, d->id, d->clause);
		static dv_program p;
		char err[300], path[PATH_MAX + 200];
		if (!dv_load_file(rv->progs[d->case_index], &p, err, sizeof(err)))
			continue;
		if (d->nth)
			p.fault = (dv_fault){.mode = DV_FAULT_NTH, .n = d->nth, .n2 = d->nth2};
		snprintf(path, sizeof(path), "%s/%s", rv->out, d->file);
		/* Minimal: the program up to the operation that showed the row,
		 * when that still shows it (the fault positions count the same
		 * calls); else as it ran. */
		uint32_t all = p.nops;
		if (d->op + 1 < p.nops) {
			p.nops = d->op + 1;
			ok = write_repro(rv, d, &p, path) && ok;
			d->minimised = shows(rv, d, path);
		}
		if (!d->minimised) {
			p.nops = all;
			ok = write_repro(rv, d, &p, path) && ok;
		}
		d->replays = d->minimised || shows(rv, d, path);
		ok = write_c(rv, d, &p, path) && ok;
		/* And as a script that replays it on this driver's runner. */
		snprintf(path + strlen(path) - 4, 8, ".sh");
		char sh[2 * PATH_MAX + 200];
		snprintf(sh, sizeof(sh), "#!/bin/sh\n# %s %s: exits non-zero while the driver deviates\nexec '%s' run \"$(dirname \"$0\")/%s\"\n",
			 d->id, d->clause, rv->runner, strrchr(d->file, '/') + 1);
		ok = write_text(path, sh) && ok;
		chmod(path, 0755);
	}
	return ok;
}

/* ---- the reports ---- */

static void line_of(const drow *d, char *out, size_t size)
{
	if (!d->where.file[0]) {
		snprintf(out, size, "-");
		return;
	}
	const char *base = strrchr(d->where.file, '/');
	snprintf(out, size, "%s:%d", base ? base + 1 : d->where.file, d->where.line);
}

static void md_row(FILE *f, const drow *d)
{
	char where[300];
	line_of(d, where, sizeof(where));
	fprintf(f, "| %s | %s | `%s` | %u | ", d->clause, d->warning ? "warning" : "**deviates**", d->id, d->count);
	rv_md_cell(f, d->detail, 110);
	fprintf(f, " | %s | [%s](%s)%s |\n", where, d->file + strlen("repro/"), d->file,
		d->replays == 1 ? "" : d->replays == 0 ? " (does not replay)" : "");
}

static bool write_md(const dreview *rv, const dtable *t, const char *phases, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	uint32_t dev = deviations(t);
	fprintf(f, "# mapfuzz review --driver: %s\n\n", rv->name);
	fprintf(f, "Driver `%s`: **%s**", rv->given, dev ? "deviates" : "conforms");
	if (dev)
		fprintf(f, ", %u deviation%s", dev, dev == 1 ? "" : "s");
	if (t->n - dev)
		fprintf(f, ", %u warning%s", t->n - dev, t->n - dev == 1 ? "" : "s");
	fprintf(f, ". Rows are the caller IDs and clause keys of docs/CONTRACT.md (\"The caller's side\"); a "
		   "reproducer replays with `%s run FILE` (or the `.sh` beside it).\n\n",
		triage_rel(rv->runner));
	fprintf(f, "| clause | verdict | ID | cases | what differs | driver line | reproducer |\n");
	fprintf(f, "| --- | --- | --- | --- | --- | --- | --- |\n");
	for (int c = 0; dv_clause_keys[c]; c++) {
		bool any = false;
		for (int warn = 0; warn < 2; warn++)
			for (uint32_t i = 0; i < t->n; i++)
				if (strcmp(t->r[i].clause, dv_clause_keys[c]) == 0 && t->r[i].warning == (warn == 1))
					md_row(f, &t->r[i]), any |= !t->r[i].warning;
		if (!any && t->exercised[c])
			fprintf(f, "| %s | conforms | | %" PRIu64 " | | | |\n", dv_clause_keys[c], t->exercised[c]);
		else if (!any)
			fprintf(f, "| %s | not exercised | | 0 | no case reached this clause | | |\n", dv_clause_keys[c]);
	}
	if (t->dropped)
		fprintf(f, "\n%u more distinct rows not kept (the table holds %d).\n", t->dropped, MAX_ROWS);
	fprintf(f, "\n## How it was found\n\n%s", phases);
	return fclose(f) == 0;
}

static void json_row(FILE *f, const drow *d, bool first)
{
	fprintf(f, "%s\n    {\"id\": ", first ? "" : ",");
	triage_json_str(f, d->id);
	fprintf(f, ", \"clause\": ");
	triage_json_str(f, d->clause);
	fprintf(f, ", \"count\": %u, \"explanation\": ", d->count);
	triage_json_str(f, d->detail);
	fprintf(f, ", \"reproducer\": ");
	triage_json_str(f, d->file);
	fprintf(f, ", \"fault_position\": %u, \"second_fault_position\": %u, \"minimised\": %s, \"replays\": %s", d->nth,
		d->nth2, d->minimised ? "true" : "false",
		d->replays == 1 ? "true" : d->replays == 0 ? "false" : "null");
	if (d->where.file[0]) {
		fprintf(f, ", \"location\": {\"file\": ");
		triage_json_str(f, triage_rel(d->where.file));
		fprintf(f, ", \"line\": %d, \"function\": ", d->where.line);
		triage_json_str(f, d->where.func);
		fprintf(f, "}");
	}
	fprintf(f, "}");
}

static bool write_json(const dreview *rv, const dtable *t, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "{\n  \"driver\": ");
	triage_json_str(f, rv->name);
	fprintf(f, ",\n  \"source\": ");
	triage_json_str(f, rv->given);
	fprintf(f, ",\n  \"verdict\": \"%s\",\n  \"deviations\": [", deviations(t) ? "deviates" : "conforms");
	bool first = true;
	for (uint32_t i = 0; i < t->n; i++)
		if (!t->r[i].warning)
			json_row(f, &t->r[i], first), first = false;
	fprintf(f, "%s],\n  \"warnings\": [", first ? "" : "\n  ");
	first = true;
	for (uint32_t i = 0; i < t->n; i++)
		if (t->r[i].warning)
			json_row(f, &t->r[i], first), first = false;
	fprintf(f, "%s],\n  \"not_exercised\": [", first ? "" : "\n  ");
	first = true;
	for (int c = 0; dv_clause_keys[c]; c++)
		if (!t->exercised[c]) {
			fprintf(f, "%s", first ? "" : ", ");
			triage_json_str(f, dv_clause_keys[c]);
			first = false;
		}
	fprintf(f, "],\n  \"cases\": {");
	for (int c = 0; dv_clause_keys[c]; c++) {
		fprintf(f, "%s", c ? ", " : "");
		triage_json_str(f, dv_clause_keys[c]);
		fprintf(f, ": %" PRIu64, t->exercised[c]);
	}
	fprintf(f, "},\n  \"programs\": %" PRIu64 ", \"runs\": %" PRIu64 ", \"deaths\": %" PRIu64 "\n}\n", t->cases,
		t->runs, t->deaths);
	return fclose(f) == 0;
}

static bool write_sarif(const dtable *t, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	mf_sarif_result *res = calloc(t->n + 1, sizeof(*res));
	char(*msgs)[MF_SARIF_MAX_MESSAGE] = calloc(t->n + 1, sizeof(*msgs));
	char(*keys)[80] = calloc(t->n + 1, sizeof(*keys));
	bool ok = res && msgs && keys;
	int n = 0;
	for (uint32_t i = 0; ok && i < t->n; i++) {
		const drow *d = &t->r[i];
		if (d->warning || !d->where.file[0])
			continue;
		snprintf(msgs[n], MF_SARIF_MAX_MESSAGE, "%s (clause %s): %s. Reproducer: %s", d->id, d->clause, d->detail,
			 d->file);
		snprintf(keys[n], sizeof(keys[n]), "%s/%s", d->id, d->clause);
		res[n] = (mf_sarif_result){.rule = d->id, .message = msgs[n], .file = d->where.file,
					   .line = d->where.line > 0 ? d->where.line : 1, .key = keys[n]};
		n++;
	}
	ok = ok && mf_sarif_write(f, triage.root, res, n);
	free(res);
	free(msgs);
	free(keys);
	return fclose(f) == 0 && ok;
}

/* ---- the last phase: fuzz_driver's campaign (issue 23) ----
 * scripts/fuzz_campaign.sh --driver DIR with the review's rows known, so
 * that it looks for what the sweep did not show; its causes are listed in
 * the report (the campaign's own report.md has their reproducers).
 * Returns the number of new causes, -1 when the campaign failed. */
static int fuzz_phase(const dreview *rv, const dtable *t, unsigned seconds, char *text, size_t size)
{
	char known[PATH_MAX + 32], log[PATH_MAX + 32], cmd[4 * PATH_MAX];
	snprintf(known, sizeof(known), "%s/logs/known.txt", rv->out);
	snprintf(log, sizeof(log), "%s/logs/fuzz.txt", rv->out);
	FILE *k = fopen(known, "w");
	if (!k)
		return -1;
	for (uint32_t i = 0; i < t->known.n; i++)
		fprintf(k, "%s %s\n", t->known.e[i].invariant, t->known.e[i].clause);
	for (uint32_t i = 0; i < t->n; i++)
		if (!t->r[i].warning)
			fprintf(k, "%s %s\n", t->r[i].id, t->r[i].clause);
	if (fclose(k) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "MF_OUT='%s' '%s/scripts/fuzz_campaign.sh' --driver '%s' --time %u --jobs 2 --known '%s' >'%s' 2>&1",
		 triage.self_dir, triage.root, rv->dir, seconds, known, log);
	printf("review: fuzz_driver campaign, %u s (log %s)\n", seconds, log);
	fflush(stdout);
	int st = system(cmd);
	if (!WIFEXITED(st) || WEXITSTATUS(st) > 1)
		return -1;
	char *out = triage_read_text(log, 1 << 20);
	int n = 0;
	size_t used = 0;
	const char *exec = out ? strstr(out, "\nexecutions:") : NULL;
	used += (size_t)snprintf(text, size, "- fuzz campaign: %u s, %.*s, the sweep's rows known (log logs/fuzz.txt)\n",
				 seconds, exec ? (int)strcspn(exec + 14, "\n") : 1, exec ? exec + 14 : "?");
	for (char *l = out; l && *l && used < size;) {
		char *e = l + strcspn(l, "\n");
		/* The campaign's triage: "  ID clause -- what [file:line] (n inputs) -> repro" */
		if (strncmp(l, "  ", 2) == 0 && l[2] >= 'A' && l[2] <= 'Z' && strstr(l, " -> ") && strstr(l, " -- ") &&
		    (size_t)(e - l) < 1000) {
			used += (size_t)snprintf(text + used, size - used, "  - new: %.*s\n", (int)(e - l - 2), l + 2);
			n++;
		}
		l = *e ? e + 1 : e;
	}
	free(out);
	return n;
}

/* ---- the command ---- */

int rv_review_driver(int argc, char **argv)
{
	const char *dir = NULL, *out = NULL, *known = NULL;
	unsigned fuzz_seconds = 0;
	char *files[MAX_FILES];
	int nfiles = 0;
	for (int i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			return mf_usage_error("%s", usage);
		const char *a = argv[i], *v = argv[++i];
		if (strcmp(a, "--driver") == 0)
			dir = v;
		else if (strcmp(a, "--out") == 0)
			out = v;
		else if (strcmp(a, "--known") == 0)
			known = v;
		else if (strcmp(a, "--time") == 0 && strspn(v, "0123456789") == strlen(v) && strlen(v) < 7)
			fuzz_seconds = (unsigned)atoi(v);
		else if (strcmp(a, "--file") == 0 && nfiles < MAX_FILES)
			files[nfiles++] = argv[i];
		else
			return mf_usage_error("unknown option %s (with --driver)", a);
	}
	if (!dir)
		return mf_usage_error("%s", usage);
	static dreview rv;
	static dtable t;
	memset(&rv, 0, sizeof(rv));
	memset(&t, 0, sizeof(t));
	rv.given = dir;
	struct stat st;
	if (!realpath(dir, rv.dir) || stat(rv.dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return fprintf(stderr, "mapfuzz: review: --driver %s: not a directory\n", dir), 2;
	for (int i = 0; i < nfiles; i++) {
		char p[2 * PATH_MAX];
		snprintf(p, sizeof(p), "%s/%s", rv.dir, files[i]);
		if (!triage_is_file(p))
			return fprintf(stderr, "mapfuzz: review: --file %s: no such file in %s\n", files[i], dir), 2;
	}
	if (known && mf_load_known(known, &t.known) != 0)
		return 2;
	const char *base = strrchr(rv.dir, '/');
	snprintf(rv.name, sizeof(rv.name), "%s", base ? base + 1 : rv.dir);
	if (!triage_init_self())
		return fprintf(stderr, "mapfuzz: review: cannot find its own binary\n"), 2;
	if (out)
		snprintf(rv.out, sizeof(rv.out), "%s", out);
	else
		snprintf(rv.out, sizeof(rv.out), "%s/review-driver/%s", triage.self_dir, rv.name);
	char logs[PATH_MAX + 16];
	snprintf(logs, sizeof(logs), "%s/logs", rv.out);
	if (triage_make_dirs(logs) != 0)
		return fprintf(stderr, "mapfuzz: review: cannot create %s: %s\n", logs, strerror(errno)), 2;
	snprintf(rv.runner, sizeof(rv.runner), "%s/drivers/%s/mapfuzz-driver", triage.self_dir, rv.name);
	printf("mapfuzz review --driver %s -> %s/review.md\n", dir, rv.out);
	fflush(stdout);
	double t0 = now_s();
	int rc = build(&rv, files, nfiles);
	if (rc)
		return rc;
	double built = now_s();
	glob_t g;
	char where[600];
	if (!find_programs(&rv, &g, where, sizeof(where)))
		return fprintf(stderr, "mapfuzz: review: cannot write the conformance programs under %s\n", rv.out), 2;
	rv.progs = g.gl_pathv;
	rv.nprogs = (uint32_t)g.gl_pathc;
	triage_sanitizer_env();
	run_batches(&rv, &t);
	double swept = now_s();
	symbolise_rows(&rv, &t);
	bool ok = write_repros(&rv, &t);
	char phases[8000], path[PATH_MAX + 32];
	snprintf(phases, sizeof(phases),
		 "- build: %.1f s (`make driver DRIVER=%s`, log logs/build.txt)\n"
		 "- conformance: %s, each under every fault position (the systematic sweep: fail the Nth NDIS call "
		 "for N = 1, 2, ... until none fires): %" PRIu64 " programs, %" PRIu64 " runs, %" PRIu64
		 " death%s, %.2f s\n"
		 "- reproducers: each replayed once on the driver (%.2f s)\n",
		 built - t0, dir, where, t.cases, t.runs, t.deaths, t.deaths == 1 ? "" : "s", swept - built, now_s() - swept);
	int new_causes = 0;
	if (fuzz_seconds) {
		size_t used = strlen(phases);
		new_causes = fuzz_phase(&rv, &t, fuzz_seconds, phases + used, sizeof(phases) - used);
		if (new_causes < 0)
			fprintf(stderr, "mapfuzz: review: the fuzz_driver campaign failed (log %s/logs/fuzz.txt)\n", rv.out), ok = false;
	} else {
		snprintf(phases + strlen(phases), sizeof(phases) - strlen(phases),
			 "- fuzz campaign: off (--time S runs fuzz_driver S seconds as the last phase)\n");
	}
	snprintf(path, sizeof(path), "%s/review.md", rv.out);
	ok = write_md(&rv, &t, phases, path) && ok;
	snprintf(path, sizeof(path), "%s/review.json", rv.out);
	ok = write_json(&rv, &t, path) && ok;
	snprintf(path, sizeof(path), "%s/review.sarif", rv.out);
	ok = write_sarif(&t, path) && ok;
	for (uint32_t i = 0; i < t.n; i++) {
		const drow *d = &t.r[i];
		char line[300];
		line_of(d, line, sizeof(line));
		printf("%s %s %s: %u case%s -- %s [%s] -> %s%s\n", d->warning ? "WARNING" : "DEVIATES", d->id, d->clause,
		       d->count, d->count == 1 ? "" : "s", d->detail, line, d->file,
		       d->replays == 0 ? " (does not replay)" : "");
	}
	uint32_t dev = deviations(&t);
	printf("review: %s: %s, %u deviation%s, %u warning%s; %" PRIu64 " programs, %" PRIu64 " runs in %.2f s; report %s/review.md\n",
	       rv.name, dev ? "deviates" : "conforms", dev, dev == 1 ? "" : "s", t.n - dev, t.n - dev == 1 ? "" : "s",
	       t.cases, t.runs, swept - built, rv.out);
	globfree(&g);
	if (!ok)
		return fprintf(stderr, "mapfuzz: review: could not write every report under %s\n", rv.out), 2;
	if (t.load_errors)
		return 2;
	if (new_causes > 0)
		printf("review: the fuzz campaign found %d cause%s the sweep did not (report.md, How it was found)\n", new_causes,
		       new_causes == 1 ? "" : "s");
	return dev || new_causes > 0 ? 1 : 0;
}
