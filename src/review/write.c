/* The review's files: review.md (the conformance matrix), review.json,
 * review.sarif and a reproducer per row, as a script and as C. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "program/script.h"
#include "review.h"
#include "triage/repro_c.h"

static const char *status_text(const rv_deviation *d, bool seen)
{
	if (!d->has_status)
		return "-";
	return mf_status_name(seen ? d->seen : d->expected);
}

/* Where the row's reproducer goes; a name per row, in the row's order. */
static void name_files(rv_table *t)
{
	for (uint32_t i = 0; i < t->n; i++) {
		rv_deviation *d = &t->d[i];
		snprintf(d->file, sizeof(d->file), "repro/%02u-%s-%s.mfs", i + 1, d->invariant, d->clause);
	}
}

static void where_text(const rv_deviation *d, char *out, size_t size)
{
	if (!d->where.file[0]) {
		snprintf(out, size, "-");
		return;
	}
	const char *base = strrchr(d->where.file, '/');
	snprintf(out, size, "%s:%d", base ? base + 1 : d->where.file, d->where.line);
}

void rv_md_cell(FILE *f, const char *s, size_t max)
{
	size_t n = 0;
	for (; *s && n < max; s++, n++)
		fputc(*s == '|' ? '/' : *s, f);
	if (*s)
		fputs("...", f);
}

static void md_row(FILE *f, const char *label, const rv_deviation *d)
{
	char where[128];
	where_text(d, where, sizeof(where));
	fprintf(f, "| %s | **deviates** | `%s` | %u | %s / %s | ", label, d->invariant, d->count, status_text(d, true),
		status_text(d, false));
	if (d->sanitizer[0])
		rv_md_cell(f, d->sanitizer, 40), fputs(": ", f);
	rv_md_cell(f, d->detail, 70);
	fprintf(f, " | %s | [%s](%s) |\n", where, d->file + strlen("repro/"), d->file);
}

static bool write_md(const rv_table *t, const rv_report *r, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "# mapfuzz review: %s\n\n", r->core_name);
	fprintf(f, "Core `%s`: **%s**", r->core_path, t->n ? "deviates" : "conforms");
	if (t->n)
		fprintf(f, ", %u deviation%s", t->n, t->n == 1 ? "" : "s");
	fprintf(f, ". Rows are the clause keys and the \"always\" invariants of docs/CONTRACT.md; a "
		   "reproducer replays with `mapfuzz replay FILE` (and passes on the reference core).\n\n");
	fprintf(f, "| clause | verdict | invariant | cases | seen / expected | what differs | core line | reproducer |\n");
	fprintf(f, "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
	bool *shown = calloc(t->n + 1, sizeof(bool));
	for (int c = 0; mf_clause_keys[c]; c++) {
		bool any = false;
		for (uint32_t i = 0; i < t->n; i++) {
			const rv_deviation *d = &t->d[i];
			if (strcmp(d->clause, mf_clause_keys[c]) != 0 || rv_is_always(d->invariant))
				continue;
			md_row(f, mf_clause_keys[c], d);
			shown[i] = any = true;
		}
		if (!any && t->exercised[c])
			fprintf(f, "| %s | conforms | | %llu | | | | |\n", mf_clause_keys[c],
				(unsigned long long)t->exercised[c]);
		else if (!any)
			fprintf(f, "| %s | not exercised | | 0 | | no case reached this clause | | |\n", mf_clause_keys[c]);
	}
	for (int a = 0; rv_always[a]; a++) {
		bool any = false;
		for (uint32_t i = 0; i < t->n; i++) {
			const rv_deviation *d = &t->d[i];
			if (strcmp(d->invariant, rv_always[a]) != 0)
				continue;
			char label[96];
			snprintf(label, sizeof(label), "always (%s)", d->clause);
			md_row(f, label, d);
			shown[i] = any = true;
		}
		if (!any)
			fprintf(f, "| always | conforms | `%s` | | | | | |\n", rv_always[a]);
	}
	for (uint32_t i = 0; i < t->n; i++)
		if (!shown[i])
			md_row(f, t->d[i].clause, &t->d[i]);
	free(shown);
	if (t->dropped)
		fprintf(f, "\n%u more distinct deviation%s not kept (the table holds %d).\n", t->dropped,
			t->dropped == 1 ? "" : "s", RV_MAX_DEVIATIONS);
	fprintf(f, "\n## How it was found\n\n%s", r->phases);
	return fclose(f) == 0;
}

static bool write_json(const rv_table *t, const rv_report *r, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "{\n  \"core\": ");
	triage_json_str(f, r->core_name);
	fprintf(f, ",\n  \"source\": ");
	triage_json_str(f, r->core_path);
	fprintf(f, ",\n  \"verdict\": \"%s\",\n  \"deviations\": [", t->n ? "deviates" : "conforms");
	for (uint32_t i = 0; i < t->n; i++) {
		const rv_deviation *d = &t->d[i];
		char c_file[sizeof(d->file)];
		snprintf(c_file, sizeof(c_file), "%.*s.c", (int)(strlen(d->file) - 4), d->file);
		fprintf(f, "%s\n    {\"invariant\": ", i ? "," : "");
		triage_json_str(f, d->invariant);
		fprintf(f, ", \"clause\": ");
		triage_json_str(f, d->clause);
		fprintf(f, ", \"seen\": ");
		triage_json_str(f, status_text(d, true));
		fprintf(f, ", \"expected\": ");
		triage_json_str(f, status_text(d, false));
		fprintf(f, ", \"count\": %u, \"reproducer\": ", d->count);
		triage_json_str(f, d->file);
		fprintf(f, ", \"c_reproducer\": ");
		triage_json_str(f, c_file);
		fprintf(f, ", \"operation\": ");
		triage_json_str(f, d->op_text);
		fprintf(f, ", \"explanation\": ");
		triage_json_str(f, d->detail);
		if (d->sanitizer[0]) {
			fprintf(f, ", \"sanitizer\": ");
			triage_json_str(f, d->sanitizer);
		}
		fprintf(f, ", \"found_by\": ");
		triage_json_str(f, d->phase);
		fprintf(f, ", \"minimised\": %s", d->minimised ? "true" : "false");
		if (d->where.file[0]) {
			fprintf(f, ", \"location\": {\"file\": ");
			triage_json_str(f, triage_rel(d->where.file));
			fprintf(f, ", \"line\": %d, \"function\": ", d->where.line);
			triage_json_str(f, d->where.func);
			fprintf(f, "}");
		}
		fprintf(f, "}");
	}
	fprintf(f, "%s],\n  \"conforms\": [", t->n ? "\n  " : "");
	bool first = true;
	for (int c = 0; mf_clause_keys[c]; c++) {
		bool deviates = false;
		for (uint32_t i = 0; i < t->n && !deviates; i++)
			deviates = strcmp(t->d[i].clause, mf_clause_keys[c]) == 0 && !rv_is_always(t->d[i].invariant);
		if (!deviates && t->exercised[c]) {
			fprintf(f, "%s", first ? "" : ", ");
			triage_json_str(f, mf_clause_keys[c]);
			first = false;
		}
	}
	for (int a = 0; rv_always[a]; a++) {
		bool deviates = false;
		for (uint32_t i = 0; i < t->n && !deviates; i++)
			deviates = strcmp(t->d[i].invariant, rv_always[a]) == 0;
		if (!deviates) {
			fprintf(f, "%s", first ? "" : ", ");
			triage_json_str(f, rv_always[a]);
			first = false;
		}
	}
	fprintf(f, "],\n  \"not_exercised\": [");
	first = true;
	for (int c = 0; mf_clause_keys[c]; c++) {
		if (t->exercised[c])
			continue;
		fprintf(f, "%s", first ? "" : ", ");
		triage_json_str(f, mf_clause_keys[c]);
		first = false;
	}
	fprintf(f, "],\n  \"cases\": {");
	for (int c = 0; mf_clause_keys[c]; c++) {
		fprintf(f, "%s", c ? ", " : "");
		triage_json_str(f, mf_clause_keys[c]);
		fprintf(f, ": %llu", (unsigned long long)t->exercised[c]);
	}
	fprintf(f, "}\n}\n");
	return fclose(f) == 0;
}

static bool write_sarif(const rv_table *t, const char *path)
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
		const rv_deviation *d = &t->d[i];
		snprintf(msgs[n], MF_SARIF_MAX_MESSAGE, "%s (clause %s): %s%s%s, seen %s, expected %s. Reproducer: %s",
			 d->invariant, d->clause, d->sanitizer, d->sanitizer[0] ? ": " : "", d->detail,
			 status_text(d, true), status_text(d, false), d->file);
		snprintf(keys[n], sizeof(keys[n]), "%s/%s", d->invariant, d->clause);
		res[n] = (mf_sarif_result){.rule = d->invariant, .message = msgs[n],
					   .file = d->where.file[0] ? d->where.file : triage.core,
					   .given = triage.core_given[0] ? triage.core_given : NULL,
					   .line = d->where.line > 0 ? d->where.line : 1, .key = keys[n]};
		n++;
	}
	ok = ok && mf_sarif_write(f, triage.root, res, n);
	free(res);
	free(msgs);
	free(keys);
	return fclose(f) == 0 && ok;
}

static bool write_repros(const rv_table *t, const char *dir)
{
	char sub[PATH_MAX + 16];
	snprintf(sub, sizeof(sub), "%s/repro", dir);
	if (mkdir(sub, 0755) != 0 && errno != EEXIST)
		return false;
	bool ok = true;
	for (uint32_t i = 0; i < t->n; i++) {
		const rv_deviation *d = &t->d[i];
		char path[PATH_MAX + 700], name[64], key[80], line[512];
		snprintf(path, sizeof(path), "%s/%s", dir, d->file);
		FILE *f = fopen(path, "w");
		if (!f) {
			ok = false;
			continue;
		}
		fprintf(f, "# expect: %s\n# mapfuzz review: %s, clause %s%s -- %s\n", d->invariant, d->invariant, d->clause,
			d->minimised ? " (minimised)" : "", d->detail);
		mf_script_write(f, &d->repro);
		ok = fclose(f) == 0 && ok;
		snprintf(path + strlen(path) - 4, 8, ".c");
		f = fopen(path, "w");
		if (!f) {
			ok = false;
			continue;
		}
		snprintf(name, sizeof(name), "review-%02u", i + 1);
		snprintf(key, sizeof(key), "%s/%s", d->invariant, d->clause);
		snprintf(line, sizeof(line), "mapfuzz: %s violated (%s): %s (clause %s)", d->invariant, d->op_text,
			 d->detail, d->clause);
		mf_repro_info info = {.name = name, .key = key, .finding = line};
		mf_repro_c_write(f, &d->repro, &info);
		ok = fclose(f) == 0 && ok;
	}
	return ok;
}

bool rv_write_reports(rv_table *t, const rv_report *r)
{
	name_files(t);
	char path[PATH_MAX + 32];
	bool ok = write_repros(t, r->out_dir);
	snprintf(path, sizeof(path), "%s/review.md", r->out_dir);
	ok = write_md(t, r, path) && ok;
	snprintf(path, sizeof(path), "%s/review.json", r->out_dir);
	ok = write_json(t, r, path) && ok;
	snprintf(path, sizeof(path), "%s/review.sarif", r->out_dir);
	ok = write_sarif(t, path) && ok;
	return ok;
}
