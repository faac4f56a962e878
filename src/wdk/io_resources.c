/* The kit's I/O manager: resource lists claimed in the platform registry,
 * with conflicts detected against other owners' claims. */
#include "kit.h"

enum { MAX_RANGES = MF_MAX_CLAIMS }; /* more could never all be claimed */

typedef struct {
	uint64_t start, length;
} range;

/* The memory and port ranges of a list that fits in size bytes; false for
 * a list that does not fit, a range past the 64-bit space or too many. */
static bool ranges_of(const CM_RESOURCE_LIST *list, ULONG size, range *out, size_t *count)
{
	*count = 0;
	const size_t head = offsetof(CM_RESOURCE_LIST, List);
	const size_t full_head = offsetof(CM_FULL_RESOURCE_DESCRIPTOR, PartialResourceList.PartialDescriptors);
	if (size < head)
		return false;
	const unsigned char *p = (const unsigned char *)list + head;
	uint64_t left = size - head;
	for (ULONG f = 0; f < list->Count; f++) {
		if (left < full_head)
			return false;
		const CM_FULL_RESOURCE_DESCRIPTOR *full = (const CM_FULL_RESOURCE_DESCRIPTOR *)(const void *)p;
		uint64_t n = full->PartialResourceList.Count;
		uint64_t bytes = full_head + n * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR); /* n < 2^32: no wrap */
		if (bytes > left)
			return false;
		for (uint64_t i = 0; i < n; i++) {
			const CM_PARTIAL_RESOURCE_DESCRIPTOR *d = &full->PartialResourceList.PartialDescriptors[i];
			if (d->Type != CmResourceTypeMemory && d->Type != CmResourceTypePort)
				continue;
			uint64_t start = (uint64_t)d->u.Generic.Start.QuadPart, len = d->u.Generic.Length;
			if (len == 0)
				continue;
			if (len - 1 > UINT64_MAX - start || *count == MAX_RANGES)
				return false;
			out[(*count)++] = (range){start, len};
		}
		p += bytes;
		left -= bytes;
	}
	return true;
}

static bool other_owner_overlaps(NDIS_HANDLE owner, const range *r, size_t n)
{
	size_t claims = seam_registry_count();
	for (size_t c = 0; c < claims; c++) {
		SEAM_CLAIM held = seam_registry_at(c);
		if (held.owner == owner)
			continue;
		for (size_t i = 0; i < n; i++)
			if (kit_overlap(r[i].start, r[i].length, held.start, held.length))
				return true;
	}
	return false;
}

/* Releases the owner's claim of exactly [start, start+length); a range it
 * does not hold is the platform's misuse to record (claim ids start at 1). */
static void release_one(NDIS_HANDLE owner, uint64_t start, uint64_t length)
{
	size_t claims = seam_registry_count();
	uint32_t id = 0;
	for (size_t c = 0; c < claims && !id; c++) {
		SEAM_CLAIM held = seam_registry_at(c);
		if (held.owner == owner && held.start == start && held.length == length)
			id = plat_claim_id_at(c);
	}
	seam_registry_release(id);
}

static void release_all(NDIS_HANDLE owner)
{
	for (size_t c = seam_registry_count(); c-- > 0;)
		if (seam_registry_at(c).owner == owner)
			seam_registry_release(plat_claim_id_at(c));
}

static NTSTATUS report(PDRIVER_OBJECT driver, PCM_RESOURCE_LIST driver_list, ULONG driver_size, PDEVICE_OBJECT device,
		       PCM_RESOURCE_LIST device_list, ULONG device_size, BOOLEAN override, PBOOLEAN conflict)
{
	if (!conflict)
		return STATUS_UNSUCCESSFUL;
	*conflict = FALSE;
	/* A device list wins over a driver list, as documented. */
	bool by_device = device_list != NULL || (driver_list == NULL && device != NULL);
	NDIS_HANDLE owner = by_device ? (NDIS_HANDLE)device : (NDIS_HANDLE)driver;
	PCM_RESOURCE_LIST list = by_device ? device_list : driver_list;
	ULONG size = by_device ? device_size : driver_size;
	if (!owner)
		return STATUS_UNSUCCESSFUL;
	if (!list) {
		if (size != 0)
			return STATUS_UNSUCCESSFUL;
		release_all(owner);
		return STATUS_SUCCESS;
	}
	range r[MAX_RANGES];
	size_t n;
	if (!ranges_of(list, size, r, &n))
		return STATUS_UNSUCCESSFUL;
	if (other_owner_overlaps(owner, r, n)) {
		*conflict = TRUE;
		if (!override)
			return STATUS_CONFLICTING_ADDRESSES;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t id;
		if (seam_registry_claim(owner, r[i].start, r[i].length, &id))
			continue;
		while (i-- > 0) /* all or nothing */
			release_one(owner, r[i].start, r[i].length);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	return STATUS_SUCCESS;
}

NTSTATUS IoReportResourceForDetection(PDRIVER_OBJECT DriverObject, PCM_RESOURCE_LIST DriverList, ULONG DriverListSize,
				      PDEVICE_OBJECT DeviceObject, PCM_RESOURCE_LIST DeviceList, ULONG DeviceListSize,
				      PBOOLEAN ConflictDetected)
{
	NTSTATUS s = report(DriverObject, DriverList, DriverListSize, DeviceObject, DeviceList, DeviceListSize, FALSE,
			    ConflictDetected);
	KIT_DONE();
	return s;
}

NTSTATUS IoReportResourceUsage(PUNICODE_STRING DriverClassName, PDRIVER_OBJECT DriverObject, PCM_RESOURCE_LIST DriverList,
			       ULONG DriverListSize, PDEVICE_OBJECT DeviceObject, PCM_RESOURCE_LIST DeviceList,
			       ULONG DeviceListSize, BOOLEAN OverrideConflict, PBOOLEAN ConflictDetected)
{
	(void)DriverClassName;
	NTSTATUS s = report(DriverObject, DriverList, DriverListSize, DeviceObject, DeviceList, DeviceListSize,
			    OverrideConflict, ConflictDetected);
	KIT_DONE();
	return s;
}

VOID IoKitReleaseResources(PVOID Owner, PCM_RESOURCE_LIST List)
{
	range r[MAX_RANGES];
	size_t n = 0;
	/* The size is the list's own: it was claimed, so it was valid. */
	if (List && ranges_of(List, UINT32_MAX, r, &n))
		for (size_t i = 0; i < n; i++)
			release_one((NDIS_HANDLE)Owner, r[i].start, r[i].length);
	KIT_DONE();
}
