/* mapfuzz triage: per bucket, minimise the representative while it stays
 * in the bucket (src/minimize.c), write bucket-N.mfs, .bin and .c
 * (src/repro_c.c), the explain trace, and replay the minimal program. */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "program/load.h"
#include "oracle/harness.h"
#include "minimize.h"
#include "repro_c.h"
#include "program/script.h"
#include "triage.h"

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
		alarm(triage.timeout);
		static mf_verdict v;
		static verdict tv;
		char key[512] = "";
		if (!mf_run(cand, NULL, &v)) {
			/* The key made from the printed line, exactly as for a crash. */
			char line[640];
			mf_finding_format(line, sizeof(line), &v.findings[0]);
			memset(&tv, 0, sizeof(tv));
			if (triage_parse_invariant(line, &tv)) {
				triage_invariant_key(&tv);
				triage_copy(key, sizeof(key), tv.key);
			}
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
	snprintf(path, sizeof(path), "%s/candidate.bin", triage.tmp);
	if (!triage_write_bytes(path, bytes, n))
		return false;
	static verdict v;
	triage_replay_file(path, &v);
	return strcmp(v.key, b->key) == 0;
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

void triage_process_bucket(int index)
{
	bucket *b = &triage.buckets[index];
	const input *rep = &triage.inputs[b->rep];
	char err[400];
	mf_program p;
	if (!mf_load_program(rep->replayed, &p, err, sizeof(err))) {
		memset(&p, 0, sizeof(p));
		p.platform.va_pages = 1;
	}
	pred_ctx ctx = {b};
	if (b->v.kind == R_INVARIANT) {
		mf_minimize(&p, same_invariant, &ctx, triage.budget, &b->stats);
		b->minimised = true;
	} else if (b->v.kind == R_SANITIZER || b->v.kind == R_CRASH) {
		uint32_t budget = triage.budget < 300 ? triage.budget : 300;
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
	snprintf(mfs, sizeof(mfs), "%s/bucket-%d.mfs", triage.outdir, index + 1);
	snprintf(bin, sizeof(bin), "%s/bucket-%d.bin", triage.outdir, index + 1);
	snprintf(cfile, sizeof(cfile), "%s/bucket-%d.c", triage.outdir, index + 1);
	snprintf(b->explain, sizeof(b->explain), "%s/explain.%d", triage.tmp, index + 1);
	write_script_file(mfs, b);
	uint8_t bytes[MF_PROGRAM_MAX_BYTES];
	size_t n = mf_program_encode(&p, bytes);
	triage_write_bytes(bin, bytes, n);
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
	snprintf(explain_err, sizeof(explain_err), "%s/explain-err.%d", triage.tmp, index + 1);
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
		alarm(triage.timeout);
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
	char *trace_text = triage_read_text(b->explain, 1 << 16);
	if (!trace_text || !strstr(trace_text, "# verdict: ")) {
		FILE *e = fopen(b->explain, "a");
		if (e) {
			fprintf(e, "# (the run stopped before a verdict; the first lines of its report follow)\n");
			char *text = triage_read_text(explain_err, 4000);
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
			triage_copy(abs_bin, sizeof(abs_bin), bin);
		triage_replay_file(abs_bin, &b->vmin);
		if (strcmp(b->vmin.key, b->key) == 0 && b->vmin.line[0])
			triage_copy(b->v.line, sizeof(b->v.line), b->vmin.line);
		if (strcmp(b->vmin.key, b->key) == 0 && b->v.kind == R_INVARIANT) {
			triage_copy(b->v.seen, sizeof(b->v.seen), b->vmin.seen);
			triage_copy(b->v.expected, sizeof(b->v.expected), b->vmin.expected);
		}
		write_script_file(mfs, b); /* with the minimal program's own finding */
	} else {
		b->vmin = b->v;
	}
}
