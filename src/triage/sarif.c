/* SARIF 2.1.0 for GitHub code scanning: one rule per ID of
 * docs/CONTRACT.md, its help text read from that file, one result per
 * finding located in the core (triage and review write it). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage.h"

static const char *const contract_ids[] = {
	"MAP-STATUS-CODE", "MAP-NULL-ON-FAILURE", "MAP-STATUS", "MAP-SUCCESS-VA", "MAP-TRANSLATE",
	"MAP-NONCACHED", "MAP-ATOMIC", "MAP-CLAIM", "LOG-CONFLICT-ONCE", "VERIFIER-EVENT",
	"UNMAP-BAD-NOCHANGE", "UNMAP-EXACT", "RELEASE-INFALLIBLE", "SEAM-MISUSE", "SEAM-RUNAWAY", "REG-DISJOINT",
	"VA-DISJOINT", "PTE-ACCOUNT", "LIFE-LEAK-REPORTED", "LIFE-TEARDOWN-CLEAN",
	/* The caller's side (review --driver). */
	"CALL-MAP-PHASE", "CALL-MAP-RANGE", "CALL-NULL-VA", "CALL-UNMAP-MISSING", "CALL-UNMAP-EXACT",
	"CALL-RELEASE-MISSING", "CALL-RELEASE-MATCH", "CALL-ACCESS-RANGE", "CALL-INIT-ALIVE", "SANITIZER", "TIMEOUT",
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
