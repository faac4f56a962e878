/* Driver programs (docs/FORMAT.md, "Driver programs"): the text parser's
 * errors, the defaults, text -> bytes -> text, and any bytes decoding to a
 * program whose bytes decode to the same program. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/program.h"
#include "tally.h"

static const char nic[] = "# the test NIC\n"
			  "device\nmem 0xF0000000 0x1234\nport 0xC000 0x100\nirq 11\n"
			  "config 0x40 0x12345678\nregistry MaximumMulticastList 16\nregistry Speed \"auto # not a comment\"\n"
			  "mac 02:00:4D:46:00:01\nreg 0 0x8 0x80000000\nread 0 0x8 3 0\nafter 0 0x8 1000 1\n"
			  "device slot 4 vendor 0x8086 device 0x100E\nmem 0xF0020000 0x1000\n"
			  "fault nth 3 5\nentry\ninit 0\ninit 1\nhalt 1\nremove 0\nunload\n";

static bool same(const dv_program *a, const dv_program *b)
{
	static uint8_t x[1 << 14], y[1 << 14];
	size_t nx = dv_encode(a, x, sizeof(x)), ny = dv_encode(b, y, sizeof(y));
	return nx == ny && memcmp(x, y, nx) == 0;
}

static void text_round_trip(const dv_program *p, const char *what)
{
	char buf[1 << 14] = ""; /* fmemopen writes no NUL for an empty text */
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	dv_write_text(f, p);
	fclose(f);
	static dv_program q;
	char err[200];
	bool ok = dv_parse_text(buf, &q, err, sizeof(err));
	check(ok, "%s: the written text parses: %s\n%s", what, err, buf);
	if (ok && !same(p, &q)) {
		char again[1 << 14] = "";
		FILE *g = fmemopen(again, sizeof(again), "w");
		dv_write_text(g, &q);
		fclose(g);
		check(false, "%s: text round trip:\n%s---\n%s", what, buf, again);
	}
}

int main(void)
{
	static dv_program p, q;
	char err[200];
	check(dv_parse_text(nic, &p, err, sizeof(err)), "the test NIC parses: %s", err);
	check(p.ndevices == 2 && p.dev[0].vendor == 0x4D46 && p.dev[0].device == 0x4E49 && p.dev[0].slot == 3,
	      "device defaults");
	check(p.dev[1].vendor == 0x8086 && p.dev[1].slot == 4 && p.dev[1].nres == 1, "second device");
	check(p.dev[0].nres == 3 && p.dev[0].res[0].length == 0x1234 && p.dev[0].res[2].level == 11 &&
		      p.dev[0].res[2].vector == 11,
	      "resources");
	check(p.dev[0].registry[1].is_text && strcmp(p.dev[0].registry[1].text, "auto # not a comment") == 0,
	      "a string keyword keeps its '#'");
	check(p.fault.mode == DV_FAULT_NTH && p.fault.n == 3 && p.fault.n2 == 5, "fault nth N M");
	check(p.dev[0].nafters == 1 && p.dev[0].afters[0].us == 1000 && p.dev[0].afters[0].value == 1, "after");
	check(p.nops == 6 && p.ops[5].code == DV_OP_UNLOAD && p.ops[4].code == DV_OP_REMOVE, "operations");
	text_round_trip(&p, "the test NIC");

	static uint8_t bytes[1 << 14];
	size_t n = dv_encode(&p, bytes, sizeof(bytes));
	dv_decode(bytes, n, &q);
	check(same(&p, &q), "bytes round trip");

	/* Errors: a line and a reason, never a crash. */
	static const char *const bad[] = {
		"mem 0 1\n",                       /* before any device */
		"device\nmem 0xF0000000 0\n",      /* length 0 */
		"device\nmem 0xFFFFFFFFFFFFFFFF 2\n", /* wraps */
		"device\nport 0x10000 1\n",        /* port out of range */
		"device bogus 1\n",
		"device\nconfig 3 1\n",            /* not a multiple of 4 */
		"device\nmac 02:00:4D:46:00\n",
		"device\nread 0 0 0 1\n",          /* reads count from 1 */
		"fault nth 5 5\n",                 /* the second position after the first */
		"fault site nowhere 1\n",
		"init 4\n",
		"frobnicate\n",
		"device\nregistry X \"unterminated\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		bool ok = dv_parse_text(bad[i], &q, err, sizeof(err));
		check(!ok && strncmp(err, "line ", 5) == 0, "refused with a line: %s -> %s", bad[i], err);
	}

	/* Any bytes: a program whose canonical bytes decode to itself. */
	srand(7);
	for (int k = 0; k < 2000; k++) {
		uint8_t in[256];
		size_t len = 4 + (size_t)(rand() % 250);
		memcpy(in, "MFD1", 4);
		for (size_t i = 4; i < len; i++)
			in[i] = (uint8_t)(rand() % 4 ? rand() % 0x16 : rand()); /* mostly tags and small fields */
		dv_decode(in, len, &p);
		n = dv_encode(&p, bytes, sizeof(bytes));
		dv_decode(bytes, n, &q);
		if (!same(&p, &q)) {
			check(false, "random bytes #%d: decode(encode(p)) != p", k);
			break;
		}
		if (k % 50 == 0)
			text_round_trip(&p, "random bytes");
	}
	return tally_report();
}
