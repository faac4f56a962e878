/* ioremap: NdisMMapIoSpace of an NDIS layer on a Linux-style kernel that
 * maps device memory the way a driver there maps a prefetchable BAR.  It
 * checks the adapter, the bus window and host RAM (on the HAL's
 * translation) as the contract asks, then slips three times on the way to
 * the one mapping: it hands ioremap_cache the bus address it was given,
 * not the translated one (on a PC they are the same); ioremap_cache maps
 * cached; and the region is never requested ("the PCI core owns the
 * BAR").  Its unmap is iounmap's: an address alone, the Length never
 * looked at.  Every successful map breaks three invariants at once, and
 * a bad unmap of the wrong Length two.
 *
 * deviation: MAP-TRANSLATE map.success -- the pages map the bus address, not the system address the HAL translated it to
 * deviation: MAP-NONCACHED map.success -- ioremap_cache maps device memory cached
 * deviation: MAP-CLAIM map.success -- the range is never claimed in the registry
 * deviation: VERIFIER-EVENT unmap.wrong-length -- the record is found by its VA alone: no BAD_UNMAP for a wrong Length
 * deviation: UNMAP-BAD-NOCHANGE unmap.wrong-length -- ... and the mapping is released
 * symptom: MAP-STATUS map.conflict -- nothing is claimed, so a range another adapter holds maps anyway
 * symptom: LOG-CONFLICT-ONCE map.conflict -- ... and no conflict is logged
 * symptom: MAP-TRANSLATE touch -- the bus address's pages, seen by a read through the mapping
 * symptom: MAP-NONCACHED touch -- the cached pages, seen the same way
 * symptom: MAP-SUCCESS-VA map.success -- the VA keeps the bus address's page offset where a window translates to another one
 * symptom: PTE-ACCOUNT map.success -- pages spanned from the bus address's offset, not the translated one's (the always row)
 */
#include "linux_io.h"
#include "wdk.h"

#define IOREMAP_MAX_WINDOWS 32

struct ndis_iomap {
	struct ndis_iomap *next;
	void __iomem *virt;
	UINT len;
};

static int ranges_meet(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a >= b ? a - b < blen : b - a < alen;
}

static int bus_window(PNDIS_MINIPORT_BLOCK nmb, uint64_t start, UINT len, ULONG *space)
{
	HAL_KIT_WINDOW win[IOREMAP_MAX_WINDOWS];
	ULONG n = HalKitBusWindows(nmb->BusType, nmb->BusNumber, win, IOREMAP_MAX_WINDOWS);
	for (ULONG i = 0; i < n && i < IOREMAP_MAX_WINDOWS; i++) {
		uint64_t base = (uint64_t)win[i].BusBase.QuadPart;
		if (start >= base && start - base < win[i].Length && len <= win[i].Length - (start - base)) {
			*space = win[i].AddressSpace;
			return 1;
		}
	}
	return 0;
}

static int is_ram(phys_addr_t phys, UINT len)
{
	PPHYSICAL_MEMORY_RANGE r = MmGetPhysicalMemoryRanges();
	for (; r && (r->BaseAddress.QuadPart || r->NumberOfBytes.QuadPart); r++)
		if (ranges_meet(phys, len, (uint64_t)r->BaseAddress.QuadPart, (uint64_t)r->NumberOfBytes.QuadPart))
			return 1;
	return 0;
}

NDIS_STATUS NdisMMapIoSpace(PVOID *virt, NDIS_HANDLE handle, NDIS_PHYSICAL_ADDRESS phy_addr, UINT len)
{
	if (!virt) {
		NdisKitVerifierReport(NdisKitVerifierBadCall, handle, 0, 0);
		return NDIS_STATUS_FAILURE;
	}
	*virt = NULL;
	if (NdisKitMiniportPhase(handle) != NdisKitPhaseInitializing) {
		NdisKitVerifierReport(NdisKitVerifierBadCall, handle, 0, 0);
		return NDIS_STATUS_FAILURE;
	}
	PNDIS_MINIPORT_BLOCK nmb = handle;
	if (len == 0 || phy_addr.QuadPart < 0 || phy_addr.QuadPart > INT64_MAX - (int64_t)len)
		return NDIS_STATUS_FAILURE;
	ULONG space;
	PHYSICAL_ADDRESS sys;
	if (!bus_window(nmb, (uint64_t)phy_addr.QuadPart, len, &space) ||
	    !HalTranslateBusAddress(nmb->BusType, nmb->BusNumber, phy_addr, &space, &sys))
		return NDIS_STATUS_FAILURE;
	if (is_ram((phys_addr_t)sys.QuadPart, len)) {
		NdisKitVerifierReport(NdisKitVerifierHostRam, handle, (ULONG64)sys.QuadPart, len);
		return NDIS_STATUS_FAILURE;
	}
	/* No request_mem_region: the PCI core holds the BAR, it was thought. */
	struct ndis_iomap *m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NDIS_STATUS_RESOURCES;
	/* The BAR as the device sees it, prefetchable: the bus address, cached. */
	m->virt = ioremap_cache((phys_addr_t)phy_addr.QuadPart, len);
	if (!m->virt) {
		kfree(m);
		return NDIS_STATUS_RESOURCES;
	}
	PVOID *head = NdisMiniportContext(handle);
	m->len = len;
	m->next = *head;
	*head = m;
	*virt = m->virt;
	return NDIS_STATUS_SUCCESS;
}

void NdisMUnmapIoSpace(NDIS_HANDLE handle, PVOID virt, UINT len)
{
	NDIS_KIT_PHASE phase = NdisKitMiniportPhase(handle);
	if (phase == NdisKitPhaseInitializing || phase == NdisKitPhaseHalting) {
		struct ndis_iomap **link = (struct ndis_iomap **)NdisMiniportContext(handle);
		for (; *link; link = &(*link)->next) {
			struct ndis_iomap *m = *link;
			if (m->virt == virt) { /* iounmap knows the size: Length is not asked */
				*link = m->next;
				iounmap(m->virt);
				kfree(m);
				return;
			}
		}
	}
	NdisKitVerifierReport(NdisKitVerifierBadUnmap, handle, (uint64_t)(uintptr_t)virt, len);
}

void NdisCoreAdapterGone(NDIS_HANDLE handle, ADAPTER_GONE_REASON reason)
{
	(void)reason;
	if (NdisKitMiniportPhase(handle) == NdisKitPhaseGone)
		return;
	PVOID *head = NdisMiniportContext(handle);
	struct ndis_iomap *m = *head;
	*head = NULL;
	while (m) {
		struct ndis_iomap *next = m->next;
		NdisKitVerifierReport(NdisKitVerifierLeak, handle, (uint64_t)(uintptr_t)m->virt, m->len);
		iounmap(m->virt);
		kfree(m);
		m = next;
	}
}
