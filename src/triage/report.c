/* mapfuzz triage: the reports, report.md, findings.json and findings.sarif
 * (docs/TRIAGE.md); SARIF's own format is sarif.c, which this file calls
 * and which calls nothing here (both use util.c). */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage.h"

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

static void print_file(FILE *out, const char *path)
{
	char *text = triage_read_text(path, 1 << 16);
	if (text) {
		fputs(text, out);
		if (text[0] && text[strlen(text) - 1] != '\n')
			fputc('\n', out);
	}
	free(text);
}

/* The three reports share one way in and out: a report that cannot be
 * written is a one-line error, never a silently missing file. */
static FILE *open_report(const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", triage.outdir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "mapfuzz triage: cannot write %s: %s\n", path, strerror(errno));
	return f;
}

static bool close_report(FILE *f, const char *path)
{
	bool ok = !ferror(f);
	ok = fclose(f) == 0 && ok;
	if (!ok)
		fprintf(stderr, "mapfuzz triage: error writing %s\n", path);
	return ok;
}

bool triage_write_report_md(void)
{
	char path[PATH_MAX + 32];
	FILE *f = open_report("report.md", path, sizeof(path));
	if (!f)
		return false;
	int replayed = 0, reproduced = 0;
	for (int i = 0; i < triage.ninputs; i++) {
		replayed += !triage.inputs[i].problem;
		reproduced += triage.inputs[i].bucket >= 0;
	}
	fprintf(f, "# mapfuzz triage\n\n");
	fprintf(f, "- target: `%s`\n- core: `%s`\n- timeout: %u s, memory limit: %d MB\n", triage_rel(triage.target),
		triage.core[0] ? triage_rel(triage.core) : "(unknown)", triage.timeout, RSS_LIMIT_MB);
	fprintf(f, "- inputs: %d given, %d replayed (twice each), %d reproduce, %d bucket%s\n\n", triage.ninputs, replayed,
		reproduced, triage.nbuckets, triage.nbuckets == 1 ? "" : "s");
	if (triage.nbuckets == 0)
		fprintf(f, "Nothing reproduces.\n\n");
	for (int i = 0; i < triage.nbuckets; i++) {
		const bucket *b = &triage.buckets[i];
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
		for (int j = 0; j < triage.ninputs; j++)
			if (triage.inputs[j].bucket == i)
				fprintf(f, "  - `%s`%s%s\n", triage.inputs[j].path, j == b->rep ? " (representative)" : "",
					triage.inputs[j].flaky ? " (flaky)" : "");
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
		snprintf(mfs, sizeof(mfs), "%s/bucket-%d.mfs", triage.outdir, i + 1);
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
	for (int i = 0; i < triage.ninputs; i++) {
		const input *in = &triage.inputs[i];
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
	return close_report(f, path);
}

bool triage_write_json(void)
{
	char path[PATH_MAX + 32];
	FILE *f = open_report("findings.json", path, sizeof(path));
	if (!f)
		return false;
	fprintf(f, "{\n  \"tool\": \"mapfuzz triage\",\n  \"target\": ");
	triage_json_str(f, triage_rel(triage.target));
	fprintf(f, ",\n  \"core\": ");
	triage_json_str(f, triage.core[0] ? triage_rel(triage.core) : "");
	fprintf(f, ",\n  \"timeout_seconds\": %u,\n  \"buckets\": [", triage.timeout);
	for (int i = 0; i < triage.nbuckets; i++) {
		const bucket *b = &triage.buckets[i];
		fprintf(f, "%s\n    {\"id\": %d, \"key\": ", i ? "," : "", i + 1);
		triage_json_str(f, b->key);
		fprintf(f, ", \"kind\": \"%s\", \"rule\": ", kind_name(b->v.kind));
		triage_json_str(f, b->v.id);
		fprintf(f, ", \"what\": ");
		triage_json_str(f, b->v.what);
		fprintf(f, ", \"status_seen\": ");
		triage_json_str(f, b->v.seen);
		fprintf(f, ", \"status_expected\": ");
		triage_json_str(f, b->v.expected);
		fprintf(f, ", \"finding\": ");
		triage_json_str(f, b->v.line);
		fprintf(f, ", \"count\": %d, \"deterministic\": %s, \"minimal_ops\": %u, \"script\": \"bucket-%d.mfs\", "
			   "\"c_reproducer\": \"bucket-%d.c\", \"frames\": [",
			b->count, b->flaky ? "false" : "true", b->minimal.nops, i + 1, i + 1);
		for (int j = 0; j < b->v.nframes && j < 8; j++) {
			fprintf(f, "%s{\"function\": ", j ? ", " : "");
			triage_json_str(f, b->v.frames[j].func);
			fprintf(f, ", \"file\": ");
			triage_json_str(f, triage_rel(b->v.frames[j].file));
			fprintf(f, ", \"line\": %d, \"core\": %s}", b->v.frames[j].line, b->v.frames[j].core ? "true" : "false");
		}
		fprintf(f, "], \"inputs\": [");
		bool first = true;
		for (int j = 0; j < triage.ninputs; j++) {
			if (triage.inputs[j].bucket != i)
				continue;
			fprintf(f, "%s", first ? "" : ", ");
			triage_json_str(f, triage.inputs[j].path);
			first = false;
		}
		fprintf(f, "]}");
	}
	fprintf(f, "\n  ],\n  \"inputs\": [");
	for (int i = 0; i < triage.ninputs; i++) {
		const input *in = &triage.inputs[i];
		fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
		triage_json_str(f, in->path);
		fprintf(f, ", \"result\": \"%s\", \"bucket\": %d, \"deterministic\": %s, \"note\": ",
			in->problem ? "error" : in->bucket >= 0 ? "finding" : "no-repro", in->bucket + 1,
			in->flaky ? "false" : "true");
		triage_json_str(f, in->note);
		fprintf(f, "}");
	}
	fprintf(f, "\n  ]\n}\n");
	return close_report(f, path);
}

bool triage_write_sarif(void)
{
	char path[PATH_MAX + 32];
	FILE *f = open_report("findings.sarif", path, sizeof(path));
	if (!f)
		return false;
	int n = triage.nbuckets;
	mf_sarif_result *res = calloc((size_t)n + 1, sizeof(*res));
	char (*files)[PATH_MAX] = calloc((size_t)n + 1, PATH_MAX);
	char (*msgs)[1200] = calloc((size_t)n + 1, 1200);
	bool ok = res && files && msgs;
	for (int i = 0; ok && i < n; i++) {
		const bucket *b = &triage.buckets[i];
		const frame *cf = core_frame(&b->v);
		/* At the first core frame of the stack, else line 1 of the core. */
		char abs_frame[PATH_MAX + 520];
		if (cf && cf->file[0] != '/')
			snprintf(abs_frame, sizeof(abs_frame), "%s/%s", triage.root, cf->file);
		else
			triage_copy(abs_frame, sizeof(abs_frame),
				    cf ? cf->file : triage.core[0] ? triage.core : "src/core/core_ref.c");
		if (!realpath(abs_frame, files[i]))
			triage_copy(files[i], PATH_MAX, abs_frame);
		snprintf(msgs[i], 1200, "%s (%s): %s. %d input%s; minimal reproducer bucket-%d.mfs (%u ops)", b->v.id,
			 b->v.what, b->v.line, b->count, b->count == 1 ? "" : "s", i + 1, b->minimal.nops);
		res[i] = (mf_sarif_result){.rule = b->v.id,
					   .message = msgs[i],
					   .file = files[i],
					   .given = strcmp(files[i], triage.core) == 0 ? triage.core_given : NULL,
					   .line = cf ? cf->line : 1,
					   .key = b->key};
	}
	if (ok)
		ok = mf_sarif_write(f, triage.root, res, n);
	else
		fprintf(stderr, "mapfuzz triage: out of memory writing %s\n", path);
	free(res);
	free(files);
	free(msgs);
	return close_report(f, path) && ok;
}
