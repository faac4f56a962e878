/* The platform classes of a proof (docs/PROVE.md, "The scope, in words"):
 * small platforms, each built to break one kind of arithmetic or bound
 * that the base platform cannot show, walked after it.
 *
 * Each is written as a script (the platform, the adapters) plus an
 * optional set-up: `fill` maps by adapter 0 of a page each, at the start
 * of window 0 and on, so that the walk starts with that many live claims. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enumerate.h"
#include "program/script.h"

#define COUNT_CLASS(n)                                                                              \
	{"claims-" #n, #n " live claims of one adapter (a table or scan of " #n " entries or fewer)",   \
	 "vspace 64\n"                                                                                 \
	 "pool 8192\n"                                                                                 \
	 "limit pci 2\n"                                                                               \
	 "window pci 0 mem 0xf0000000 0x40000 0xe0000000\n"                                            \
	 "window pci 1 mem 0xf0000000 0x40000 0xe0000000\n" /* the same system pages from bus 1 */     \
	 "ram 0x90000000 0x10000000\n"                                                                 \
	 "adapter pci 0\n"                                                                             \
	 "adapter pci 1\n",                                                                            \
	 n, 0}

/* Seventeen 4 KiB windows of one PCI bus, 64 KiB apart, in the order
 * given; probe windows are the first and the fourth to the ninth, and the
 * sixteenth and seventeenth: both sides of tables of 4, 8 and 16. */
#define WIN(k, bus, sys) "window pci 0 mem " bus " 0x1000 " sys "\n"
#define MANY_PROBES (1u << 0 | 1u << 3 | 1u << 4 | 1u << 7 | 1u << 8 | 1u << 15 | 1u << 16)

const mf_enum_class mf_enum_classes[] = {
	{"high-aliases",
	 "windows and claims above 4 GiB that agree with lower ones in their low 32 bits",
	 "vspace 64\n"
	 "pool 4096\n"
	 "limit pci 2\n"
	 "window pci 0 mem 0xf0000000 0x10000 0xe0000000\n"
	 "window pci 0 mem 0x1f0000000 0x1000 0x1e0000000\n" /* 4 GiB above win0 on both sides */
	 "window pci 1 mem 0xf0000000 0x10000 0x2e0000000\n" /* win0's system pages + 8 GiB */
	 "window pci 1 mem 0x1f0000000 0x1000 0x1e0000000\n" /* win1's system page, from bus 1 */
	 "window pci 0 mem 0x2f0000000 0x1000 0x190000000\n" /* host RAM's start + 4 GiB */
	 "ram 0x90000000 0x10000000\n"
	 "adapter pci 0\n"
	 "adapter pci 1\n",
	 0, 0},
	{"huge-windows",
	 "windows of 4 GiB and more, ranges across 4 GiB lines, frames at 16 TiB and near 2^64",
	 "vspace 64\n"
	 "pool 4096\n"
	 "limit pci 1\n"
	 "window pci 0 mem 0xffff0000 0x20000 0x2ffff0000\n" /* bus and system cross 4 GiB */
	 "window pci 0 mem 0x200000000 0x200000000 0x1000000000\n" /* 8 GiB */
	 "window pci 0 mem 0x400000000 0x100000000 0x2000000000\n" /* exactly 4 GiB */
	 "window pci 0 mem 0x600000000 0x100010000 0x3000000000\n" /* 4 GiB + 64 KiB */
	 "window pci 0 mem 0xf0000000 0x10000 0x100000000000\n"  /* 16 TiB */
	 "window pci 0 mem 0x1f0000000 0x10000 0xfffffffffff00000\n"
	 "ram 0x90000000 0x10000000\n"
	 "adapter pci 0\n",
	 0, 0},
	{"ram-ranges",
	 "three host RAM ranges, one of 8 GiB above 4 GiB, windows inside, next to and 4 GiB above them",
	 "vspace 64\n"
	 "pool 4096\n"
	 "limit pci 1\n"
	 "window pci 0 mem 0xf0000000 0x10000 0x400000000\n"  /* low 32 bits of RAM 0's start */
	 "window pci 0 mem 0x1f0000000 0x10000 0x200000000\n" /* inside RAM 1 */
	 "window pci 0 mem 0x2f0000000 0x2000 0x2fffff000\n"  /* RAM 1's last page, then not RAM */
	 "window pci 0 mem 0x3f0000000 0x3000 0x4ffffe000\n"  /* runs into RAM 2 */
	 "window pci 0 mem 0x4f0000000 0x2000 0x4ffffe001\n"  /* its last byte is RAM 2's first */
	 "ram 0x0 0xc0000000\n"
	 "ram 0x100000000 0x200000000\n"
	 "ram 0x500000000 0x1000\n"
	 "adapter pci 0\n",
	 0, 0},
	{"ports",
	 "port and memory space on declared PCI, PCMCIA and ISA buses, ports at and above 0x10000",
	 "vspace 64\n"
	 "pool 4096\n"
	 "limit pci 2\n"
	 "limit pcmcia 1\n"
	 "limit isa 1\n"
	 "window pci 0 port 0xe000 0x100 0x1000e000\n"   /* a PCI I/O BAR */
	 "window pci 0 mem 0xf0000000 0x2000 0x1f000000\n"
	 "window pci 1 port 0x10000 0x1000 0x20010000\n" /* ports above 64 KiB */
	 "window pcmcia 0 port 0x300 0x20 0x30000300\n"
	 "window isa 0 port 0xfff0 0x20 0x4000fff0\n"    /* across 0xFFFF */
	 "ram 0x90000000 0x10000000\n"
	 "adapter pci 0\n"
	 "adapter pci 1\n"
	 "adapter pcmcia 0\n"
	 "adapter isa 0\n",
	 0, 0},
	{"bus-types",
	 "bus types at both ends of [0, MaximumInterfaceType) and just below, counts per type",
	 "vspace 64\n"
	 "pool 4096\n"
	 "limit internal 3\n"
	 "limit pnp 2\n"
	 "limit vmcs 1\n"
	 "limit undefined 1\n"
	 "window internal 2 mem 0x1000 0x1000 0xe0000000\n"
	 "window internal 0 port 0x60 0x10 0xe0001060\n"
	 "window vmcs 0 mem 0xfe000000 0x2000 0xe1000000\n"
	 "window pnp 1 port 0x200 0x10 0xe2000200\n"
	 "window undefined 0 mem 0xf0000000 0x1000 0xe3000000\n" /* type -1: out of range */
	 "ram 0x90000000 0x10000000\n"
	 "adapter internal 2\n"
	 "adapter vmcs 0\n"
	 "adapter pnp 1\n"
	 "adapter undefined 0\n",
	 0, 0},
	{"windows-up",
	 "seventeen windows on one bus in ascending address order",
	 "vspace 64\n"
	 "pool 4096\n"
	 "limit pci 1\n"
	 WIN(0, "0xf0000000", "0xe0000000") WIN(1, "0xf0010000", "0xe0010000") WIN(2, "0xf0020000", "0xe0020000")
	 WIN(3, "0xf0030000", "0xe0030000") WIN(4, "0xf0040000", "0xe0040000") WIN(5, "0xf0050000", "0xe0050000")
	 WIN(6, "0xf0060000", "0xe0060000") WIN(7, "0xf0070000", "0xe0070000") WIN(8, "0xf0080000", "0xe0080000")
	 WIN(9, "0xf0090000", "0xe0090000") WIN(10, "0xf00a0000", "0xe00a0000") WIN(11, "0xf00b0000", "0xe00b0000")
	 WIN(12, "0xf00c0000", "0xe00c0000") WIN(13, "0xf00d0000", "0xe00d0000") WIN(14, "0xf00e0000", "0xe00e0000")
	 WIN(15, "0xf00f0000", "0xe00f0000") WIN(16, "0xf0100000", "0xe0100000")
	 "ram 0x90000000 0x10000000\n"
	 "adapter pci 0\n",
	 0, MANY_PROBES},
	{"windows-down",
	 "seventeen windows on one bus in descending address order",
	 "vspace 64\n"
	 "pool 4096\n"
	 "limit pci 1\n"
	 WIN(0, "0xf0100000", "0xe0100000") WIN(1, "0xf00f0000", "0xe00f0000") WIN(2, "0xf00e0000", "0xe00e0000")
	 WIN(3, "0xf00d0000", "0xe00d0000") WIN(4, "0xf00c0000", "0xe00c0000") WIN(5, "0xf00b0000", "0xe00b0000")
	 WIN(6, "0xf00a0000", "0xe00a0000") WIN(7, "0xf0090000", "0xe0090000") WIN(8, "0xf0080000", "0xe0080000")
	 WIN(9, "0xf0070000", "0xe0070000") WIN(10, "0xf0060000", "0xe0060000") WIN(11, "0xf0050000", "0xe0050000")
	 WIN(12, "0xf0040000", "0xe0040000") WIN(13, "0xf0030000", "0xe0030000") WIN(14, "0xf0020000", "0xe0020000")
	 WIN(15, "0xf0010000", "0xe0010000") WIN(16, "0xf0000000", "0xe0000000")
	 "ram 0x90000000 0x10000000\n"
	 "adapter pci 0\n",
	 0, MANY_PROBES},
	COUNT_CLASS(4),
	COUNT_CLASS(8),
	COUNT_CLASS(9),
	COUNT_CLASS(16),
	COUNT_CLASS(17),
	COUNT_CLASS(32),
	COUNT_CLASS(33),
};

const uint32_t mf_enum_nclasses = sizeof(mf_enum_classes) / sizeof(mf_enum_classes[0]);

void mf_enum_class_program(const mf_enum_class *c, mf_program *out)
{
	char err[256];
	if (mf_script_parse(c->script, strlen(c->script), out, err, sizeof(err)) != 0) {
		/* The table above is ours: a test parses every class. */
		fprintf(stderr, "mapfuzz: platform class %s: %s\n", c->name, err);
		abort();
	}
	for (uint32_t i = 0; i < c->fill && out->nops < MF_MAX_OPS; i++)
		out->ops[out->nops++] = (mf_op){
			.code = OP_MAP,
			.aref = 0,
			.addr = {.kind = ADDR_WIN_START, .index = 0, .delta = (int16_t)i, .pages = 1},
			.len = {.kind = LEN_RAW, .raw = NDIS_PAGE_SIZE},
		};
}

_Static_assert(sizeof(mf_enum_classes) / sizeof(mf_enum_classes[0]) <= MF_ENUM_MAX_CLASSES,
	       "mf_enum_stats keeps figures for at most MF_ENUM_MAX_CLASSES classes");
