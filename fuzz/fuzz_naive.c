/* The baseline, kept only so benchmarks can show what structure and fault
 * injection buy: raw addresses and lengths thrown at one fixed platform,
 * one adapter, no fault plan, no anchors.  Same checks as fuzz_map. */
#include <string.h>

#include "program/byte_reader.h"
#include "fuzz_common.h"

static void fixed_platform(mf_program *p)
{
	mf_platform_config *c = &p->platform;
	c->va_pages = 64;
	c->pool_bytes = 4096;
	c->nlimits = 1;
	c->limits[0] = (mf_bus_limit){.type = PCIBus, .count = 1};
	c->nwindows = 2;
	c->windows[0] = (mf_window_config){PCIBus, 0, {0xF0000000u, 0x10000, 0xE0000000u, SPACE_MEMORY}};
	c->windows[1] = (mf_window_config){PCIBus, 0, {0x1000, 0x100, 0x1000, SPACE_PORT}};
	c->nram = 1;
	c->ram[0] = (SEAM_RANGE){0, 0x80000000u};
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mf_program p;
	memset(&p, 0, sizeof(p));
	fixed_platform(&p);
	p.ops[p.nops++] = (mf_op){.code = OP_ADAPTER, .bus_type = PCIBus};
	byte_reader r = {data, size, 0};
	while (br_remaining(&r) > 0 && p.nops < MF_MAX_OPS) {
		mf_op *op = &p.ops[p.nops++];
		memset(op, 0, sizeof(*op));
		if (br_u8(&r) & 1) {
			op->code = OP_MAP;
			op->addr.raw = br_uint(&r, 8);
			op->len.raw = br_uint(&r, 4);
		} else {
			op->code = OP_UNMAP;
			op->mref = br_u8(&r);
		}
	}
	mf_fuzz_check(&p);
	return 0;
}
