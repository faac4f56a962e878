/* linux_compat: NdisMMapIoSpace of an NDIS compatibility layer on Linux
 * (in the manner of ndiswrapper): the NDIS side comes from wdk.h, the
 * mapping from Linux -- request_mem_region for the claim, kmalloc for the
 * record, ioremap (non-cached) for the mapping.  Its one slip is the
 * Linux habit of turning every failure of a kernel service into -ENOMEM:
 * a busy region comes back as NDIS_STATUS_RESOURCES and nothing is
 * written to the error log.
 *
 * deviation: MAP-STATUS map.conflict -- a range another adapter holds returns RESOURCES, not RESOURCE_CONFLICT, and is not logged
 * deviation: MAP-STATUS map.claim-fail -- a failed claim is RESOURCES as well
 * symptom: LOG-CONFLICT-ONCE map.conflict -- the busy region is not logged (the same -ENOMEM habit)
 * symptom: LOG-CONFLICT-ONCE map.claim-fail -- nor is the failed claim
 */
#include "wdk.h"
#include "linux_io.h"

#define NDISWRAP_MAX_WINDOWS 32

struct ndis_iomap {
	struct ndis_iomap *next;
	void __iomem *virt;
	UINT len;
	phys_addr_t phys;
};

static int ranges_meet(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a >= b ? a - b < blen : b - a < alen;
}

static int bus_window(PNDIS_MINIPORT_BLOCK nmb, uint64_t start, UINT len, ULONG *space)
{
	HAL_KIT_WINDOW win[NDISWRAP_MAX_WINDOWS];
	ULONG n = HalKitBusWindows(nmb->BusType, nmb->BusNumber, win, NDISWRAP_MAX_WINDOWS);
	for (ULONG i = 0; i < n && i < NDISWRAP_MAX_WINDOWS; i++) {
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

static void iomap_free(struct ndis_iomap *m)
{
	iounmap(m->virt);
	release_mem_region(m->phys, m->len);
	kfree(m);
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
	phys_addr_t phys = (phys_addr_t)sys.QuadPart;
	if (is_ram(phys, len)) {
		NdisKitVerifierReport(NdisKitVerifierHostRam, handle, phys, len);
		return NDIS_STATUS_FAILURE;
	}
	if (!request_mem_region(phys, len, dev_name(ndis_kit_device(handle))))
		return NDIS_STATUS_RESOURCES; /* -EBUSY, "out of resources" */
	struct ndis_iomap *m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m) {
		release_mem_region(phys, len);
		return NDIS_STATUS_RESOURCES;
	}
	m->virt = ioremap(phys, len);
	if (!m->virt) {
		kfree(m);
		release_mem_region(phys, len);
		return NDIS_STATUS_RESOURCES;
	}
	PVOID *head = NdisMiniportContext(handle);
	m->len = len;
	m->phys = phys;
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
			if (m->virt == virt && m->len == len) {
				*link = m->next;
				iomap_free(m);
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
		typeof(m) next = m->next; /* GNU C, as Linux code is: needs CORE_CFLAGS=-std=gnu11 */
		NdisKitVerifierReport(NdisKitVerifierLeak, handle, (uint64_t)(uintptr_t)m->virt, m->len);
		iomap_free(m);
		m = next;
	}
}
