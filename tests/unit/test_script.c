/* The script language: write and parse are inverse over every decoded
 * program, malformed scripts are refused at the right line and column, and
 * hand-written scripts mean what docs/FORMAT.md says they mean. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program/script.h"
#include "tally.h"

/* splitmix64: fixed seed, so a failure names a reproducible input. */
static uint64_t rng_state = 0x5C1E7A11D0C5EEDull;

static uint64_t next_random(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* The script of p in a malloc'd string (caller frees). */
static char *script_of(const mf_program *p, size_t *length)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, length);
	if (!f) {
		perror("open_memstream");
		exit(2);
	}
	mf_script_write(f, p);
	fclose(f);
	return text;
}

static bool same_encoding(const mf_program *a, const mf_program *b)
{
	static uint8_t ea[MF_PROGRAM_MAX_BYTES], eb[MF_PROGRAM_MAX_BYTES];
	size_t na = mf_program_encode(a, ea), nb = mf_program_encode(b, eb);
	return na == nb && memcmp(ea, eb, na) == 0;
}

static int parse_string(const char *text, mf_program *p, char *err, size_t errsize)
{
	return mf_script_parse(text, strlen(text), p, err, errsize);
}

/* Random bytes, or bytes from a few edge values so that clamps, INT64_MIN,
 * deltas of -32768 and full windows turn up often. */
static size_t random_input(uint8_t *buf, size_t max)
{
	static const uint8_t edges[] = {0x00, 0x01, 0x02, 0x7f, 0x80, 0xff, 0xfe, 0x10};
	size_t n = (size_t)(next_random() % (max + 1));
	bool edgy = next_random() % 2;
	for (size_t i = 0; i < n; i++) {
		uint64_t r = next_random();
		buf[i] = edgy && r % 4 ? edges[(r >> 8) % sizeof(edges)] : (uint8_t)(r >> 16);
	}
	return n;
}

static void test_round_trip(void)
{
	static uint8_t input[600];
	static mf_program decoded, parsed, reparsed;
	char err[256];
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = random_input(input, sizeof(input));
		mf_program_decode(input, n, &decoded);
		size_t text_len;
		char *text = script_of(&decoded, &text_len);
		int rc = mf_script_parse(text, text_len, &parsed, err, sizeof(err));
		if (rc != 0) {
			check(false, "round trip #%d (%zu bytes): parse failed: %s", iter, n, err);
		} else {
			check(same_encoding(&decoded, &parsed),
			      "round trip #%d (%zu bytes): encodings differ; script:\n%s", iter, n, text);
			/* The writer is canonical: the parsed program writes the same text. */
			size_t again_len;
			char *again = script_of(&parsed, &again_len);
			check(again_len == text_len && memcmp(again, text, text_len) == 0,
			      "round trip #%d: script not canonical:\n%s---\n%s", iter, text, again);
			/* And the text is free of NULs and has no partial last line. */
			check(strlen(text) == text_len && (text_len == 0 || text[text_len - 1] == '\n'),
			      "round trip #%d: malformed script text", iter);
			free(again);
			(void)reparsed;
		}
		free(text);
	}
}

typedef struct {
	const char *text;
	const char *where; /* the expected "line L, column C:" prefix */
} bad_script;

static void test_malformed(void)
{
	static const bad_script cases[] = {
		{"frobnicate 1", "line 1, column 1:"},
		{"\n\n   map a0 0 1 2", "line 3, column 15:"},
		{"vspace", "line 1, column 7:"},
		{"vspace 0", "line 1, column 8:"},
		{"vspace 257", "line 1, column 8:"},
		{"vspace 1 2", "line 1, column 10:"},
		{"vspace 1\nvspace 2", "line 2, column 1:"},
		{"vspace x1", "line 1, column 8:"},
		{"\tvspace\t0", "line 1, column 9:"},
		{"pool 65536", "line 1, column 6:"},
		{"pool -1", "line 1, column 6:"},
		{"plan", "line 1, column 5:"},
		{"plan sometimes", "line 1, column 6:"},
		{"plan none 1", "line 1, column 11:"},
		{"plan nth", "line 1, column 9:"},
		{"plan nth 65536", "line 1, column 10:"},
		{"plan site nowhere 1", "line 1, column 11:"},
		{"plan site pte-set", "line 1, column 18:"},
		{"plan random 1 256 2", "line 1, column 15:"},
		{"plan random 1 2 1", "line 1, column 17:"},
		{"plan random 1 2 0x80", "line 1, column 17:"},
		{"plan random 0x100000000 2 2", "line 1, column 13:"},
		{"plan none\nplan none", "line 2, column 1:"},
		{"limit pci 5", "line 1, column 11:"},
		{"limit 19 1", "line 1, column 7:"},
		{"limit -3 1", "line 1, column 7:"},
		{"limit pcix 1", "line 1, column 7:"},
		{"limit isa 1\nlimit isa 1\nlimit isa 1\nlimit isa 1\nlimit isa 1", "line 5, column 1:"},
		{"window pci 0 mem 0x1000 0 0", "line 1, column 25:"},
		{"window pci 0 mem 0xffffffffffffffff 1 0", "line 1, column 18:"},
		{"window pci 0 mem 0 0x10 0xfffffffffffffff0", "line 1, column 25:"},
		{"window pci 0 mem 0 0x10 0xfffffffffffffff1", "line 1, column 25:"},
		{"window pci 0 disk 0 1 0", "line 1, column 14:"},
		{"window pci 5 mem 0 1 0", "line 1, column 12:"},
		{"window pci 0 mem 0 1", "line 1, column 21:"},
		{"window pci 0 mem 0 1 0 0", "line 1, column 24:"},
		{"window pci 0 mem 0x1000 0x1000 0\n# same bus, overlapping\nwindow pci 0 port 0x1fff 1 0",
		 "line 3, column 19:"},
		{"window pci 0 mem 0x1000 0x1000 0\nwindow pci 0 mem 0x800 0x801 0", "line 2, column 18:"},
		{"ram 0 0", "line 1, column 7:"},
		{"ram 0xffffffffffffffff 1", "line 1, column 5:"},
		{"ram 0 1\nram 0 1\nram 0 1\nram 0 1", "line 4, column 1:"},
		{"adapter pci", "line 1, column 12:"},
		{"adapter pci 5", "line 1, column 13:"},
		{"adapter win24", "line 1, column 9:"},
		{"limit win24 1", "line 1, column 7:"},
		{"adapter winx", "line 1, column 9:"},
		{"map a4 0 1", "line 1, column 5:"},
		{"map a 0 1", "line 1, column 5:"},
		{"map a0 0", "line 1, column 9:"},
		{"map a0 zero+32768 1", "line 1, column 8:"},
		{"map a0 zero-32769 1", "line 1, column 8:"},
		{"map a0 zero+ 1", "line 1, column 8:"},
		{"map a0 zero+0x 1", "line 1, column 8:"},
		{"map a0 zero+1q 1", "line 1, column 8:"},
		{"map a0 win256.start 1", "line 1, column 8:"},
		{"map a0 win.start 1", "line 1, column 8:"},
		{"map a0 zero@256 1", "line 1, column 8:"},
		{"map a0 m1.len 1", "line 1, column 8:"},
		{"map a0 Zero 1", "line 1, column 8:"},
		{"map a0 - 1", "line 1, column 8:"},
		{"map a0 0x10000000000000000 1", "line 1, column 8:"},
		{"map a0 18446744073709551616 1", "line 1, column 8:"},
		{"map a0 -9223372036854775809 1", "line 1, column 8:"},
		{"map a0 0x 1", "line 1, column 8:"},
		{"map a0 12ab 1", "line 1, column 8:"},
		{"map a0 0 0x100000000", "line 1, column 10:"},
		{"map a0 0 -1", "line 1, column 10:"},
		{"map a0 0 win0.start", "line 1, column 10:"},
		{"map a0 0 to:win0.size", "line 1, column 10:"},
		{"map a0 0 1 nulout", "line 1, column 12:"},
		{"map a0 0 1 nullout x", "line 1, column 20:"},
		{"unmap a0", "line 1, column 9:"},
		{"unmap a0 m256", "line 1, column 10:"},
		{"unmap a0 0", "line 1, column 10:"},
		{"unmap a0 m0 5", "line 1, column 13:"},
		{"unmap a0 m0 +0 +32768", "line 1, column 16:"},
		{"unmap a0 m0 +0 +1p", "line 1, column 16:"},
		{"unmap a0 m0 +0 +0 +0", "line 1, column 19:"},
		{"touch m0 0x100000000", "line 1, column 10:"},
		{"touch m0", "line 1, column 9:"},
		{"init-done", "line 1, column 10:"},
		{"halt a0 a1", "line 1, column 9:"},
		{"remove nul", "line 1, column 8:"},
		{"arm", "line 1, column 4:"},
		{"arm site none", "line 1, column 14:"},
		{"init-done a0 # fine\n  halt-end   A0", "line 2, column 14:"},
		{"vspace 2\r\npool 1\r\nbogus\r\n", "line 3, column 1:"},
		{"map a0 0 1 a b c d e f g h i j", "line 1, column 14:"},
		{"window pci 0 mem 0 1 0 a b c d e f", "line 1, column 24:"},
	};
	mf_program p;
	char err[256];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const bad_script *c = &cases[i];
		strcpy(err, "(untouched)");
		int rc = parse_string(c->text, &p, err, sizeof(err));
		check(rc == -1 && strncmp(err, c->where, strlen(c->where)) == 0 &&
			      strlen(err) > strlen(c->where) + 1,
		      "malformed #%zu: rc %d, want '%s...', got '%s'", i, rc, c->where, err);
	}

	/* Operation 65 is one too many, wherever it sits. */
	static char many[4096];
	size_t n = 0;
	n += (size_t)snprintf(many + n, sizeof(many) - n, "# header\n");
	for (int i = 0; i < MF_MAX_OPS + 1; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "halt a%d\n", i % 4);
	check(parse_string(many, &p, err, sizeof(err)) == -1 &&
		      strncmp(err, "line 66, column 1:", 18) == 0,
	      "65 operations: got '%s'", err);

	/* Window MF_MAX_WINDOWS + 1 is one too many. */
	n = 0;
	for (int i = 0; i < MF_MAX_WINDOWS + 1; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "window isa 0 mem %d 1 0\n", i);
	char where[32];
	int wn = snprintf(where, sizeof(where), "line %d, column 1:", MF_MAX_WINDOWS + 1);
	check(parse_string(many, &p, err, sizeof(err)) == -1 && strncmp(err, where, (size_t)wn) == 0,
	      "%d windows: got '%s'", MF_MAX_WINDOWS + 1, err);

	/* The text need not end in a NUL, and a NUL is just a bad byte. */
	static const char with_nul[] = {'v', 's', 'p', 'a', 'c', 'e', ' ', '1', '\0', '\n'};
	check(mf_script_parse(with_nul, sizeof(with_nul), &p, err, sizeof(err)) == -1 &&
		      strncmp(err, "line 1, column 8:", 17) == 0,
	      "embedded NUL: got '%s'", err);
	check(mf_script_parse("vspace 2x", 8, &p, err, sizeof(err)) == 0 && p.platform.va_pages == 2,
	      "length bounds the text: got '%s'", err);

	/* A tiny error buffer is truncated, never overrun; none at all is fine. */
	char tiny[8];
	check(parse_string("bogus", &p, tiny, sizeof(tiny)) == -1 && strlen(tiny) < sizeof(tiny),
	      "tiny error buffer");
	check(parse_string("bogus", &p, NULL, 0) == -1, "no error buffer");
}

static bool normalized(const mf_program *p)
{
	static mf_program copy;
	copy = *p;
	mf_platform_normalize(&copy.platform);
	mf_plan_normalize(&copy.plan);
	return same_encoding(p, &copy);
}

static void test_example(void)
{
	static const char text[] =
		"# a small program\n"
		"vspace 4\n"
		"pool 4096\n"
		"plan site pool-alloc 2\n"
		"limit pci 1\n"
		"window pci 0 mem 0xF0000000 0x10000 0xe0000000\n"
		"window pci 0 port 0x10000 0x100 0x3f8   # adjacent, so no overlap\n"
		"ram 0 0x80000000\n"
		"\n"
		"adapter pci 0\n"
		"map a0 win0.start+1p 0x2000\n"
		"map null -1 to:win1.end-0x10 nullout\n"
		"unmap a0 m0 +0 -4\n"
		"arm random 0xdeadbeef 128 0x7e\n"
		"touch m1 4095\n"
		"init-done a0#no blank needed\n"
		"\thalt\tbogus\n";
	static const char canonical[] =
		"vspace 4\n"
		"pool 4096\n"
		"plan site pool-alloc 2\n"
		"limit pci 1\n"
		"window pci 0 mem 0xf0000000 0x10000 0xe0000000\n"
		"window pci 0 port 0x10000 0x100 0x3f8\n"
		"ram 0x0 0x80000000\n"
		"adapter pci 0\n"
		"map a0 win0.start+1p 0x2000\n"
		"map null -1 to:win1.end-0x10 nullout\n"
		"unmap a0 m0 +0 -4\n"
		"arm random 0xdeadbeef 128 0x7e\n"
		"touch m1 0xfff\n"
		"init-done a0\n"
		"halt bogus\n";
	static mf_program p;
	char err[256] = "";
	int rc = parse_string(text, &p, err, sizeof(err));
	check(rc == 0, "example: %s", err);
	if (rc)
		return;
	const mf_platform_config *c = &p.platform;
	check(c->va_pages == 4 && c->pool_bytes == 4096, "example: vspace %u pool %u", c->va_pages,
	      c->pool_bytes);
	check(p.plan.mode == MF_FAULT_NTH_AT_SITE && p.plan.site == MF_SITE_POOL_ALLOC && p.plan.nth == 2,
	      "example: plan");
	check(c->nlimits == 1 && c->limits[0].type == PCIBus && c->limits[0].count == 1, "example: limit");
	check(c->nwindows == 2 && c->windows[0].win.bus_base == 0xF0000000u &&
		      c->windows[0].win.length == 0x10000 && c->windows[0].win.sys_base == 0xE0000000u &&
		      c->windows[0].win.space == SPACE_MEMORY && c->windows[1].win.space == SPACE_PORT &&
		      c->windows[1].win.sys_base == 0x3f8,
	      "example: windows");
	check(c->nram == 1 && c->ram[0].start == 0 && c->ram[0].length == 0x80000000u, "example: ram");
	check(p.nops == 8, "example: nops %u", p.nops);
	const mf_op *op = p.ops;
	check(op[0].code == OP_ADAPTER && op[0].bus_type == PCIBus && op[0].bus_number == 0,
	      "example: adapter");
	check(op[1].code == OP_MAP && op[1].aref == 0 && op[1].flags == 0 &&
		      op[1].addr.kind == ADDR_WIN_START && op[1].addr.index == 0 && op[1].addr.delta == 1 &&
		      op[1].addr.pages == 1 && op[1].len.kind == LEN_RAW && op[1].len.raw == 0x2000,
	      "example: map 1");
	check(op[2].code == OP_MAP && op[2].aref == AREF_NULL && op[2].flags == MAP_NULL_OUT &&
		      op[2].addr.kind == ADDR_RAW && op[2].addr.raw == UINT64_MAX &&
		      op[2].len.kind == LEN_TO_WIN_END && op[2].len.index == 1 && op[2].len.delta == -16 &&
		      op[2].len.pages == 0,
	      "example: map 2");
	check(op[3].code == OP_UNMAP && op[3].aref == 0 && op[3].mref == 0 && op[3].va_delta == 0 &&
		      op[3].len_delta == -4,
	      "example: unmap");
	check(op[4].code == OP_ARM && op[4].plan.mode == MF_FAULT_RANDOM &&
		      op[4].plan.seed == 0xdeadbeefu && op[4].plan.chance == 128 &&
		      op[4].plan.site_mask == 0x7e,
	      "example: arm");
	check(op[5].code == OP_TOUCH && op[5].mref == 1 && op[5].offset == 4095, "example: touch");
	check(op[6].code == OP_INIT_DONE && op[6].aref == 0, "example: init-done");
	check(op[7].code == OP_HALT && op[7].aref == AREF_BOGUS, "example: halt");
	check(normalized(&p), "example: not already normalised");

	size_t len;
	char *written = script_of(&p, &len);
	check(strcmp(written, canonical) == 0, "example: canonical script:\n%s", written);
	free(written);

	char line[128];
	size_t n = mf_script_format_op(line, sizeof(line), &op[2]);
	check(n == strlen(line) && strcmp(line, "map null -1 to:win1.end-0x10 nullout") == 0,
	      "format_op: '%s'", line);
	n = mf_script_format_op(line, 5, &op[2]);
	check(n == 4 && strcmp(line, "map ") == 0, "format_op truncated: '%s' (%zu)", line, n);
}

static void test_values(void)
{
	static mf_program p;
	char err[256] = "";
	/* Empty scripts take the defaults. */
	check(parse_string("", &p, err, sizeof(err)) == 0 && p.platform.va_pages == 1 &&
		      p.platform.pool_bytes == 0 && p.plan.mode == MF_FAULT_NONE && p.nops == 0 &&
		      p.platform.nwindows == 0,
	      "empty script: %s", err);
	check(parse_string("  # only a comment\n\n\t\n", &p, err, sizeof(err)) == 0 && p.nops == 0,
	      "comment-only script: %s", err);

	/* Types by name and number, the ends of every range. */
	static const char types[] = "limit undefined 0\nlimit -2 4\nlimit 18 0\nlimit max 3\n"
				    "adapter vmcs 4\nadapter 0x5 0\nadapter -1 1\n"
				    "vspace 256\npool 0xFFFF\nplan nth 65535\n";
	check(parse_string(types, &p, err, sizeof(err)) == 0, "types: %s", err);
	check(p.platform.limits[0].type == -1 && p.platform.limits[1].type == -2 &&
		      p.platform.limits[1].count == 4 && p.platform.limits[2].type == 18 &&
		      p.platform.limits[3].type == 17,
	      "types: limits");
	check(p.ops[0].bus_type == Vmcs && p.ops[0].bus_number == 4 && p.ops[1].bus_type == PCIBus &&
		      p.ops[2].bus_type == InterfaceTypeUndefined,
	      "types: adapters");
	check(p.platform.va_pages == 256 && p.platform.pool_bytes == 0xFFFF && p.plan.mode == MF_FAULT_NTH &&
		      p.plan.nth == 65535,
	      "types: header");
	size_t len;
	char *written = script_of(&p, &len);
	check(strstr(written, "limit undefined 0\nlimit -2 4\nlimit 18 0\nlimit max 3\n") != NULL &&
		      strstr(written, "adapter pci 0\nadapter undefined 1\n") != NULL,
	      "types written:\n%s", written);
	free(written);

	/* Limits declaring a window's type. */
	check(parse_string("window max 0 mem 0 0x1000 0\nlimit win0 2\n", &p, err, sizeof(err)) == 0 &&
		      p.platform.nlimits == 1 && p.platform.limits[0].window_ref == 1 &&
		      p.platform.limits[0].type == 0 && p.platform.limits[0].count == 2,
	      "limit win: %s", err);
	written = script_of(&p, &len);
	check(strstr(written, "limit win0 2\n") != NULL, "limit win written:\n%s", written);
	free(written);

	/* Adapters on a window's bus: a reference, not a raw pair. */
	check(parse_string("adapter win0\nadapter win5\n", &p, err, sizeof(err)) == 0 && p.nops == 2 &&
		      p.ops[0].bus_ref == 1 && p.ops[1].bus_ref == 6 && p.ops[0].bus_type == 0,
	      "adapter win: %s", err);
	written = script_of(&p, &len);
	check(strstr(written, "adapter win0\nadapter win5\n") != NULL, "adapter win written:\n%s", written);
	free(written);

	/* Raw addresses: two's complement, and the writer's negative form. */
	static const char raws[] = "map a3 0xFFFFFFFFFFFFFFFF 0xffffffff\n"
				   "map a0 -9223372036854775808 0\n"
				   "map a0 18446744073709551615 9\n"
				   "map a0 9223372036854775807 10\n"
				   "map a0 0XaBc 1\n"
				   "map a0 -0x10 1\n";
	check(parse_string(raws, &p, err, sizeof(err)) == 0, "raw: %s", err);
	check(p.ops[0].aref == 3 && p.ops[0].addr.raw == UINT64_MAX && p.ops[0].len.raw == 0xffffffffu &&
		      p.ops[1].addr.raw == (uint64_t)1 << 63 && p.ops[2].addr.raw == UINT64_MAX &&
		      p.ops[3].addr.raw == INT64_MAX && p.ops[4].addr.raw == 0xabc &&
		      p.ops[5].addr.raw == (uint64_t)0 - 16,
	      "raw: values");
	written = script_of(&p, &len);
	check(strstr(written, "map a3 -1 0xffffffff\nmap a0 -9223372036854775808 0\nmap a0 -1 9\n"
			      "map a0 0x7fffffffffffffff 0xa\nmap a0 0xabc 1\nmap a0 -16 1\n") != NULL,
	      "raw written:\n%s", written);
	free(written);

	/* Anchors and deltas at their limits. */
	static const char anchors[] = "map a0 zero+0p zero-1\n"
				      "map a1 m255.end-0x8000p m3.len+2p\n"
				      "map a2 min+32767 to:m7.start-10\n"
				      "map a2 max win5.size+0x7fff\n"
				      "map a2 win9.end zero@4-1\n"
				      "map a2 max@200+0 m0.len\n";
	check(parse_string(anchors, &p, err, sizeof(err)) == 0, "anchors: %s", err);
	const mf_op *op = p.ops;
	check(op[0].addr.kind == ADDR_ZERO && op[0].addr.pages == 1 && op[0].addr.delta == 0 &&
		      op[0].len.kind == LEN_ZERO && op[0].len.delta == -1 && op[0].len.pages == 0,
	      "anchors: zero");
	check(op[1].addr.kind == ADDR_MAP_END && op[1].addr.index == 255 && op[1].addr.delta == -32768 &&
		      op[1].addr.pages == 1 && op[1].len.kind == LEN_MAP_LEN && op[1].len.index == 3 &&
		      op[1].len.delta == 2 && op[1].len.pages == 1,
	      "anchors: m255.end");
	check(op[2].addr.kind == ADDR_MIN && op[2].addr.delta == 32767 && op[2].len.kind == LEN_TO_MAP_START &&
		      op[2].len.index == 7 && op[2].len.delta == -10,
	      "anchors: min");
	check(op[3].addr.kind == ADDR_MAX && op[3].len.kind == LEN_WIN_SIZE && op[3].len.index == 5 &&
		      op[3].len.delta == 0x7fff,
	      "anchors: max");
	check(op[4].addr.kind == ADDR_WIN_END && op[4].addr.index == 9 && op[4].len.kind == LEN_ZERO &&
		      op[4].len.index == 4 && op[4].len.delta == -1,
	      "anchors: unused index");
	check(op[5].addr.kind == ADDR_MAX && op[5].addr.index == 200 && op[5].addr.delta == 0 &&
		      op[5].len.kind == LEN_MAP_LEN && op[5].len.index == 0,
	      "anchors: max@200");
	written = script_of(&p, &len);
	check(strstr(written, "map a0 zero+0p zero-1\n"
			      "map a1 m255.end-0x8000p m3.len+2p\n"
			      "map a2 min+0x7fff to:m7.start-0xa\n"
			      "map a2 max win5.size+0x7fff\n"
			      "map a2 win9.end zero@4-1\n"
			      "map a2 max@200 m0.len\n") != NULL,
	      "anchors written:\n%s", written);
	free(written);

	/* Unmap deltas: trailing zeros dropped, a lone length delta keeps +0. */
	static const char unmaps[] = "unmap a0 m1\nunmap a1 m2 -1\nunmap a2 m3 +0 +0\nunmap null m0 +0 +0x10\n"
				     "unmap bogus m255 -32768 +32767\n";
	check(parse_string(unmaps, &p, err, sizeof(err)) == 0, "unmaps: %s", err);
	check(p.ops[1].va_delta == -1 && p.ops[1].len_delta == 0 && p.ops[3].aref == AREF_NULL &&
		      p.ops[3].len_delta == 16 && p.ops[4].va_delta == -32768 && p.ops[4].len_delta == 32767,
	      "unmaps: values");
	written = script_of(&p, &len);
	check(strstr(written, "unmap a0 m1\nunmap a1 m2 -1\nunmap a2 m3\nunmap null m0 +0 +0x10\n"
			      "unmap bogus m255 -0x8000 +0x7fff\n") != NULL,
	      "unmaps written:\n%s", written);
	free(written);

	/* Windows on different buses may overlap; touching ends may not clash. */
	static const char windows[] = "window pci 0 mem 0 0x1000 0\nwindow pci 1 mem 0 0x1000 0\n"
				      "window isa 0 mem 0 0x1000 0\nwindow pci 0 mem 0x1000 1 0\n"
				      "window pci 0 port 0xfffffffffffffffe 1 0xfffffffffffffffe\n"
				      "window 18 4 mem 0xffffffffffffffff 0 0";
	check(parse_string(windows, &p, err, sizeof(err)) == -1 &&
		      strncmp(err, "line 6, column 36:", 18) == 0,
	      "windows: zero length refused: '%s'", err);
	check(mf_script_parse(windows, sizeof(windows) - 1 - 39, &p, err, sizeof(err)) == 0 &&
		      p.platform.nwindows == 5 && normalized(&p),
	      "windows: five accepted: '%s'", err);

	/* Plans come out exactly as mf_plan_normalize leaves them. */
	check(parse_string("plan site none 0\narm none\narm nth 0\narm random 0 0 0", &p, err,
			   sizeof(err)) == 0 &&
		      p.plan.mode == MF_FAULT_NTH_AT_SITE && p.plan.site == MF_SITE_NONE &&
		      p.ops[0].plan.mode == MF_FAULT_NONE && p.ops[1].plan.mode == MF_FAULT_NTH &&
		      p.ops[2].plan.mode == MF_FAULT_RANDOM && normalized(&p),
	      "plans: %s", err);

	/* The names shared with the trace. */
	check(strcmp(mf_opcode_name(OP_HALT_END), "halt-end") == 0 &&
		      strcmp(mf_opcode_name(OP_COUNT), "?") == 0,
	      "opcode names");
	check(strcmp(mf_status_name(NDIS_STATUS_SUCCESS), "SUCCESS") == 0 &&
		      strcmp(mf_status_name(NDIS_STATUS_RESOURCE_CONFLICT), "RESOURCE_CONFLICT") == 0 &&
		      strcmp(mf_status_name(NDIS_STATUS_RESOURCES), "RESOURCES") == 0 &&
		      strcmp(mf_status_name(NDIS_STATUS_FAILURE), "FAILURE") == 0 &&
		      strcmp(mf_status_name(NDIS_STATUS_CODE(0x12345678u)), "UNKNOWN") == 0,
	      "status names");
}

int main(void)
{
	test_round_trip();
	test_malformed();
	test_example();
	test_values();
	return tally_report();
}
