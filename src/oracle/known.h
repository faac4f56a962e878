/* Known deviations: a suppression list, like a sanitizer's, that a user can
 * write by hand.  One "INVARIANT CLAUSE" a line ('*' for any clause), '#'
 * starts a comment:
 *
 *   # vendor core, reviewed 2026-12-02
 *   MAP-STATUS map.length-zero
 *   MAP-NONCACHED *
 */
#ifndef MAPFUZZ_KNOWN_H
#define MAPFUZZ_KNOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { MF_MAX_KNOWN = 128, MF_KNOWN_WORD = 32 };

typedef struct {
	uint32_t n;
	struct {
		char invariant[MF_KNOWN_WORD];
		char clause[MF_KNOWN_WORD];
	} e[MF_MAX_KNOWN];
} mf_known;

/* Parses text[0..len).  Returns false with "line L: reason" in err. */
bool mf_known_parse(const char *text, size_t len, mf_known *k, char *err, size_t errsize);
bool mf_known_has(const mf_known *k, const char *invariant, const char *clause);

#endif
