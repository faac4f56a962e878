/* The kernel-API kit, Linux flavour: the names an NDIS compatibility layer
 * written on Linux uses to map device memory, on the same platform and
 * fault plan as wdk.h (docs/PORTING.md).  It may be included beside wdk.h.
 *
 * Where the kit must differ from Linux it says so here. */
#ifndef MAPFUZZ_LINUX_IO_H
#define MAPFUZZ_LINUX_IO_H

#include <stddef.h>
#include <stdint.h>

#ifndef __iomem
#define __iomem
#endif

typedef uint64_t phys_addr_t;
typedef uint64_t resource_size_t;
typedef unsigned int gfp_t;
#define GFP_KERNEL 0x0cc0u
#define GFP_ATOMIC 0x0820u
#define __GFP_ZERO 0x100u

#define IORESOURCE_MEM 0x00000200ul
#define IORESOURCE_BUSY 0x80000000ul

struct resource {
	resource_size_t start;
	resource_size_t end; /* inclusive, as in Linux */
	const char *name;
	unsigned long flags;
};

/* The device of an NDIS adapter (kit extension): an opaque pointer whose
 * dev_name names the adapter's regions. */
struct device;
struct device *ndis_kit_device(void *MiniportAdapterHandle);
/* "ndis0", "ndis1", ... for an adapter's device, NULL for anything else. */
const char *dev_name(const struct device *dev);

/* Maps [offset, offset + size) into kernel space: ioremap non-cached (as on
 * x86), ioremap_cache cached, ioremap_wc write-combined; the caching stays
 * as asked.  The VA keeps the page offset; NULL on failure (size 0, a range
 * past the 64-bit space).  Fails: va-reserve, pte-set (see wdk.h,
 * WDK_PTE_WRITE_FAILS).  Everything is undone on failure. */
void __iomem *ioremap(phys_addr_t offset, size_t size);
void __iomem *ioremap_cache(phys_addr_t offset, size_t size);
void __iomem *ioremap_wc(phys_addr_t offset, size_t size);
/* Unmaps what an ioremap returned; the size is the mapping's own.
 * Anything else is a platform misuse (SEAM-MISUSE).  NULL does nothing. */
void iounmap(volatile void __iomem *addr);

/* From the platform pool.  Fails: pool-alloc (NULL).  kzalloc and
 * __GFP_ZERO zero the block; kfree(NULL) does nothing, as in Linux. */
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *block);

/* Marks [start, start + n) busy, owned by name: a region of an adapter's
 * dev_name belongs to that adapter, any other name to itself.  NULL when
 * it overlaps a busy region of another owner, n is 0 or the range passes
 * the 64-bit space.  Kit: Linux refuses any overlap with a busy region;
 * the kit lets an owner overlap its own, as the mapping contract lets an
 * adapter.  The struct resource returned is the kit's, valid until the
 * next request: test it for NULL, do not keep it.  Fails: registry-claim
 * (NULL). */
struct resource *request_mem_region(resource_size_t start, resource_size_t n, const char *name);
/* Releases the busy region of exactly [start, start + n); anything else is
 * a platform misuse.  Never fails. */
void release_mem_region(resource_size_t start, resource_size_t n);

#endif
