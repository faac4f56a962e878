/* The script lexer: tokens of one line, error messages that point at a
 * column, and numbers.  Shared by the statement parser (script_parse.c). */
#ifndef MAPFUZZ_SCRIPT_LEX_H
#define MAPFUZZ_SCRIPT_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest statement (window) has 7 tokens; one more is kept so "extra
 * token" can point at it. */
enum { MAX_TOKENS = 8 };

typedef struct {
	const char *text;
	size_t len;
	size_t column; /* 1-based, in bytes */
} token;

typedef struct {
	size_t line;
	token tok[MAX_TOKENS];
	size_t ntok;       /* tokens on the line; only the first MAX_TOKENS kept */
	size_t end_column; /* just past the last token: where a missing one goes */
	char *err;
	size_t errsize;
	/* Platform lines given so far, to refuse a second one. */
	bool seen_vspace, seen_pool, seen_plan;
} parser;

/* A token quoted for a message: bounded, and printable whatever the input. */
typedef struct {
	char s[40];
} quoted;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int lex_fail_at(parser *ps, size_t column, const char *fmt, ...);
size_t lex_column_of(const parser *ps, size_t i);
quoted lex_quote(const token *t);
bool lex_tok_is(const token *t, const char *word);
int lex_digit_value(char ch, unsigned base);
bool lex_scan_u64(const char *s, size_t n, uint64_t *out);
bool lex_scan_signed(const char *s, size_t n, bool *negative, uint64_t *mag);
int lex_parse_unsigned(parser *ps, size_t i, uint64_t max, const char *what, uint64_t *out);
int lex_parse_u32(parser *ps, size_t i, uint64_t max, const char *what, uint32_t *out);
int lex_parse_u8(parser *ps, size_t i, uint64_t max, const char *what, uint8_t *out);
void lex_tokenize(parser *ps, const char *text, size_t len);

#endif
