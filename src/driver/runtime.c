/* Part A of src/driver/kit_runtime.h: what the kit asks of the runner.
 *
 * The fault plan over the NDIS routines; the ledger of everything the
 * driver holds (Linux devres), with the line that acquired it; the device
 * of the input (resources, configuration space, registry, address);
 * mapping through mapfuzz's reference core (compiled a second time with
 * renamed symbols, so the driver meets the proven contract) onto real
 * register memory: one memfd per memory resource, a fresh view per map
 * followed by a PROT_NONE guard page, the view replaced by PROT_NONE at
 * the unmap; register and port access checked against what is live; a
 * virtual clock with a budget per operation. */
#define _GNU_SOURCE /* memfd_create, MAP_ANONYMOUS */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "driver/runner.h"
#include "ndis.h"
#include "platform.h"

#ifdef DV_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* The reference core, renamed (the Makefile's driver rule). */
NDIS_STATUS mf_core_map_io_space(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
				 NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length);
void mf_core_unmap_io_space(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length);
void mf_core_adapter_gone(NDIS_HANDLE MiniportAdapterHandle, ADAPTER_GONE_REASON Reason);

enum {
	PAGE = 4096,
	MAX_ENTRIES = 512,
	MAX_VIEWS = 64,
	MAX_READ_COUNTS = 64,
	NULL_ZONE = 0x10000,       /* an access below this is through a NULL base */
	MEMFD_SIZE = DV_MAX_MEM_LEN + 2 * PAGE,
	READ_BUDGET = 200000,      /* kit reads and stalls in one operation */
};
#define TIME_BUDGET_US 10000000ull /* 10 s of virtual time in one operation */
#define PCI_MEM_BASE 0xE0000000ull
#define PCI_MEM_LEN 0x20000000ull
#define HOST_RAM_LEN 0x80000000ull

typedef struct {
	bool live;
	dk_res kind;
	int adapter;          /* -1: the driver's own (no adapter) */
	uintptr_t key;
	uint64_t a, b, c;
	uintptr_t caller;
	uint32_t op_acquired, op_released;
	uintptr_t released_by;
} entry;

typedef struct {
	bool used, live;
	int adapter;
	int res;              /* the resource it views, -1: none of the adapter's */
	uintptr_t va;         /* what the driver got */
	uint32_t length;
	uint64_t bus;
	void *core_va;
	uint8_t *base;        /* the reservation: pages + a guard page */
	size_t size;
	entry *e;
} view;

typedef struct {
	NDIS_HANDLE handle;
	const dv_device *dev;
	int memfd[DV_MAX_RES];
	uint8_t *ports[DV_MAX_RES];
	uint8_t config[256];
	void *context;
	uint32_t failed_maps;
	struct {
		uint8_t res;
		uint32_t offset;
		uint32_t count;
	} reads[MAX_READ_COUNTS];
	uint32_t nreads;
} adapter;

static struct {
	const dv_program *p;
	dv_fault fault;
	uint32_t calls, fired, site_calls[DK_SITE_COUNT];
	uint32_t first_fault_op;  /* the operation the first injected fault fell in */
	uint8_t first_fault_code;
	uint64_t rng;
	entry e[MAX_ENTRIES];
	uint32_t ne;
	view v[MAX_VIEWS];
	uint32_t nv;
	adapter ad[DV_MAX_ADAPTERS];
	int op_adapter;
	uint8_t op_code;
	uint32_t op_index;
	uint64_t now_us, op_start_us;
	uint32_t op_accesses;
} S;

sigjmp_buf *dv_op_jump;

/* fuzz_driver's signal (issue 23): acquisitions per kind in this run, kept
 * past dv_rt_cleanup until the next reset. */
static uint16_t acquired[DK_RES_COUNT];
const uint16_t *dv_rt_acquired(void)
{
	return acquired;
}

/* ...and the registers and ports it read through the kit, how often (the
 * structural mutator's "a register word flipped as it is polled"). */
static dv_poll polled[DV_MAX_POLLED];
static uint32_t npolled;
const dv_poll *dv_rt_polled(uint32_t *n)
{
	*n = npolled;
	return polled;
}

/* ---- fault plan ---- */

bool dk_fail(dk_site site, uintptr_t caller)
{
	(void)caller;
	unsigned s = (unsigned)site < DK_SITE_COUNT ? (unsigned)site : 0;
	S.calls++;
	S.site_calls[s]++;
	bool fail = false;
	switch (S.fault.mode) {
	case DV_FAULT_NTH: fail = (S.fault.n && S.calls == S.fault.n) || (S.fault.n2 && S.calls == S.fault.n2); break;
	case DV_FAULT_SITE: fail = S.fault.n && s == S.fault.site && S.site_calls[s] == S.fault.n; break;
	case DV_FAULT_RANDOM:
		S.rng = S.rng * 6364136223846793005ull + 1442695040888963407ull;
		fail = (uint8_t)(S.rng >> 56) < S.fault.chance;
		break;
	default: break;
	}
	if (fail && !S.fired++)
		S.first_fault_op = S.op_index, S.first_fault_code = S.op_code;
	if (fail)
		dv_fault_fired();
	return fail;
}

uint32_t dv_rt_calls(void)
{
	return S.calls;
}

uint32_t dv_rt_fired(void)
{
	return S.fired;
}

bool dv_rt_first_fault(uint32_t *op_index, uint8_t *code)
{
	*op_index = S.first_fault_op;
	*code = S.first_fault_code;
	return S.fired > 0;
}

/* ---- adapters ---- */

int dv_rt_adapter_index(void *handle)
{
	if (!handle)
		return -1;
	for (int i = 0; i < DV_MAX_ADAPTERS; i++)
		if (S.ad[i].handle == handle)
			return i;
	return -1;
}

static adapter *ad_of(void *handle)
{
	int i = dv_rt_adapter_index(handle);
	return i < 0 ? NULL : &S.ad[i];
}

/* The adapter a call belongs to: its handle, else the operation's. */
static int charge(void *handle)
{
	int i = dv_rt_adapter_index(handle);
	return i >= 0 ? i : S.op_adapter;
}

static void build_config(adapter *a)
{
	const dv_device *d = a->dev;
	uint8_t *c = a->config;
	memset(c, 0, sizeof(a->config));
#define PUT32(off, v) (c[(off)] = (uint8_t)(v), c[(off) + 1] = (uint8_t)((v) >> 8), c[(off) + 2] = (uint8_t)((v) >> 16), c[(off) + 3] = (uint8_t)((v) >> 24))
	PUT32(0, (uint32_t)d->vendor | (uint32_t)d->device << 16);
	PUT32(4, 0x00100007u); /* I/O, memory, bus master on; a capabilities list */
	PUT32(8, (uint32_t)d->revision | 0x02000000u); /* class 02: network controller */
	uint32_t bar = 0;
	for (uint32_t k = 0; k < d->nres && bar < 6; k++) {
		const dk_resource_desc *r = &d->res[k];
		if (r->type == DK_DESC_MEMORY)
			PUT32(0x10 + 4 * bar, (uint32_t)r->start & ~0xFu), bar++;
		else if (r->type == DK_DESC_PORT)
			PUT32(0x10 + 4 * bar, ((uint32_t)r->start & ~0x3u) | 1u), bar++;
		else
			c[0x3C] = (uint8_t)r->level, c[0x3D] = 1;
	}
	PUT32(0x2C, d->subsys);
	for (uint32_t k = 0; k < d->nconfig; k++)
		PUT32(d->config[k].offset, d->config[k].value);
#undef PUT32
}

void *dv_rt_adapter_create(unsigned index)
{
	if (index >= S.p->ndevices)
		return NULL;
	adapter *a = &S.ad[index];
	const dv_device *d = &S.p->dev[index];
	NDIS_HANDLE h = mf_adapter_create(PCIBus, d->bus);
	if (!h)
		return NULL;
	a->handle = h;
	a->context = NULL;
	a->failed_maps = 0;
	if (a->dev)
		return h; /* re-initialize: the same device, its register file as the driver left it */
	a->dev = d;
	build_config(a);
	for (uint32_t k = 0; k < d->nres; k++) {
		a->memfd[k] = -1;
		const dk_resource_desc *r = &d->res[k];
		if (r->type == DK_DESC_MEMORY) {
			int fd = memfd_create("mapfuzz-regs", MFD_CLOEXEC);
			if (fd >= 0 && ftruncate(fd, MEMFD_SIZE) != 0) {
				close(fd);
				fd = -1;
			}
			a->memfd[k] = fd;
		} else if (r->type == DK_DESC_PORT) {
			a->ports[k] = calloc(1, DV_MAX_PORT_LEN + 4);
		}
	}
	/* The register file as the input gives it. */
	for (uint32_t k = 0; k < d->nregs; k++) {
		const dv_reg *g = &d->regs[k];
		if (g->res >= d->nres)
			continue;
		const dk_resource_desc *r = &d->res[g->res];
		uint32_t v = g->value;
		if (r->type == DK_DESC_MEMORY && a->memfd[g->res] >= 0) {
			off_t off = (off_t)((r->start & (PAGE - 1)) + g->offset);
			if (pwrite(a->memfd[g->res], &v, 4, off) != 4)
				continue;
		} else if (r->type == DK_DESC_PORT && a->ports[g->res] && g->offset + 4 <= DV_MAX_PORT_LEN) {
			memcpy(a->ports[g->res] + g->offset, &v, 4);
		}
	}
	return h;
}

void dv_rt_begin_op(int adapter_index, uint8_t code, uint32_t op_index)
{
	S.op_adapter = adapter_index;
	S.op_code = code;
	S.op_index = op_index;
	S.op_start_us = S.now_us;
	S.op_accesses = 0;
}

/* ---- per input ---- */

static void view_kill(view *w)
{
	if (!w->live)
		return;
	w->live = false;
	/* The addresses stay reserved, PROT_NONE, for the rest of the input:
	 * a use after the unmap faults, and is told apart by its address. */
	mmap(w->base, w->size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
#ifdef DV_ASAN
	ASAN_UNPOISON_MEMORY_REGION(w->base, w->size);
#endif
}

void dv_rt_cleanup(void)
{
	for (uint32_t i = 0; i < S.nv; i++) {
		view_kill(&S.v[i]);
		if (S.v[i].base)
			munmap(S.v[i].base, S.v[i].size);
	}
	for (int i = 0; i < DV_MAX_ADAPTERS; i++) {
		adapter *a = &S.ad[i];
		if (!a->dev)
			continue;
		for (uint32_t k = 0; k < a->dev->nres; k++) {
			if (a->memfd[k] >= 0 && a->dev->res[k].type == DK_DESC_MEMORY)
				close(a->memfd[k]);
			free(a->ports[k]);
		}
	}
	memset(&S, 0, sizeof(S));
}

void dv_rt_reset(const dv_program *p, const dv_fault *fault)
{
	dv_rt_cleanup();
	memset(acquired, 0, sizeof(acquired));
	npolled = 0;
	S.p = p;
	S.fault = *fault;
	S.rng = fault->seed ? fault->seed : 1;
	S.op_adapter = -1;
	/* The platform the reference core runs on: PCI buses 0..3 with a
	 * memory and a port window each, host RAM below 2 GiB. */
	static mf_platform_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.va_pages = MF_MAX_VA_PAGES;
	cfg.pool_bytes = 65535;
	cfg.nlimits = 1;
	cfg.limits[0] = (mf_bus_limit){.type = PCIBus, .count = 4};
	for (uint32_t b = 0; b < 4; b++) {
		cfg.windows[cfg.nwindows++] = (mf_window_config){
			PCIBus, b, {.bus_base = PCI_MEM_BASE, .length = PCI_MEM_LEN, .sys_base = PCI_MEM_BASE + b * PCI_MEM_LEN / 4, .space = SPACE_MEMORY}};
		cfg.windows[cfg.nwindows++] = (mf_window_config){
			PCIBus, b, {.bus_base = 0x1000, .length = 0xF000, .sys_base = 0x1000 + b * 0x10000ull, .space = SPACE_PORT}};
	}
	cfg.nram = 1;
	cfg.ram[0] = (SEAM_RANGE){0, HOST_RAM_LEN};
	mf_platform_reset(&cfg);
	mf_fault_arm(&(mf_fault_plan){.mode = MF_FAULT_NONE});
}

/* ---- the ledger ---- */

static const char *const res_names[DK_RES_COUNT] = {
	"mapping", "memory", "shared memory", "port range", "interrupt", "scatter-gather DMA", "timer",
	"configuration handle", "packet pool", "buffer pool", "packet", "buffer", "NBL pool", "NBL", "MDL",
	"work item", "spin lock",
};

static const char *res_name(dk_res k)
{
	return (unsigned)k < DK_RES_COUNT ? res_names[k] : "resource";
}

static entry *add_entry(dk_res kind, int adapter_index, uintptr_t key, uint64_t a, uint64_t b, uint64_t c,
			uintptr_t caller)
{
	if (S.ne == MAX_ENTRIES) {
		/* Reuse a released slot: the table keeps the live ones. */
		for (uint32_t i = 0; i < S.ne; i++)
			if (!S.e[i].live) {
				memmove(&S.e[i], &S.e[i + 1], (S.ne - i - 1) * sizeof(entry));
				S.ne--;
				for (uint32_t k = 0; k < S.nv; k++)
					if (S.v[k].e && S.v[k].e > &S.e[i])
						S.v[k].e--;
					else if (S.v[k].e == &S.e[i])
						S.v[k].e = NULL;
				break;
			}
		if (S.ne == MAX_ENTRIES)
			return NULL;
	}
	if ((unsigned)kind < DK_RES_COUNT && acquired[kind] < UINT16_MAX)
		acquired[kind]++;
	entry *e = &S.e[S.ne++];
	*e = (entry){.live = true, .kind = kind, .adapter = adapter_index, .key = key, .a = a, .b = b, .c = c,
		     .caller = caller, .op_acquired = S.op_index};
	return e;
}

void dk_acquire(dk_res kind, void *adapter_handle, uintptr_t key, uint64_t a, uint64_t b, uint64_t c,
		uintptr_t caller)
{
	add_entry(kind, charge(adapter_handle), key, a, b, c, caller);
}

static entry *find_entry(dk_res kind, uintptr_t key, bool live)
{
	for (uint32_t i = S.ne; i-- > 0;)
		if (S.e[i].kind == kind && S.e[i].key == key && S.e[i].live == live)
			return &S.e[i];
	return NULL;
}

/* The releasing adapter's own entry first: two adapters on two buses may
 * register the same port numbers (fuzz_driver found correct5's halt of
 * one adapter "releasing" the other's port range). */
static entry *find_own_entry(dk_res kind, int adapter_index, uintptr_t key, bool live)
{
	for (uint32_t i = S.ne; i-- > 0;)
		if (S.e[i].kind == kind && S.e[i].key == key && S.e[i].live == live && S.e[i].adapter == adapter_index)
			return &S.e[i];
	return find_entry(kind, key, live);
}

bool dk_release(dk_res kind, void *adapter_handle, uintptr_t key, uint64_t a, uint64_t b, uint64_t c,
		uintptr_t caller)
{
	entry *e = find_own_entry(kind, charge(adapter_handle), key, true);
	if (!e) {
		entry *dead = find_entry(kind, key, false);
		if (dead)
			dv_report("CALL-RELEASE-MATCH", false, caller, false, "a double release of %s (released before)",
				  res_name(kind));
		else
			dv_report("CALL-RELEASE-MATCH", false, caller, false, "a release of %s never acquired (0x%" PRIxPTR ")",
				  res_name(kind), key);
		return false;
	}
	/* Most releases do not repeat the acquisition's arguments (0: not
	 * given); shared memory repeats all three, Cached 0 included. */
	bool differs = (a && a != e->a) || (b && b != e->b) || (c && c != e->c);
	if (kind == DK_RES_SHARED_MEMORY)
		differs = a != e->a || b != e->b || c != e->c;
	if (differs) {
		/* NdisFreeMemory's Length and flags are ignored by today's
		 * Windows: a warning (docs/CONTRACT.md). */
		bool warn = kind == DK_RES_MEMORY;
		if (kind == DK_RES_SHARED_MEMORY && b != e->b)
			dv_report("CALL-RELEASE-MATCH", false, caller, false,
				  "shared memory freed with Cached=%" PRIu64 ", allocated with Cached=%" PRIu64, b, e->b);
		else
			dv_report("CALL-RELEASE-MATCH", warn, caller, false,
				  "%s freed with (0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 "), acquired with (0x%" PRIx64
				  ", 0x%" PRIx64 ", 0x%" PRIx64 ")",
				  res_name(kind), a, b, c, e->a, e->b, e->c);
	}
	e->live = false;
	e->op_released = S.op_index;
	e->released_by = caller;
	return true;
}

/* What is still held at the end of a failed initialize or a halt (or, for
 * the driver's own, at unload). */
void dv_rt_leaks(int adapter_index, bool driver_level)
{
	for (uint32_t i = 0; i < S.ne; i++) {
		entry *e = &S.e[i];
		if (!e->live || (driver_level ? e->adapter != -1 && e->adapter != adapter_index : e->adapter != adapter_index))
			continue;
		if (e->kind == DK_RES_MAPPING) {
			dv_report("CALL-UNMAP-MISSING", false, e->caller, false,
				  "the mapping of bus 0x%" PRIx64 " length 0x%" PRIx64 " is never unmapped", e->c, e->a);
			continue; /* the view goes with the core's adapter-gone */
		}
		/* b = 5: an NDIS 5 timer (NdisMInitializeTimer), which has no free. */
		bool warn = e->kind == DK_RES_SPIN_LOCK || (e->kind == DK_RES_TIMER && e->b == 5);
		if (e->kind == DK_RES_TIMER && e->b == 5)
			dv_report("CALL-RELEASE-MISSING", warn, e->caller, false,
				  "an NDIS 5 timer is left (NdisMInitializeTimer has no free; cancel it)");
		else if (e->a)
			dv_report("CALL-RELEASE-MISSING", warn, e->caller, false, "%s (0x%" PRIx64 ") is never released",
				  res_name(e->kind), e->a);
		else
			dv_report("CALL-RELEASE-MISSING", warn, e->caller, false, "%s is never released", res_name(e->kind));
		e->live = false;
	}
}

void dv_rt_init_alive(int adapter_index)
{
	adapter *a = &S.ad[adapter_index];
	if (!a->context) {
		extern void *dk_kit_adapter_context(void *);
		a->context = dk_kit_adapter_context(a->handle);
	}
	uint32_t made = 0, unmapped = 0;
	uintptr_t last = 0;
	for (uint32_t i = 0; i < S.ne; i++) {
		entry *e = &S.e[i];
		if (e->adapter != adapter_index || e->op_acquired != S.op_index)
			continue;
		if (a->context && e->kind == DK_RES_MEMORY && !e->live && e->op_released == S.op_index &&
		    a->context == (void *)e->key) {
			dv_report("CALL-INIT-ALIVE", false, e->released_by, false,
				  "initialize returned SUCCESS after freeing its adapter context");
			return;
		}
		if (e->kind == DK_RES_MAPPING) {
			made++;
			if (!e->live && e->op_released == S.op_index)
				unmapped++, last = e->released_by;
		}
	}
	if (made && unmapped == made)
		dv_report("CALL-INIT-ALIVE", false, last, false,
			  "initialize returned SUCCESS after unmapping every mapping it made");
}

void dv_rt_adapter_gone(int adapter_index, int reason)
{
	adapter *a = &S.ad[adapter_index];
	if (!a->handle)
		return;
	/* Views and ledger entries of the adapter go with it; the core
	 * releases (and its verifier notes) what it still maps. */
	for (uint32_t i = 0; i < S.nv; i++)
		if (S.v[i].adapter == adapter_index && S.v[i].live) {
			view_kill(&S.v[i]);
			if (S.v[i].e)
				S.v[i].e->live = false;
		}
	for (uint32_t i = 0; i < S.ne; i++)
		if (S.e[i].adapter == adapter_index)
			S.e[i].live = false;
	mf_core_adapter_gone(a->handle, (ADAPTER_GONE_REASON)reason);
	mf_adapter_destroy(a->handle);
	a->handle = NULL;
}

/* ---- the device ---- */

size_t dk_adapter_resources(void *handle, dk_resource_desc *out, size_t cap)
{
	adapter *a = ad_of(handle);
	if (!a)
		return 0;
	for (size_t i = 0; i < a->dev->nres && i < cap; i++)
		out[i] = a->dev->res[i];
	return a->dev->nres;
}

uint32_t dk_pci_config_read(void *handle, uint32_t offset, void *buf, uint32_t length)
{
	adapter *a = ad_of(handle);
	if (!a || offset >= sizeof(a->config))
		return 0;
	uint32_t n = length < sizeof(a->config) - offset ? length : (uint32_t)sizeof(a->config) - offset;
	memcpy(buf, a->config + offset, n);
	return n;
}

uint32_t dk_pci_config_write(void *handle, uint32_t offset, const void *buf, uint32_t length)
{
	adapter *a = ad_of(handle);
	if (!a || offset >= sizeof(a->config))
		return 0;
	uint32_t n = length < sizeof(a->config) - offset ? length : (uint32_t)sizeof(a->config) - offset;
	/* Vendor, device, revision and class are read-only. */
	for (uint32_t i = 0; i < n; i++)
		if (offset + i >= 0x0C)
			a->config[offset + i] = ((const uint8_t *)buf)[i];
	return n;
}

static const dv_registry *keyword(void *handle, const char *name)
{
	adapter *a = ad_of(handle);
	if (!a && S.op_adapter >= 0)
		a = &S.ad[S.op_adapter];
	if (!a || !a->dev || !name)
		return NULL;
	for (uint32_t i = 0; i < a->dev->nregistry; i++)
		if (strcasecmp(a->dev->registry[i].name, name) == 0)
			return &a->dev->registry[i];
	return NULL;
}

bool dk_registry_int(void *handle, const char *name, uint32_t *value)
{
	const dv_registry *g = keyword(handle, name);
	if (!g || g->is_text)
		return false;
	*value = g->value;
	return true;
}

bool dk_registry_string(void *handle, const char *name, char *buf, size_t cap)
{
	const dv_registry *g = keyword(handle, name);
	if (!g || !g->is_text || cap == 0)
		return false;
	snprintf(buf, cap, "%s", g->text);
	return true;
}

bool dk_network_address(void *handle, uint8_t mac[6])
{
	adapter *a = ad_of(handle);
	if (!a && S.op_adapter >= 0)
		a = &S.ad[S.op_adapter];
	if (!a || !a->dev || !a->dev->has_mac)
		return false;
	memcpy(mac, a->dev->mac, 6);
	return true;
}

void dk_adapter_bus(void *handle, int32_t *bus_type, uint32_t *bus_number, uint32_t *slot)
{
	adapter *a = ad_of(handle);
	*bus_type = PCIBus;
	*bus_number = a && a->dev ? a->dev->bus : 0;
	*slot = a && a->dev ? a->dev->slot : 0;
}

void dk_adapter_context(void *handle, void *context, uintptr_t caller)
{
	(void)caller;
	adapter *a = ad_of(handle);
	if (a)
		a->context = context;
}

/* ---- mapping ---- */

static bool in_phase(int adapter_index, bool unmap)
{
	if (adapter_index < 0 || adapter_index != S.op_adapter)
		return false;
	return S.op_code == DV_OP_INIT || (unmap && (S.op_code == DV_OP_HALT || S.op_code == DV_OP_REMOVE));
}

/* The memory resource holding [bus, bus+length), -1 when none. */
static int resource_of(const adapter *a, uint64_t bus, uint32_t length)
{
	for (uint32_t k = 0; k < a->dev->nres; k++) {
		const dk_resource_desc *r = &a->dev->res[k];
		if (r->type == DK_DESC_MEMORY && bus >= r->start && bus - r->start < r->length &&
		    length <= r->length - (bus - r->start))
			return (int)k;
	}
	return -1;
}

static view *new_view(void)
{
	if (S.nv < MAX_VIEWS)
		return &S.v[S.nv++];
	return NULL;
}

int32_t dk_map_io_space(void **va, void *handle, uint64_t bus_address, uint32_t length, uintptr_t caller)
{
	int ai = dv_rt_adapter_index(handle);
	adapter *a = ai >= 0 ? &S.ad[ai] : NULL;
	if (!in_phase(ai, false))
		dv_report("CALL-MAP-PHASE", false, caller, false, "NdisMMapIoSpace outside MiniportInitialize (in %s)",
			  S.op_code ? dv_op_name(S.op_code) : "no operation");
	int res = a && length ? resource_of(a, bus_address, length) : -1;
	if (a && res < 0) {
		if (bus_address < HOST_RAM_LEN)
			dv_report("CALL-MAP-RANGE", false, caller, false,
				  "maps host RAM: bus 0x%" PRIx64 " length 0x%x", bus_address, length);
		else
			dv_report("CALL-MAP-RANGE", false, caller, false,
				  "bus 0x%" PRIx64 " length 0x%x is inside no memory resource of the adapter", bus_address,
				  length);
	}
	/* An injected failure is a real one of the core: its first platform
	 * call fails. */
	bool inject = dk_fail(DK_SITE_MAP_IO_SPACE, caller);
	if (inject)
		mf_fault_arm(&(mf_fault_plan){.mode = MF_FAULT_NTH, .nth = 1});
	PVOID core_va = NULL;
	NDIS_PHYSICAL_ADDRESS pa;
	pa.QuadPart = (int64_t)bus_address;
	NDIS_STATUS st = mf_core_map_io_space(&core_va, (NDIS_HANDLE)handle, pa, length);
	if (inject)
		mf_fault_arm(&(mf_fault_plan){.mode = MF_FAULT_NONE});
	if (va)
		*va = NULL;
	if (st != NDIS_STATUS_SUCCESS || !a) {
		if (a)
			a->failed_maps++;
		return st;
	}
	view *w = new_view();
	size_t in_page = (size_t)(bus_address & (PAGE - 1));
	size_t pages = (in_page + length + PAGE - 1) / PAGE;
	size_t size = (pages + 1) * PAGE;
	void *base = w ? mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) : MAP_FAILED;
	void *got = MAP_FAILED;
	if (base != MAP_FAILED) {
		if (res >= 0 && a->memfd[res] >= 0) {
			const dk_resource_desc *r = &a->dev->res[res];
			off_t off = (off_t)(((r->start & (PAGE - 1)) + (bus_address - r->start)) & ~(uint64_t)(PAGE - 1));
			got = mmap(base, pages * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, a->memfd[res], off);
		} else {
			got = mmap(base, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		}
	}
	if (got == MAP_FAILED) {
		if (base != MAP_FAILED)
			munmap(base, size);
		if (w)
			S.nv--;
		mf_core_unmap_io_space((NDIS_HANDLE)handle, core_va, length);
		return NDIS_STATUS_RESOURCES;
	}
	uintptr_t v = (uintptr_t)base + in_page;
#ifdef DV_ASAN
	/* The bytes past Length in the last page: a raw access there is a
	 * report, classified as CALL-ACCESS-RANGE. */
	ASAN_POISON_MEMORY_REGION((void *)(v + length), pages * PAGE - in_page - length);
#endif
	*w = (view){.used = true, .live = true, .adapter = ai, .res = res, .va = v, .length = length,
		    .bus = bus_address, .core_va = core_va, .base = base, .size = size};
	w->e = add_entry(DK_RES_MAPPING, ai, v, length, 0, bus_address, caller);
	if (va)
		*va = (void *)v;
	return st;
}

static view *view_at(uintptr_t va, bool live)
{
	for (uint32_t i = S.nv; i-- > 0;)
		if (S.v[i].used && S.v[i].live == live && S.v[i].va == va)
			return &S.v[i];
	return NULL;
}

void dk_unmap_io_space(void *handle, void *va, uint32_t length, uintptr_t caller)
{
	int ai = dv_rt_adapter_index(handle);
	if (!in_phase(ai, true))
		dv_report("CALL-MAP-PHASE", false, caller, false,
			  "NdisMUnmapIoSpace outside MiniportInitialize and MiniportHalt (in %s)",
			  S.op_code ? dv_op_name(S.op_code) : "no operation");
	uintptr_t v = (uintptr_t)va;
	view *w = view_at(v, true);
	if (!w) {
		if (v < NULL_ZONE)
			dv_report("CALL-NULL-VA", false, caller, false, "NdisMUnmapIoSpace of VA 0x%" PRIxPTR
				  " (a failed or missing map)", v);
		else if (view_at(v, false))
			dv_report("CALL-UNMAP-EXACT", false, caller, false, "a double unmap (that VA was unmapped before)");
		else
			dv_report("CALL-UNMAP-EXACT", false, caller, false, "an unmap of VA 0x%" PRIxPTR
				  " that no NdisMMapIoSpace returned", v);
		return;
	}
	if (w->adapter != ai)
		dv_report("CALL-UNMAP-EXACT", false, caller, false, "an unmap of another adapter's mapping");
	else if (length != w->length)
		dv_report("CALL-UNMAP-EXACT", false, caller, false, "unmap Length 0x%x, mapped with Length 0x%x",
			  length, w->length);
	/* Released all the same (as the core's record says), so that one bad
	 * unmap is one finding, not a leak as well. */
	mf_core_unmap_io_space(S.ad[w->adapter].handle, w->core_va, w->length);
	view_kill(w);
	if (w->e) {
		w->e->live = false;
		w->e->op_released = S.op_index;
		w->e->released_by = caller;
	}
}

/* ---- register and port access ---- */

static _Noreturn void timeout(uintptr_t caller, const char *what)
{
	dv_report("TIMEOUT", false, caller, false, "%s: the operation ran past the runner's budget "
		  "(%d register reads and stalls, %llu s of virtual time)", what, READ_BUDGET,
		  TIME_BUDGET_US / 1000000ull);
	siglongjmp(*dv_op_jump, 2);
}

static void tick(uintptr_t caller, const char *what)
{
	if (++S.op_accesses > READ_BUDGET || S.now_us - S.op_start_us > TIME_BUDGET_US)
		if (dv_op_jump)
			timeout(caller, what);
}

const char *dv_rt_classify(uintptr_t addr, char *detail, size_t size)
{
	if (addr < NULL_ZONE) {
		snprintf(detail, size, "an access at 0x%" PRIxPTR ", through a NULL register base", addr);
		return "CALL-NULL-VA";
	}
	for (uint32_t i = 0; i < S.nv; i++) {
		view *w = &S.v[i];
		if (!w->used || addr < (uintptr_t)w->base || addr - (uintptr_t)w->base >= w->size)
			continue;
		if (!w->live)
			snprintf(detail, size, "an access at offset 0x%" PRIxPTR " of a mapping after its unmap", addr - w->va);
		else
			snprintf(detail, size, "an access at offset 0x%" PRIxPTR " past the mapped Length 0x%x",
				 addr - w->va, w->length);
		return "CALL-ACCESS-RANGE";
	}
	return NULL;
}

/* The live view holding [addr, addr+size). */
static view *live_view(uintptr_t addr, unsigned size)
{
	for (uint32_t i = 0; i < S.nv; i++) {
		view *w = &S.v[i];
		if (w->live && addr >= w->va && addr - w->va < w->length && size <= w->length - (addr - w->va))
			return w;
	}
	return NULL;
}

static bool bad_access(uintptr_t addr, unsigned size, uintptr_t caller, bool write)
{
	char detail[DV_DETAIL];
	const char *id = dv_rt_classify(addr, detail, sizeof(detail));
	if (!id) {
		id = "CALL-ACCESS-RANGE";
		snprintf(detail, sizeof(detail), "a %u-byte register %s at 0x%" PRIxPTR " inside no live mapping", size,
			 write ? "write" : "read", addr);
	}
	dv_report(id, false, caller, false, "%s (register %s)", detail, write ? "write" : "read");
	return false;
}

/* The k-th read of (res, offset) of an adapter: the input's value, if any. */
static void note_poll(adapter *a, int res, uint32_t offset)
{
	uint8_t ai = (uint8_t)(a - S.ad);
	for (uint32_t i = 0; i < npolled; i++)
		if (polled[i].adapter == ai && polled[i].res == res && polled[i].offset == offset) {
			polled[i].count++;
			return;
		}
	if (npolled < DV_MAX_POLLED)
		polled[npolled++] = (dv_poll){.adapter = ai, .res = (uint8_t)res, .offset = offset, .count = 1};
}

static bool read_override(adapter *a, int res, uint32_t offset, uint32_t *value)
{
	if (res >= 0)
		note_poll(a, res, offset);
	if (res < 0 || (!a->dev->nreads && !a->dev->nafters))
		return false;
	/* Time first: the latest `after` that has come. */
	bool timed = false;
	uint32_t best = 0;
	for (uint32_t j = 0; j < a->dev->nafters; j++) {
		const dv_after *g = &a->dev->afters[j];
		if (g->res == res && g->offset == offset && S.now_us >= g->us && (!timed || g->us >= best))
			timed = true, best = g->us, *value = g->value;
	}
	uint32_t i;
	for (i = 0; i < a->nreads; i++)
		if (a->reads[i].res == res && a->reads[i].offset == offset)
			break;
	if (i == a->nreads) {
		if (a->nreads == MAX_READ_COUNTS)
			return timed;
		a->reads[a->nreads].res = (uint8_t)res;
		a->reads[a->nreads].offset = offset;
		a->reads[a->nreads++].count = 0;
	}
	uint32_t k = ++a->reads[i].count;
	for (uint32_t j = 0; j < a->dev->nreads; j++) {
		const dv_read *g = &a->dev->reads[j];
		if (g->res == res && g->offset == offset && g->k == k) {
			*value = g->value;
			return true;
		}
	}
	return timed;
}

static uint32_t mask_of(unsigned size)
{
	return size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

uint32_t dk_reg_read(const volatile void *address, unsigned size, uintptr_t caller)
{
	tick(caller, "register read");
	uintptr_t addr = (uintptr_t)address;
	view *w = live_view(addr, size);
	if (!w) {
		bad_access(addr, size, caller, false);
		return mask_of(size); /* what a bus gives for no device */
	}
	uint32_t v;
	if (w->res >= 0 && read_override(&S.ad[w->adapter], w->res,
					  (uint32_t)(w->bus - S.ad[w->adapter].dev->res[w->res].start + (addr - w->va)), &v))
		return v & mask_of(size);
	switch (size) {
	case 1: return *(const volatile uint8_t *)address;
	case 2: return *(const volatile uint16_t *)address;
	default: return *(const volatile uint32_t *)address;
	}
}

void dk_reg_write(volatile void *address, unsigned size, uint32_t value, uintptr_t caller)
{
	tick(caller, "register write");
	uintptr_t addr = (uintptr_t)address;
	if (!live_view(addr, size)) {
		bad_access(addr, size, caller, true);
		return;
	}
	switch (size) {
	case 1: *(volatile uint8_t *)address = (uint8_t)value; break;
	case 2: *(volatile uint16_t *)address = (uint16_t)value; break;
	default: *(volatile uint32_t *)address = value; break;
	}
}

/* The adapter and port resource backing a registered port. */
static bool port_file(uintptr_t port, unsigned size, adapter **out, int *res, uint32_t *off)
{
	bool registered = false;
	for (uint32_t i = 0; i < S.ne && !registered; i++) {
		const entry *e = &S.e[i];
		registered = e->live && e->kind == DK_RES_PORT_RANGE && port >= e->c && port - e->c < e->a &&
			     size <= e->a - (port - e->c);
	}
	if (!registered)
		return false;
	for (int i = 0; i < DV_MAX_ADAPTERS; i++) {
		adapter *a = &S.ad[i];
		if (!a->handle)
			continue;
		for (uint32_t k = 0; k < a->dev->nres; k++) {
			const dk_resource_desc *r = &a->dev->res[k];
			if (r->type == DK_DESC_PORT && port >= r->start && port - r->start + size <= r->length && a->ports[k]) {
				*out = a, *res = (int)k, *off = (uint32_t)(port - r->start);
				return true;
			}
		}
	}
	*out = NULL;
	return true; /* registered, but no device behind it: reads all ones */
}

uint32_t dk_port_read(uintptr_t port, unsigned size, uintptr_t caller)
{
	tick(caller, "port read");
	adapter *a;
	int res;
	uint32_t off, v = 0;
	if (!port_file(port, size, &a, &res, &off)) {
		dv_report(port < 0x100 ? "CALL-NULL-VA" : "CALL-ACCESS-RANGE", false, caller, false,
			  "a %u-byte read of port 0x%" PRIxPTR " outside every registered port range", size, port);
		return mask_of(size);
	}
	if (!a)
		return mask_of(size);
	if (read_override(a, res, off, &v))
		return v & mask_of(size);
	memcpy(&v, a->ports[res] + off, size > 4 ? 4 : size);
	return v & mask_of(size);
}

void dk_port_write(uintptr_t port, unsigned size, uint32_t value, uintptr_t caller)
{
	tick(caller, "port write");
	adapter *a;
	int res;
	uint32_t off;
	if (!port_file(port, size, &a, &res, &off)) {
		dv_report(port < 0x100 ? "CALL-NULL-VA" : "CALL-ACCESS-RANGE", false, caller, false,
			  "a %u-byte write of port 0x%" PRIxPTR " outside every registered port range", size, port);
		return;
	}
	if (a)
		memcpy(a->ports[res] + off, &value, size > 4 ? 4 : size);
}

/* ---- time ---- */

void dk_stall(uint64_t microseconds, uintptr_t caller)
{
	S.now_us += microseconds > TIME_BUDGET_US ? TIME_BUDGET_US + 1 : microseconds;
	tick(caller, "stall");
}

uint64_t dk_time_100ns(void)
{
	return S.now_us * 10;
}

void dk_violation(const char *id, uintptr_t caller, const char *fmt, ...)
{
	char detail[DV_DETAIL];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	dv_report(id, false, caller, false, "%s", detail);
}
