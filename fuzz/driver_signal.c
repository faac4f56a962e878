/* fuzz_driver's signal (fuzz_driver.h), as fuzz/signal.c is fuzz_map's:
 * the kit, the runner and the decoder are untraced for speed, so "one more
 * fallible call made in initialize" or "one more shared memory block held"
 * would be no new edge.  Here each value is a case of a switch, an edge of
 * its own under libFuzzer's and AFL++'s instrumentation: the engine keeps
 * an input that gets one call further into initialize (past an EEPROM
 * check, a reset poll), that reaches halt or re-initialize, or that makes
 * the driver take one more resource of a kind (a fourth memory range
 * where its table holds three). */
#include "fuzz_driver.h"

enum { SIGNAL_MAX = 256, PER_KIND = 12 };

static volatile uint32_t signal_sink;

#define C1(n) \
	case n: signal_sink = n; break;
#define C4(n) C1(n) C1(n + 1) C1(n + 2) C1(n + 3)
#define C16(n) C4(n) C4(n + 4) C4(n + 8) C4(n + 12)
#define C64(n) C16(n) C16(n + 16) C16(n + 32) C16(n + 48)

/* Not optimised: a switch whose cases only store a constant would become
 * one table lookup, one edge for every value. */
#if defined(__clang__)
#define UNOPTIMISED __attribute__((optnone))
#else
#define UNOPTIMISED
#endif
#define VALUE_EDGES(name)                                             \
	UNOPTIMISED static void name(uint32_t n)                      \
	{                                                             \
		switch (n < SIGNAL_MAX ? n : SIGNAL_MAX) {            \
			C64(0) C64(64) C64(128) C64(192)              \
		default: signal_sink = SIGNAL_MAX; break;             \
		}                                                     \
	}

VALUE_EDGES(calls_edge)
VALUE_EDGES(fired_edge)
VALUE_EDGES(clauses_edge)
VALUE_EDGES(held_edge)
VALUE_EDGES(resources_edge)

void fd_signal(const dv_program *p, const dv_result *r)
{
	calls_edge(r->calls);
	fired_edge(r->fired * 2u + r->first_in_init);
	clauses_edge(r->clauses | (r->aborted ? 0x80u : 0));
	const uint16_t *held = dv_rt_acquired();
	for (uint32_t k = 0; k < DK_RES_COUNT && k * PER_KIND < SIGNAL_MAX; k++)
		if (held[k])
			held_edge(k * PER_KIND + (held[k] < PER_KIND ? held[k] : PER_KIND - 1));
	/* The resources the device offered, by kind and count: one more range
	 * than the driver's table is then a new input too. */
	for (uint32_t d = 0; d < p->ndevices; d++) {
		uint32_t mem = 0, port = 0, irq = 0;
		for (uint32_t i = 0; i < p->dev[d].nres; i++) {
			uint8_t t = p->dev[d].res[i].type;
			mem += t == DK_DESC_MEMORY, port += t == DK_DESC_PORT, irq += t == DK_DESC_INTERRUPT;
		}
		resources_edge(d * 64 + (mem < 7 ? mem : 6) * 9 + (port < 3 ? port : 2) * 3 + (irq < 3 ? irq : 2));
	}
}
