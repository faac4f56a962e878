/* Known deviations: a suppression list, like a sanitizer's, that a user can
 * write by hand.  One "INVARIANT CLAUSE" a line ('*' for any clause), '#'
 * starts a comment:
 *
 *   # vendor core, reviewed 2026-12-02
 *   MAP-STATUS map.length-zero
 *   MAP-NONCACHED *
 *   CRASH map.va-fail faults=va-reserve
 *   SANITIZER map.success faults=none calls=3
 *
 * A death (SANITIZER, CRASH, TIMEOUT) may name its cause, as review writes
 * it: the fault sites that had failed in the call when the core died
 * (faults=SITE+SITE, or none) and the fallible calls it had made by then
 * (calls=N).  Such a call is not made again only where it would meet that
 * cause (docs/REVIEW.md); a death without a cause keeps its whole clause
 * from being called. */
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
		bool cause;      /* a death with faults= or calls= */
		uint32_t faults; /* bit per mf_site: failed in the call before the death */
		uint32_t calls;  /* fallible calls the core made in it before the death */
	} e[MF_MAX_KNOWN];
} mf_known;

/* Parses text[0..len).  Returns false with "line L: reason" in err. */
bool mf_known_parse(const char *text, size_t len, mf_known *k, char *err, size_t errsize);
bool mf_known_has(const mf_known *k, const char *invariant, const char *clause);
/* A process death rather than a check: SANITIZER, CRASH, TIMEOUT. */
bool mf_known_is_death(const char *invariant);
/* Appends a death with its cause unless that cause is listed; false when
 * the list is full. */
bool mf_known_add_death(mf_known *k, const char *invariant, const char *clause, uint32_t faults,
			uint32_t calls);
/* The index of the death entry with that cause, -1 when none. */
int mf_known_death_index(const mf_known *k, const char *invariant, const char *clause, uint32_t faults);
/* "faults=...": the cause's words for an entry, into buf. */
void mf_known_format_cause(char *buf, size_t size, uint32_t faults, uint32_t calls);

#endif
