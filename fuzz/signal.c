/* Coverage for structure the engines should grow (issue 14): the most
 * windows on one bus and the most live claims a run reached.  The decoder
 * and the mock platform are untraced for speed, so "one more window on this
 * bus" or "one more live claim" would be no new edge; here each count up to
 * SIGNAL_MAX is one case of a switch, an edge of its own under libFuzzer's
 * and AFL++'s instrumentation.  Table scans and bounded tables tend to break
 * at 4, 8, 16, 32: every count is a step towards them. */
#include "fuzz_common.h"

enum { SIGNAL_MAX = 64 };

static volatile uint32_t signal_sink;

#define C1(n) \
	case n: signal_sink = n; break;
#define C4(n) C1(n) C1(n + 1) C1(n + 2) C1(n + 3)
#define C16(n) C4(n) C4(n + 4) C4(n + 8) C4(n + 12)

/* One switch per count, not optimised: a switch whose cases only store a
 * constant would become one table lookup, one edge for every count. */
#if defined(__clang__)
#define UNOPTIMISED __attribute__((optnone))
#else
#define UNOPTIMISED
#endif
#define COUNT_EDGES(name)                                           \
	UNOPTIMISED static void name(uint32_t n)                    \
	{                                                           \
		switch (n < SIGNAL_MAX ? n : SIGNAL_MAX) {          \
			C16(0) C16(16) C16(32) C16(48)              \
		default: signal_sink = SIGNAL_MAX; break;           \
		}                                                   \
	}

COUNT_EDGES(windows_edge)
COUNT_EDGES(claims_edge)

void mf_fuzz_signal(uint32_t windows_on_one_bus, uint32_t live_claims)
{
	windows_edge(windows_on_one_bus);
	claims_edge(live_claims);
}
