/* The fake runner of the kit's unit test: see fake_runtime.h. */
#include "fake_runtime.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

fake_state fake;

/* Fake mappings: heap blocks, so reads and writes through them are real. */
typedef struct {
	void *va;
	uint32_t len;
} fake_map;
static fake_map maps[16];

void fake_reset(void)
{
	for (size_t i = 0; i < 16; i++)
		free(maps[i].va);
	memset(maps, 0, sizeof maps);
	memset(&fake, 0, sizeof fake);
	fake.res[0] = (dk_resource_desc){.type = DK_DESC_MEMORY, .share = 1, .start = 0xF0000000u, .length = 0x1000};
	fake.res[1] = (dk_resource_desc){.type = DK_DESC_PORT, .share = 1, .flags = 1, .start = 0xC000, .length = 0x100};
	fake.res[2] = (dk_resource_desc){.type = DK_DESC_INTERRUPT, .share = 3, .level = 11, .vector = 11};
	fake.nres = 3;
	fake.pci[0] = 0x46;
	fake.pci[1] = 0x4D;
	fake.pci[2] = 0x49;
	fake.pci[3] = 0x4E;
	fake.pci[8] = 1;
	fake.map_status = (int32_t)0xC000009Au;
}

bool dk_fail(dk_site site, uintptr_t caller)
{
	if (site <= DK_SITE_NONE || site >= DK_SITE_COUNT)
		abort();
	unsigned k = ++fake.site_calls[site];
	fake.last_fail_caller = caller;
	return site == fake.fail_site && (fake.fail_nth == 0 || fake.fail_nth == k);
}

fake_entry *fake_find(dk_res kind, uintptr_t key)
{
	for (unsigned i = 0; i < fake.n; i++)
		if (fake.e[i].live && fake.e[i].kind == kind && fake.e[i].key == key)
			return &fake.e[i];
	return NULL;
}

unsigned fake_live(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < fake.n; i++)
		n += fake.e[i].live;
	return n;
}

void dk_acquire(dk_res kind, void *adapter, uintptr_t key, uint64_t a, uint64_t b, uint64_t c, uintptr_t caller)
{
	if (fake.n == FAKE_MAX)
		abort();
	fake.acquires++;
	fake.e[fake.n++] = (fake_entry){kind, adapter, key, a, b, c, caller, true};
}

bool dk_release(dk_res kind, void *adapter, uintptr_t key, uint64_t a, uint64_t b, uint64_t c, uintptr_t caller)
{
	(void)adapter;
	(void)caller;
	fake.releases++;
	fake_entry *e = fake_find(kind, key);
	if (!e) {
		fake.bad_releases++;
		return false;
	}
	if (e->a != a || e->b != b || e->c != c)
		fake.mismatches++;
	e->live = false;
	return true;
}

size_t dk_adapter_resources(void *adapter, dk_resource_desc *out, size_t cap)
{
	(void)adapter;
	size_t n = fake.nres < cap ? fake.nres : cap;
	memcpy(out, fake.res, n * sizeof *out);
	return fake.nres;
}

uint32_t dk_pci_config_read(void *adapter, uint32_t offset, void *buf, uint32_t length)
{
	(void)adapter;
	if (offset >= sizeof fake.pci)
		return 0;
	uint32_t n = length < sizeof fake.pci - offset ? length : (uint32_t)sizeof fake.pci - offset;
	memcpy(buf, fake.pci + offset, n);
	return n;
}

uint32_t dk_pci_config_write(void *adapter, uint32_t offset, const void *buf, uint32_t length)
{
	(void)adapter;
	if (offset >= sizeof fake.pci)
		return 0;
	uint32_t n = length < sizeof fake.pci - offset ? length : (uint32_t)sizeof fake.pci - offset;
	memcpy(fake.pci + offset, buf, n);
	return n;
}

/* Registry: "Speed" = 100, "Duplex" = "full", "HexValue" = "1f". */
bool dk_registry_int(void *adapter, const char *keyword, uint32_t *value)
{
	(void)adapter;
	if (!strcasecmp(keyword, "Speed")) {
		*value = 100;
		return true;
	}
	return false;
}

bool dk_registry_string(void *adapter, const char *keyword, char *buf, size_t cap)
{
	(void)adapter;
	const char *v = !strcasecmp(keyword, "Duplex") ? "full" : !strcasecmp(keyword, "HexValue") ? "1f" : NULL;
	if (!v || cap == 0)
		return false;
	strncpy(buf, v, cap - 1);
	buf[cap - 1] = 0;
	return true;
}

bool dk_network_address(void *adapter, uint8_t mac[6])
{
	(void)adapter;
	static const uint8_t m[6] = {0x02, 0x00, 0x4D, 0x46, 0x00, 0x01};
	memcpy(mac, m, 6);
	return true;
}

void dk_adapter_bus(void *adapter, int32_t *bus_type, uint32_t *bus_number, uint32_t *slot)
{
	(void)adapter;
	*bus_type = 5;
	*bus_number = 0;
	*slot = 3;
}

int32_t dk_map_io_space(void **va, void *adapter, uint64_t bus_address, uint32_t length, uintptr_t caller)
{
	*va = NULL;
	if (dk_fail(DK_SITE_MAP_IO_SPACE, caller))
		return fake.map_status;
	for (size_t i = 0; i < 16; i++) {
		if (!maps[i].va) {
			maps[i].va = calloc(1, length ? length : 1);
			maps[i].len = length;
			*va = maps[i].va;
			dk_acquire(DK_RES_MAPPING, adapter, (uintptr_t)*va, length, 0, bus_address, caller);
			return 0;
		}
	}
	return fake.map_status;
}

void dk_unmap_io_space(void *adapter, void *va, uint32_t length, uintptr_t caller)
{
	fake_entry *e = fake_find(DK_RES_MAPPING, (uintptr_t)va);
	if (!dk_release(DK_RES_MAPPING, adapter, (uintptr_t)va, length, 0, e ? e->c : 0, caller))
		return;
	for (size_t i = 0; i < 16; i++) {
		if (maps[i].va == va) {
			free(maps[i].va);
			maps[i].va = NULL;
		}
	}
}

uint32_t dk_reg_read(const volatile void *address, unsigned size, uintptr_t caller)
{
	fake.last_access_caller = caller;
	fake.last_size = size;
	switch (size) {
	case 1: return *(const volatile uint8_t *)address;
	case 2: return *(const volatile uint16_t *)address;
	default: return *(const volatile uint32_t *)address;
	}
}

void dk_reg_write(volatile void *address, unsigned size, uint32_t value, uintptr_t caller)
{
	fake.last_access_caller = caller;
	fake.last_size = size;
	switch (size) {
	case 1: *(volatile uint8_t *)address = (uint8_t)value; break;
	case 2: *(volatile uint16_t *)address = (uint16_t)value; break;
	default: *(volatile uint32_t *)address = value; break;
	}
}

uint32_t dk_port_read(uintptr_t port, unsigned size, uintptr_t caller)
{
	fake.last_access_caller = caller;
	fake.last_port = port;
	fake.last_size = size;
	uint32_t v = 0;
	if (port + size <= sizeof fake.ports)
		memcpy(&v, fake.ports + port, size);
	return v;
}

void dk_port_write(uintptr_t port, unsigned size, uint32_t value, uintptr_t caller)
{
	fake.last_access_caller = caller;
	fake.last_port = port;
	fake.last_size = size;
	if (port + size <= sizeof fake.ports)
		memcpy(fake.ports + port, &value, size);
}

void dk_stall(uint64_t microseconds, uintptr_t caller)
{
	fake.stalled_us += microseconds;
	fake.last_stall_caller = caller;
	fake.time_100ns += microseconds * 10;
}

uint64_t dk_time_100ns(void)
{
	return fake.time_100ns;
}

void dk_adapter_context(void *adapter, void *context, uintptr_t caller)
{
	fake.ctx_adapter = adapter;
	fake.ctx = context;
	fake.ctx_caller = caller;
}

void dk_violation(const char *id, uintptr_t caller, const char *fmt, ...)
{
	(void)caller;
	(void)fmt;
	fake.violations++;
	fake.last_violation = id;
}
