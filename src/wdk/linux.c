/* The kit's Linux flavour (include/wdk/linux_io.h): ioremap, kmalloc and
 * the iomem resource tree, on the same seam as the NT routines. */
#include "kit.h"
#include "linux_io.h"

static const char *const adapter_names[] = {"ndis0", "ndis1", "ndis2", "ndis3"};
_Static_assert(sizeof(adapter_names) / sizeof(adapter_names[0]) == MF_MAX_ADAPTERS, "a name per adapter");

struct device *ndis_kit_device(void *MiniportAdapterHandle)
{
	return (struct device *)MiniportAdapterHandle;
}

const char *dev_name(const struct device *dev)
{
	int i = plat_adapter_index((NDIS_HANDLE)(uintptr_t)dev);
	return i < 0 ? NULL : adapter_names[i];
}

/* The registry owner of a region named so: its adapter, or the name. */
static NDIS_HANDLE owner_of(const char *name)
{
	for (int i = 0; i < MF_MAX_ADAPTERS; i++)
		if (name == adapter_names[i])
			return (NDIS_HANDLE)&P.blocks[i];
	return (NDIS_HANDLE)(uintptr_t)name;
}

void __iomem *ioremap(phys_addr_t offset, size_t size)
{
	void *va = kit_map_io(offset, size, CACHE_NONCACHED);
	KIT_DONE();
	return va;
}

void __iomem *ioremap_cache(phys_addr_t offset, size_t size)
{
	void *va = kit_map_io(offset, size, CACHE_CACHED);
	KIT_DONE();
	return va;
}

void __iomem *ioremap_wc(phys_addr_t offset, size_t size)
{
	void *va = kit_map_io(offset, size, CACHE_WRITECOMBINED);
	KIT_DONE();
	return va;
}

void iounmap(volatile void __iomem *addr)
{
	if (addr) {
		uintptr_t run = (uintptr_t)addr & ~(uintptr_t)(NDIS_PAGE_SIZE - 1);
		/* Linux knows a mapping's size from its own record; so does the
		 * platform, by the run that starts at the page. */
		kit_unmap_pages(run, plat_va_run_pages(run));
	}
	KIT_DONE();
}

void *kmalloc(size_t size, gfp_t flags)
{
	void *p = seam_pool_alloc(size);
	if (p && (flags & __GFP_ZERO))
		memset(p, 0, size);
	KIT_DONE();
	return p;
}

void *kzalloc(size_t size, gfp_t flags)
{
	void *p = seam_pool_alloc(size);
	(void)flags;
	if (p)
		memset(p, 0, size);
	KIT_DONE();
	return p;
}

void kfree(const void *block)
{
	if (block)
		seam_pool_free((void *)(uintptr_t)block);
	KIT_DONE();
}

static struct resource *request(resource_size_t start, resource_size_t n, const char *name)
{
	if (n == 0 || n - 1 > UINT64_MAX - start)
		return NULL;
	NDIS_HANDLE owner = owner_of(name);
	size_t claims = seam_registry_count();
	for (size_t c = 0; c < claims; c++) {
		SEAM_CLAIM held = seam_registry_at(c);
		if (held.owner != owner && kit_overlap(start, n, held.start, held.length))
			return NULL;
	}
	uint32_t id;
	if (!seam_registry_claim(owner, start, n, &id))
		return NULL;
	P.kit_region = (struct resource){start, start + (n - 1), name, IORESOURCE_MEM | IORESOURCE_BUSY};
	return &P.kit_region;
}

struct resource *request_mem_region(resource_size_t start, resource_size_t n, const char *name)
{
	struct resource *r = request(start, n, name);
	KIT_DONE();
	return r;
}

void release_mem_region(resource_size_t start, resource_size_t n)
{
	size_t claims = seam_registry_count();
	uint32_t id = 0; /* claim ids start at 1: none found is the platform's misuse */
	for (size_t c = 0; c < claims && !id; c++) {
		SEAM_CLAIM held = seam_registry_at(c);
		if (held.start == start && held.length == n)
			id = plat_claim_id_at(c);
	}
	seam_registry_release(id);
	KIT_DONE();
}
