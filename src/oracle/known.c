/* The known-deviation list (known.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "known.h"
#include "platform.h"

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

bool mf_known_is_death(const char *invariant)
{
	return strcmp(invariant, "SANITIZER") == 0 || strcmp(invariant, "CRASH") == 0 ||
	       strcmp(invariant, "TIMEOUT") == 0;
}

/* "faults=va-reserve+pte-set", "faults=none" or "calls=N". */
static bool cause_word(const char *w, uint32_t *faults, uint32_t *calls)
{
	if (strncmp(w, "calls=", 6) == 0) {
		char *end;
		unsigned long v = strtoul(w + 6, &end, 10);
		if (end == w + 6 || *end || v > UINT32_MAX)
			return false;
		*calls = (uint32_t)v;
		return true;
	}
	if (strncmp(w, "faults=", 7) != 0)
		return false;
	if (strcmp(w + 7, "none") == 0)
		return true;
	for (const char *s = w + 7;;) {
		size_t len = strcspn(s, "+");
		int site = 1;
		while (site < MF_SITE_COUNT && (strlen(mf_site_name((mf_site)site)) != len ||
						strncmp(mf_site_name((mf_site)site), s, len) != 0))
			site++;
		if (site == MF_SITE_COUNT)
			return false;
		*faults |= 1u << site;
		if (!s[len])
			return true;
		s += len + 1;
	}
}

void mf_known_format_cause(char *buf, size_t size, uint32_t faults, uint32_t calls)
{
	size_t n = (size_t)snprintf(buf, size, "faults=");
	if (!faults)
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "none");
	for (int site = 1; site < MF_SITE_COUNT; site++)
		if (faults & (1u << site))
			n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s",
					      faults & ((1u << site) - 1) ? "+" : "", mf_site_name((mf_site)site));
	snprintf(buf + n, n < size ? size - n : 0, " calls=%u", calls);
}

int mf_known_death_index(const mf_known *k, const char *invariant, const char *clause, uint32_t faults)
{
	for (uint32_t i = 0; i < k->n; i++)
		if (k->e[i].cause && k->e[i].faults == faults && strcmp(k->e[i].invariant, invariant) == 0 &&
		    strcmp(k->e[i].clause, clause) == 0)
			return (int)i;
	return -1;
}

bool mf_known_add_death(mf_known *k, const char *invariant, const char *clause, uint32_t faults, uint32_t calls)
{
	int i = mf_known_death_index(k, invariant, clause, faults);
	if (i >= 0) {
		/* A call is skipped only when no fault can fire before the
		 * latest death point seen: a fault there changes the path. */
		if (calls > k->e[i].calls)
			k->e[i].calls = calls;
		return true;
	}
	if (k->n == MF_MAX_KNOWN)
		return false;
	memset(&k->e[k->n], 0, sizeof(k->e[k->n]));
	snprintf(k->e[k->n].invariant, MF_KNOWN_WORD, "%s", invariant);
	snprintf(k->e[k->n].clause, MF_KNOWN_WORD, "%s", clause);
	k->e[k->n].cause = true;
	k->e[k->n].faults = faults;
	k->e[k->n].calls = calls;
	k->n++;
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
		char inv[MF_KNOWN_WORD], clause[MF_KNOWN_WORD], extra[80];
		bool long1 = false, long2 = false, long3 = false;
		if (!next_word(line, n, &i, inv, sizeof(inv), &long1))
			continue; /* blank or comment */
		if (!next_word(line, n, &i, clause, sizeof(clause), &long2)) {
			snprintf(err, errsize, "line %zu: expected 'INVARIANT CLAUSE'", lineno);
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
		memset(&k->e[k->n], 0, sizeof(k->e[k->n]));
		while (next_word(line, n, &i, extra, sizeof(extra), &long3)) {
			if (!mf_known_is_death(inv) || long3 || !cause_word(extra, &k->e[k->n].faults, &k->e[k->n].calls)) {
				snprintf(err, errsize, "line %zu: extra words after 'INVARIANT CLAUSE'%s", lineno,
					 mf_known_is_death(inv) ? " (a death's cause: faults=SITE+SITE|none calls=N)" : "");
				return false;
			}
			k->e[k->n].cause = true;
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
