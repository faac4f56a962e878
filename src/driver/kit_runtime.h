/* The seam between the miniport kit (include/ddk/ and src/ddk/: what a
 * driver calls, under the WDK's own names) and the driver runner
 * (src/driver/: the device in the input, the operations, the register
 * file, the ledger of what a driver holds, the caller contract's checks).
 *
 * Plain C types only.  The kit's files include the WDK-named headers of
 * include/ddk/; the runner's files include mapfuzz's own include/ndis.h and
 * platform.h; the two sets of names never meet in one file, and this
 * header is the only thing both sides include.
 *
 * `caller` is always the return address of the public kit routine the
 * driver called, taken in that routine itself with
 * __builtin_return_address(0) (never in a helper), so that every finding
 * names the driver's own line.
 *
 * Ownership: the runner (src/driver/) implements every dk_* function of
 * part A; the kit (src/ddk/) implements every dk_* function of part B.
 * Add functions when needed; never change a signature without updating
 * both sides in the same commit. */
#ifndef MAPFUZZ_DRIVER_KIT_RUNTIME_H
#define MAPFUZZ_DRIVER_KIT_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ================= A. The runner, called by the kit ================= */

/* ---- Fault sites: one per fallible NDIS routine.  Numbered once, never
 * renumbered (programs and reports name them); append only. ---- */
typedef enum {
	DK_SITE_NONE = 0,
	DK_SITE_REGISTER_MINIPORT = 1,   /* NdisMRegisterMiniport, NdisMRegisterMiniportDriver */
	DK_SITE_SET_ATTRIBUTES = 2,      /* NdisMSetMiniportAttributes */
	DK_SITE_QUERY_RESOURCES = 3,     /* NdisMQueryAdapterResources (the second call) */
	DK_SITE_READ_PCI_SLOT = 4,       /* NdisReadPciSlotInformation: 0 bytes read */
	DK_SITE_OPEN_CONFIGURATION = 5,  /* NdisOpenConfiguration(Ex) */
	DK_SITE_READ_CONFIGURATION = 6,  /* NdisReadConfiguration */
	DK_SITE_READ_NETWORK_ADDRESS = 7,
	DK_SITE_MAP_IO_SPACE = 8,        /* NdisMMapIoSpace: a real failure of the core (dk_map_io_space
	                                  * asks dk_fail itself: the kit does not) */
	DK_SITE_REGISTER_IO_PORT = 9,    /* NdisMRegisterIoPortRange */
	DK_SITE_ALLOCATE_MEMORY = 10,    /* NdisAllocateMemory(WithTag(Priority)) */
	DK_SITE_ALLOCATE_SHARED = 11,    /* NdisMAllocateSharedMemory: NULL */
	DK_SITE_SG_DMA = 12,             /* NdisMInitializeScatterGatherDma, NdisMRegisterScatterGatherDma */
	DK_SITE_REGISTER_INTERRUPT = 13, /* NdisMRegisterInterrupt(Ex) */
	DK_SITE_ALLOCATE_TIMER = 14,     /* NdisAllocateTimerObject */
	DK_SITE_ALLOCATE_WORK_ITEM = 15, /* NdisAllocateIoWorkItem */
	DK_SITE_PACKET_POOL = 16,        /* NdisAllocatePacketPool(Ex), NdisAllocateBufferPool */
	DK_SITE_PACKET = 17,             /* NdisAllocatePacket, NdisAllocateBuffer */
	DK_SITE_NBL_POOL = 18,           /* NdisAllocateNetBufferListPool */
	DK_SITE_NBL = 19,                /* NdisAllocateNetBufferAndNetBufferList, NdisAllocateNetBufferList */
	DK_SITE_MDL = 20,                /* NdisAllocateMdl */
	DK_SITE_COUNT
} dk_site;

/* The fault plan's answer for this call of a fallible routine: true to
 * fail it.  Every call counts (the sweep fails the Nth NDIS call). */
bool dk_fail(dk_site site, uintptr_t caller);

/* ---- The ledger (Linux devres): everything a driver holds, each entry
 * with the arguments a release must repeat and the line that acquired it.
 * a = length in bytes, b = flags (Cached, MemoryFlags), c = a physical
 * address; 0 where a kind has no such argument. ---- */
typedef enum {
	DK_RES_MAPPING = 0,       /* NdisMMapIoSpace (kept by dk_map_io_space itself) */
	DK_RES_MEMORY = 1,        /* NdisAllocateMemory*: a = length, b = MemoryFlags */
	DK_RES_SHARED_MEMORY = 2, /* NdisMAllocateSharedMemory: a = length, b = Cached, c = physical */
	DK_RES_PORT_RANGE = 3,    /* NdisMRegisterIoPortRange: a = count, c = initial port */
	DK_RES_INTERRUPT = 4,
	DK_RES_SG_DMA = 5,
	DK_RES_TIMER = 6,         /* NdisAllocateTimerObject; b = 6; NdisMInitializeTimer with b = 5 (warning only) */
	DK_RES_CONFIG = 7,        /* NdisOpenConfiguration(Ex) handle */
	DK_RES_PACKET_POOL = 8,
	DK_RES_BUFFER_POOL = 9,
	DK_RES_PACKET = 10,
	DK_RES_BUFFER = 11,
	DK_RES_NBL_POOL = 12,
	DK_RES_NBL = 13,
	DK_RES_MDL = 14,
	DK_RES_WORK_ITEM = 15,
	DK_RES_SPIN_LOCK = 16,    /* NdisAllocateSpinLock / NdisFreeSpinLock (warning only) */
	DK_RES_COUNT
} dk_res;

/* `adapter` is the MiniportAdapterHandle the resource belongs to (the
 * handle argument of the routine; NULL for one with no handle, which the
 * runner charges to the adapter being initialized or halted, if any).
 * `key` names it: the pointer or handle the driver got back. */
void dk_acquire(dk_res kind, void *adapter, uintptr_t key, uint64_t a, uint64_t b, uint64_t c,
		uintptr_t caller);
/* A release: true when (kind, key) was held, and the kit then really frees
 * it; false (a double or unknown release, already reported) and the kit
 * leaves it alone.  Other arguments than the acquisition's are reported,
 * and the entry is released all the same. */
bool dk_release(dk_res kind, void *adapter, uintptr_t key, uint64_t a, uint64_t b, uint64_t c,
		uintptr_t caller);

/* ---- The device, as the input describes it ---- */
typedef enum { DK_DESC_PORT = 1, DK_DESC_INTERRUPT = 2, DK_DESC_MEMORY = 3 } dk_desc_type;
typedef struct {
	uint8_t type;   /* dk_desc_type: CmResourceTypePort, Interrupt, Memory */
	uint8_t share;  /* CmResourceShare* */
	uint16_t flags; /* CM_RESOURCE_* flags */
	uint64_t start; /* port or bus-relative memory address; interrupt: 0 */
	uint32_t length;
	uint32_t level, vector; /* interrupt */
} dk_resource_desc;

/* The adapter's resource list (what NdisMQueryAdapterResources and NDIS 6
 * AllocatedResources hand the driver); returns how many there are. */
size_t dk_adapter_resources(void *adapter, dk_resource_desc *out, size_t cap);
/* PCI configuration space: bytes actually read or written. */
uint32_t dk_pci_config_read(void *adapter, uint32_t offset, void *buf, uint32_t length);
uint32_t dk_pci_config_write(void *adapter, uint32_t offset, const void *buf, uint32_t length);
/* Registry keywords (ASCII names, compared without case) and the
 * network address; false when the input sets none. */
bool dk_registry_int(void *adapter, const char *keyword, uint32_t *value);
bool dk_registry_string(void *adapter, const char *keyword, char *buf, size_t cap);
bool dk_network_address(void *adapter, uint8_t mac[6]);
/* The adapter's bus, for NdisMGetDeviceProperty and NdisReadPciSlot*. */
void dk_adapter_bus(void *adapter, int32_t *bus_type, uint32_t *bus_number, uint32_t *slot);

/* ---- Mapping: the reference core on the platform, with real memory ----
 * NdisMMapIoSpace and NdisMUnmapIoSpace are these two calls: the runner
 * calls mapfuzz's own reference core (so the driver meets exactly the
 * proven contract) and hands back a real pointer onto the device's
 * register file, with guards past the mapped length.  Returns the core's
 * NDIS_STATUS; *va is NULL on every failure. */
int32_t dk_map_io_space(void **va, void *adapter, uint64_t bus_address, uint32_t length, uintptr_t caller);
void dk_unmap_io_space(void *adapter, void *va, uint32_t length, uintptr_t caller);

/* ---- Register and port access through the kit's routines.  Each access
 * is checked against the live mappings and registered port ranges; reads
 * may take their value from the input (polling loops go both ways). ---- */
uint32_t dk_reg_read(const volatile void *address, unsigned size, uintptr_t caller);
void dk_reg_write(volatile void *address, unsigned size, uint32_t value, uintptr_t caller);
/* `port` is the port number (what NdisMRegisterIoPortRange hands back as
 * PortOffset: InitialPort itself, as on x86). */
uint32_t dk_port_read(uintptr_t port, unsigned size, uintptr_t caller);
void dk_port_write(uintptr_t port, unsigned size, uint32_t value, uintptr_t caller);

/* ---- Time: virtual, advanced by stalls and sleeps.  A driver that waits
 * past the runner's budget is a TIMEOUT finding at `caller`: these calls
 * (and reads) may not return. ---- */
void dk_stall(uint64_t microseconds, uintptr_t caller);
uint64_t dk_time_100ns(void);

/* ---- What the kit learns of the driver that the checks need ---- */
/* The MiniportAdapterContext the driver registered (NdisMSetAttributes(Ex),
 * NdisMSetMiniportAttributes). */
void dk_adapter_context(void *adapter, void *context, uintptr_t caller);
/* A rule the kit itself sees broken (a routine called at the wrong time,
 * a NULL handle): recorded under the ID of docs/CONTRACT.md. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void dk_violation(const char *id, uintptr_t caller, const char *fmt, ...);

/* ================= B. The kit, called by the runner ================= */

/* Forgets everything of the previous input: registered characteristics,
 * contexts, timers, pools.  The driver's own static data is reset by the
 * runner. */
void dk_kit_reset(void);
/* DriverEntry of the driver under test (it registers its miniport).
 * Returns its NTSTATUS. */
int32_t dk_call_driver_entry(void);
/* The registered miniport's initialize (NDIS 5 MiniportInitialize with its
 * medium array, or NDIS 6 MiniportInitializeEx with init parameters built
 * from dk_adapter_resources).  Returns its NDIS_STATUS; false in *registered
 * when no miniport is registered. */
int32_t dk_call_initialize(void *adapter, bool *registered);
/* Halt (NDIS 6: NdisHaltDeviceDisabled, or NdisHaltDeviceSurpriseRemoved
 * after a removal). */
void dk_call_halt(void *adapter, bool surprise_removed);
/* The surprise-removal notification (NDIS 6 MiniportDevicePnPEventNotify,
 * NDIS 5 PnPEventNotify), when the driver registered one. */
void dk_call_surprise_removal(void *adapter);
/* The driver's unload routine (NDIS 6 MiniportDriverUnload, NDIS 5
 * NdisMRegisterUnloadHandler), when it registered one. */
void dk_call_unload(void);
/* Whether the driver registered the adapter's context (MiniportAdapterContext). */
void *dk_kit_adapter_context(void *adapter);

#endif
