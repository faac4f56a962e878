/* The script lexer (script_lex.h): tokens, messages, numbers. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "script_lex.h"

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int lex_fail_at(parser *ps, size_t column, const char *fmt, ...)
{
	if (!ps->err || ps->errsize == 0)
		return -1;
	int n = snprintf(ps->err, ps->errsize, "line %zu, column %zu: ", ps->line, column);
	if (n < 0 || (size_t)n >= ps->errsize)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errsize - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

size_t lex_column_of(const parser *ps, size_t i)
{
	return i < ps->ntok && i < MAX_TOKENS ? ps->tok[i].column : ps->end_column;
}


quoted lex_quote(const token *t)
{
	quoted q;
	size_t n = 0, limit = sizeof(q.s) - 4;
	for (size_t i = 0; i < t->len && n < limit; i++) {
		unsigned char ch = (unsigned char)t->text[i];
		q.s[n++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	if (t->len > limit) {
		memcpy(q.s + n, "...", 3);
		n += 3;
	}
	q.s[n] = '\0';
	return q;
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static bool equals(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

bool lex_tok_is(const token *t, const char *word)
{
	return equals(t->text, t->len, word);
}

int lex_digit_value(char ch, unsigned base)
{
	int v = ch >= '0' && ch <= '9' ? ch - '0'
		: ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
		: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
		: 99;
	return (unsigned)v < base ? v : -1;
}

/* An unsigned decimal or 0x-hex number filling s[0..n); false on anything
 * else or past 2^64-1. */
bool lex_scan_u64(const char *s, size_t n, uint64_t *out)
{
	unsigned base = 10;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		n -= 2;
	}
	if (n == 0)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = lex_digit_value(s[i], base);
		if (d < 0 || v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return true;
}

/* An optional '-' and a number: the sign apart, the magnitude in *mag. */
bool lex_scan_signed(const char *s, size_t n, bool *negative, uint64_t *mag)
{
	*negative = n > 0 && s[0] == '-';
	return *negative ? lex_scan_u64(s + 1, n - 1, mag) : lex_scan_u64(s, n, mag);
}

int lex_parse_unsigned(parser *ps, size_t i, uint64_t max, const char *what, uint64_t *out)
{
	const token *t = &ps->tok[i];
	if (!lex_scan_u64(t->text, t->len, out))
		return lex_fail_at(ps, t->column, "%s: '%s' is not a number", what, lex_quote(t).s);
	if (*out > max)
		return lex_fail_at(ps, t->column, "%s: %s is out of range 0..%" PRIu64, what, lex_quote(t).s, max);
	return 0;
}

int lex_parse_u32(parser *ps, size_t i, uint64_t max, const char *what, uint32_t *out)
{
	uint64_t v;
	if (lex_parse_unsigned(ps, i, max, what, &v))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int lex_parse_u8(parser *ps, size_t i, uint64_t max, const char *what, uint8_t *out)
{
	uint64_t v;
	if (lex_parse_unsigned(ps, i, max, what, &v))
		return -1;
	*out = (uint8_t)v;
	return 0;
}


/* Splits text[0..len) into tokens, a '#' ending the line's content. */
void lex_tokenize(parser *ps, const char *text, size_t len)
{
	ps->ntok = 0;
	ps->end_column = 1;
	size_t i = 0;
	while (i < len && text[i] != '#') {
		if (is_blank(text[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < len && text[i] != '#' && !is_blank(text[i]))
			i++;
		if (ps->ntok < MAX_TOKENS)
			ps->tok[ps->ntok] = (token){text + start, i - start, start + 1};
		ps->ntok++;
		ps->end_column = i + 1;
	}
}
