/* The known-deviation list (known.h). */
#include <stdio.h>
#include <string.h>

#include "known.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The next blank-separated word of line[*i..n) into out; false if none. */
static bool next_word(const char *line, size_t n, size_t *i, char *out, size_t outsize, bool *too_long)
{
	while (*i < n && is_space(line[*i]))
		(*i)++;
	size_t start = *i;
	while (*i < n && !is_space(line[*i]))
		(*i)++;
	size_t len = *i - start;
	if (len == 0)
		return false;
	*too_long = len >= outsize;
	if (!*too_long) {
		memcpy(out, line + start, len);
		out[len] = '\0';
	}
	return true;
}

bool mf_known_parse(const char *text, size_t len, mf_known *k, char *err, size_t errsize)
{
	k->n = 0;
	size_t lineno = 0;
	for (size_t pos = 0; pos < len;) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + 1;
		lineno++;
		const char *hash = memchr(line, '#', n);
		if (hash)
			n = (size_t)(hash - line);
		if (memchr(line, '\0', n)) {
			snprintf(err, errsize, "line %zu: a NUL byte", lineno);
			return false;
		}
		size_t i = 0;
		char inv[MF_KNOWN_WORD], clause[MF_KNOWN_WORD], extra[2];
		bool long1 = false, long2 = false, long3 = false;
		if (!next_word(line, n, &i, inv, sizeof(inv), &long1))
			continue; /* blank or comment */
		if (!next_word(line, n, &i, clause, sizeof(clause), &long2)) {
			snprintf(err, errsize, "line %zu: expected 'INVARIANT CLAUSE'", lineno);
			return false;
		}
		if (next_word(line, n, &i, extra, sizeof(extra), &long3)) {
			snprintf(err, errsize, "line %zu: extra words after 'INVARIANT CLAUSE'", lineno);
			return false;
		}
		if (long1 || long2) {
			snprintf(err, errsize, "line %zu: a word longer than %d characters", lineno, MF_KNOWN_WORD - 1);
			return false;
		}
		if (k->n == MF_MAX_KNOWN) {
			snprintf(err, errsize, "line %zu: more than %d entries", lineno, MF_MAX_KNOWN);
			return false;
		}
		memcpy(k->e[k->n].invariant, inv, sizeof(inv));
		memcpy(k->e[k->n].clause, clause, sizeof(clause));
		k->n++;
	}
	return true;
}

bool mf_known_has(const mf_known *k, const char *invariant, const char *clause)
{
	for (uint32_t i = 0; i < k->n; i++)
		if (strcmp(k->e[i].invariant, invariant) == 0 &&
		    (strcmp(k->e[i].clause, "*") == 0 || strcmp(k->e[i].clause, clause) == 0))
			return true;
	return false;
}
