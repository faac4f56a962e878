/* A stub driver for the runner's own test (tests/driver_review_test.sh
 * tests/driver_stub): it calls src/driver/kit_runtime.h directly and is its
 * own part B, so the runner's checks are tested without the miniport kit
 * (built with DRIVER_NOKIT=1).  Each variant directory defines one BUG_*
 * and includes this file; its header lists the rows it plants. */
#include <stdint.h>
#include <stdlib.h>

#include "../../src/driver/kit_runtime.h" /* drivers see include/ddk only */

#define RA ((uintptr_t)__builtin_return_address(0))

typedef struct {
	volatile uint32_t *regs;
	void *handle;
	uint32_t len;
	void *shared;
} stub_adapter;

static int registered;
static int entries = 5; /* DriverEntry counts it up: fresh static data makes it 6 every time */
static stub_adapter *ctx[4];
static void *handles[4];

static int slot_of(void *h)
{
	for (int i = 0; i < 4; i++)
		if (handles[i] == h)
			return i;
	for (int i = 0; i < 4; i++)
		if (!handles[i]) {
			handles[i] = h;
			return i;
		}
	return 0;
}

/* The "kit": each routine takes its caller's line itself. */
__attribute__((noinline)) static int32_t Map(void **va, void *h, uint64_t pa, uint32_t len)
{
	return dk_map_io_space(va, h, pa, len, RA);
}
__attribute__((noinline)) static void Unmap(void *h, void *va, uint32_t len)
{
	dk_unmap_io_space(h, va, len, RA);
}
__attribute__((noinline)) static void *Alloc(uint32_t n)
{
	if (dk_fail(DK_SITE_ALLOCATE_MEMORY, RA))
		return NULL;
	void *p = calloc(1, n);
	dk_acquire(DK_RES_MEMORY, NULL, (uintptr_t)p, n, 0, 0, RA);
	return p;
}
__attribute__((noinline)) static void Free(void *p, uint32_t n)
{
	if (dk_release(DK_RES_MEMORY, NULL, (uintptr_t)p, n, 0, 0, RA))
		free(p);
}
__attribute__((noinline)) static void *AllocShared(void *h, uint32_t n, int cached)
{
	if (dk_fail(DK_SITE_ALLOCATE_SHARED, RA))
		return NULL;
	void *p = calloc(1, n);
	dk_acquire(DK_RES_SHARED_MEMORY, h, (uintptr_t)p, n, (uint64_t)cached, 0x1000, RA);
	return p;
}
__attribute__((noinline)) static void FreeShared(void *h, void *p, uint32_t n, int cached)
{
	if (dk_release(DK_RES_SHARED_MEMORY, h, (uintptr_t)p, n, (uint64_t)cached, 0x1000, RA))
		free(p);
}
__attribute__((noinline)) static uint32_t Read(volatile uint32_t *a)
{
	return dk_reg_read(a, 4, RA);
}
__attribute__((noinline)) static void Stall(uint32_t us)
{
	dk_stall(us, RA);
}

void dk_kit_reset(void)
{
}

int32_t dk_call_driver_entry(void)
{
	if (dk_fail(DK_SITE_REGISTER_MINIPORT, RA))
		return -1;
	registered = 1;
	entries++;
	return 0;
}

int32_t dk_call_initialize(void *h, bool *reg)
{
	*reg = registered;
	if (entries != 6)
		abort(); /* the driver's static data was not fresh */
	stub_adapter *a = Alloc(sizeof(stub_adapter));
	if (!a)
		return -1;
	dk_resource_desc r[8];
	size_t n = dk_adapter_resources(h, r, 8);
	if (n == 0 || r[0].type != DK_DESC_MEMORY) {
		Free(a, sizeof(stub_adapter));
		return -1;
	}
	void *va;
	int32_t st = Map(&va, h, r[0].start, r[0].length);
#ifdef BUG_NULL
	if (st) {
		a->regs = va;
		a->regs[1] = 1; /* through the NULL a failed map left */
		Free(a, sizeof(stub_adapter));
		return st;
	}
#elif defined(BUG_LEAK)
	if (st)
		return st; /* leaks the adapter block */
#else
	if (st) {
		Free(a, sizeof(stub_adapter));
		return st;
	}
#endif
	a->regs = va;
	a->len = r[0].length;
	a->handle = h;
#ifdef BUG_RAWPAST
	if (a->len < 0x1000)
		(void)a->regs[0x400 - 1]; /* the last word of a page the BAR does not fill */
#endif
#ifdef BUG_HANG
	for (volatile int spin = 1; spin;) /* no kit call at all: the review's watchdog */
		;
#endif
#ifdef BUG_POLL
	while (!(Read(a->regs + 2) & 1)) /* a reset bit that never clears */
		Stall(10);
#endif
	(void)Read(a->regs);
	a->shared = AllocShared(h, 0x800, 0);
	if (!a->shared) {
		Unmap(h, va, a->len);
		Free(a, sizeof(stub_adapter));
		return -1;
	}
	ctx[slot_of(h)] = a;
	dk_adapter_context(h, a, RA);
	return 0;
}

void dk_call_halt(void *h, bool removed)
{
	(void)removed;
	stub_adapter *a = ctx[slot_of(h)];
#ifdef BUG_CONSTLEN
	Unmap(h, (void *)a->regs, 0x1000);
#else
	Unmap(h, (void *)a->regs, a->len);
#endif
#ifdef BUG_CACHED
	FreeShared(h, a->shared, 0x800, 1);
#else
	FreeShared(h, a->shared, 0x800, 0);
#endif
	Free(a, sizeof(stub_adapter));
	ctx[slot_of(h)] = NULL;
}

void dk_call_surprise_removal(void *h)
{
	(void)h;
}

void dk_call_unload(void)
{
}

void *dk_kit_adapter_context(void *h)
{
	return ctx[slot_of(h)];
}
