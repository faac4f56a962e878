/* The counted check of the unit tests that judge mapfuzz itself (the
 * script language, sweeps, the mutator) rather than a core: check.h is the
 * fixture for those.  A failure prints its message; main ends with
 * tally_report(), whose "N passed, N failed" line the test runner reads. */
#ifndef MAPFUZZ_TESTS_TALLY_H
#define MAPFUZZ_TESTS_TALLY_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned passed, failed;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void check(bool ok, const char *fmt, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	va_list ap;
	va_start(ap, fmt);
	printf("FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

/* The summary line; the exit status of main. */
static int tally_report(void)
{
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

#endif
