/* mapfuzz triage: the reports, report.md, findings.json and findings.sarif
 * (docs/TRIAGE.md). */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage.h"

void triage_json_str(FILE *f, const char *s)
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
	"OOM", "CRASH", "BUGCHECK",
};

/* The ID's index in contract_ids; the count when it is not there. */
static size_t contract_index(const char *id)
{
	size_t i = 0, n = sizeof(contract_ids) / sizeof(contract_ids[0]);
	while (i < n && strcmp(contract_ids[i], id) != 0)
		i++;
	return i;
}

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

/* ---- SARIF for GitHub code scanning ---- */

/* helpUri is this page plus the section anchor of the rule's ID. */
#define MF_CONTRACT_URL "https://github.com/mapfuzz/mapfuzz/blob/main/docs/CONTRACT.md"

typedef struct {
	char text[1024];    /* the ID's row in docs/CONTRACT.md, markdown */
	char section[160];  /* the heading above it */
	char anchor[160];   /* GitHub's anchor for that heading */
} contract_doc;

/* GitHub's heading anchor: lower case, punctuation dropped, spaces to '-'. */
static void heading_anchor(const char *h, char *out, size_t size)
{
	size_t n = 0;
	for (; *h && n + 1 < size; h++) {
		unsigned char c = (unsigned char)*h;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
			out[n++] = (char)c;
		else if (c >= 'A' && c <= 'Z')
			out[n++] = (char)(c - 'A' + 'a');
		else if (c == ' ')
			out[n++] = '-';
	}
	out[n] = '\0';
}

/* The ID's row of a table in docs/CONTRACT.md (| `ID` | text |) and the
 * section it is in; false when the page or the row is missing. */
static bool contract_lookup(const char *contract, const char *id, contract_doc *d)
{
	char want[64];
	snprintf(want, sizeof(want), "| `%s` |", id);
	const char *section = "";
	size_t section_len = 0;
	for (const char *p = contract; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > 3 && strncmp(p, "## ", 3) == 0) {
			section = p + 3;
			section_len = len - 3;
		} else if (len > strlen(want) && strncmp(p, want, strlen(want)) == 0) {
			const char *t = p + strlen(want);
			size_t tl = len - strlen(want);
			while (tl && (*t == ' '))
				t++, tl--;
			while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '|'))
				tl--;
			snprintf(d->text, sizeof(d->text), "%.*s", (int)tl, t);
			snprintf(d->section, sizeof(d->section), "%.*s", (int)section_len, section);
			heading_anchor(d->section, d->anchor, sizeof(d->anchor));
			return true;
		}
		p = eol ? eol + 1 : NULL;
	}
	return false;
}

/* Markdown to plain text: code and emphasis marks dropped. */
static void plain_text(const char *md, char *out, size_t size)
{
	size_t n = 0;
	for (; *md && n + 1 < size; md++)
		if (*md != '`' && *md != '*')
			out[n++] = *md;
	out[n] = '\0';
}

/* FNV-1a, 64 bits: stable across runs and machines. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL; /* a separator, so "ab","c" != "a","bc" */
}

/* A path as a URI reference: unreserved characters and '/' as they are,
 * the rest percent-encoded. */
static void uri_path(const char *path, char *out, size_t size)
{
	size_t n = 0;
	for (; *path && n + 4 < size; path++) {
		unsigned char c = (unsigned char)*path;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~/", c))
			out[n++] = (char)c;
		else
			n += (size_t)snprintf(out + n, size - n, "%%%02X", c);
	}
	out[n] = '\0';
}

/* Line `line` of a file (1-based), NUL-terminated in out; false if absent. */
static bool source_line(const char *path, int line, char *out, size_t size)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	int c, no = 1;
	size_t n = 0;
	while ((c = fgetc(f)) != EOF && no <= line) {
		if (c == '\n') {
			if (no++ == line)
				break;
		} else if (no == line && n + 1 < size) {
			out[n++] = (char)c;
		}
	}
	fclose(f);
	out[n] = '\0';
	return no >= line && (n > 0 || c == '\n');
}

bool mf_sarif_write(FILE *f, const char *root, const mf_sarif_result *res, int n)
{
	char contract_path[PATH_MAX + 32];
	snprintf(contract_path, sizeof(contract_path), "%s/docs/CONTRACT.md", root);
	char *contract = triage_read_text(contract_path, 1 << 18);
	size_t nids = sizeof(contract_ids) / sizeof(contract_ids[0]);
	if (n > MF_SARIF_MAX_RESULTS)
		n = MF_SARIF_MAX_RESULTS;

	fprintf(f, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
		   "  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n"
		   "          \"name\": \"mapfuzz\",\n          \"informationUri\": \"%s\",\n          \"rules\": [",
		MF_CONTRACT_URL);
	for (size_t i = 0; i < nids; i++) {
		contract_doc d;
		char plain[1024], help[1400], md[1800], uri[400], shortd[256];
		if (!contract_lookup(contract, contract_ids[i], &d)) {
			snprintf(d.text, sizeof(d.text), "Rule `%s` of the mapping contract.", contract_ids[i]);
			snprintf(d.section, sizeof(d.section), "The mapping contract");
			d.anchor[0] = '\0';
		}
		plain_text(d.text, plain, sizeof(plain));
		snprintf(uri, sizeof(uri), "%s%s%s", MF_CONTRACT_URL, d.anchor[0] ? "#" : "", d.anchor);
		/* The short description is the first sentence. */
		const char *dot = strstr(plain, ". ");
		snprintf(shortd, sizeof(shortd), "%.*s", dot ? (int)(dot - plain + 1) : (int)strlen(plain), plain);
		snprintf(help, sizeof(help), "%s: %s (docs/CONTRACT.md, \"%s\")", contract_ids[i], plain, d.section);
		snprintf(md, sizeof(md), "**`%s`**: %s\n\nSee [docs/CONTRACT.md: %s](%s).", contract_ids[i], d.text,
			 d.section, uri);
		fprintf(f, "%s\n            {\"id\": \"%s\", \"name\": \"%s\", \"shortDescription\": {\"text\": ", i ? "," : "",
			contract_ids[i], contract_ids[i]);
		triage_json_str(f, shortd);
		fprintf(f, "},\n             \"fullDescription\": {\"text\": ");
		triage_json_str(f, plain);
		fprintf(f, "},\n             \"help\": {\"text\": ");
		triage_json_str(f, help);
		fprintf(f, ", \"markdown\": ");
		triage_json_str(f, md);
		fprintf(f, "},\n             \"helpUri\": ");
		triage_json_str(f, uri);
		fprintf(f, ", \"defaultConfiguration\": {\"level\": \"error\"}, \"properties\": {\"tags\": [\"fuzzing\", "
			   "\"%s\"], \"precision\": \"very-high\", \"problem.severity\": \"error\"}}",
			i >= contract_index("SANITIZER") ? "engine" : "contract");
	}
	free(contract);
	fprintf(f, "\n          ]\n        }\n      },\n      \"columnKind\": \"utf16CodeUnits\",\n      \"results\": [");
	uint64_t *hashes = calloc((size_t)n + 1, sizeof(uint64_t));
	for (int i = 0; i < n; i++) {
		const mf_sarif_result *r = &res[i];
		size_t rule = contract_index(r->rule);
		if (rule == nids) /* not a contract ID */
			rule = contract_index("CRASH");
		/* Repository-relative under %SRCROOT% when inside; else the path as
		 * given (code scanning shows it unmapped, never as file://). */
		char abs[PATH_MAX + 16], text[1024], uri[3 * PATH_MAX];
		size_t rl = strlen(root);
		bool inside = r->file[0] != '/' || (rl && strncmp(r->file, root, rl) == 0 && r->file[rl] == '/');
		const char *rel = r->file[0] != '/' ? r->file : inside ? r->file + rl + 1 : r->file;
		if (r->file[0] == '/')
			triage_copy(abs, sizeof(abs), r->file);
		else
			snprintf(abs, sizeof(abs), "%s/%s", root, r->file);
		uri_path(inside ? rel : r->given && r->given[0] ? r->given : r->file, uri, sizeof(uri));
		int line = r->line > 0 ? r->line : 1;
		int col = 1, end_col = 2;
		if (source_line(abs, line, text, sizeof(text))) {
			while (text[col - 1] == ' ' || text[col - 1] == '\t')
				col++;
			end_col = (int)strlen(text) + 1;
			if (end_col <= col)
				end_col = col + 1;
		} else {
			text[0] = '\0';
		}
		if (r->column > 0)
			col = r->column, end_col = end_col > col ? end_col : col + 1;
		/* Identity: rule, bucket key and the line's text without blanks, so
		 * an alert follows its code when lines move; the occurrence count
		 * tells equal hashes apart. */
		char squeezed[1024];
		size_t q = 0;
		for (const char *t = text; *t && q + 1 < sizeof(squeezed); t++)
			if (*t != ' ' && *t != '\t' && *t != '\r')
				squeezed[q++] = *t;
		squeezed[q] = '\0';
		uint64_t h = fnv1a(fnv1a(fnv1a(0xcbf29ce484222325ULL, contract_ids[rule]), r->key), squeezed);
		int occurrence = 1;
		for (int j = 0; hashes && j < i; j++)
			occurrence += hashes[j] == h;
		if (hashes)
			hashes[i] = h;
		char msg[MF_SARIF_MAX_MESSAGE + 1];
		triage_copy(msg, sizeof(msg), r->message);
		fprintf(f, "%s\n        {\"ruleId\": \"%s\", \"ruleIndex\": %zu, \"level\": \"error\", \"message\": {\"text\": ",
			i ? "," : "", contract_ids[rule], rule);
		triage_json_str(f, msg);
		fprintf(f, "},\n         \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
		triage_json_str(f, uri);
		if (inside)
			fprintf(f, ", \"uriBaseId\": \"%%SRCROOT%%\"");
		fprintf(f, "}, \"region\": {\"startLine\": %d, \"startColumn\": %d, \"endLine\": %d, \"endColumn\": %d}}}],\n",
			line, col, line, end_col);
		fprintf(f, "         \"partialFingerprints\": {\"primaryLocationLineHash\": \"%016llx:%d\", "
			   "\"mapfuzzBucket/v1\": ",
			(unsigned long long)h, occurrence);
		triage_json_str(f, r->key);
		fprintf(f, "}}");
	}
	free(hashes);
	fprintf(f, "\n      ]\n    }\n  ]\n}\n");
	return !ferror(f);
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
