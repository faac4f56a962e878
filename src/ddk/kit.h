/* The miniport kit's own internals (src/ddk/): what the files of the kit
 * share.  The kit is compiled with -Iinclude/ddk -Isrc: the WDK's names
 * of include/ddk/ for the driver-facing side, and driver/kit_runtime.h for
 * the runner (part A of the seam) and the calls the runner makes into the
 * kit (part B).
 *
 * Every public routine takes the driver's line as DK_CALLER in its own
 * body (never in a helper) and hands it down. */
#ifndef MAPFUZZ_DDK_KIT_H
#define MAPFUZZ_DDK_KIT_H

#include <ndis.h>
#include "driver/kit_runtime.h"

#define DK_CALLER ((uintptr_t)__builtin_return_address(0))

/* ---- Host objects the kit allocated (a table keyed by pointer) ----
 * Everything the kit hands a driver is real heap memory, so ASan sees the
 * driver's overflows and uses after free; the table knows each block's
 * kind and length (for frees that do not repeat them), which object owns
 * it (configuration parameters belong to their handle, an NBL's net buffer
 * to the NBL), and frees whatever is left at dk_kit_reset. */
typedef enum {
	KO_MEMORY = 1,  /* NdisAllocateMemory*, ExAllocatePool*, Rtl strings */
	KO_SHARED,      /* NdisMAllocateSharedMemory */
	KO_CONFIG,      /* a configuration handle */
	KO_OWNED,       /* storage owned by another object (freed with it) */
	KO_PACKET_POOL,
	KO_BUFFER_POOL,
	KO_PACKET,
	KO_BUFFER,      /* NDIS 5 buffer (an MDL) */
	KO_NBL_POOL,
	KO_NB_POOL,
	KO_NBL,
	KO_NB,
	KO_MDL,
	KO_INTERRUPT,   /* NDIS 6 interrupt handle */
	KO_SG_DMA,      /* NDIS 6 DMA handle */
	KO_TIMER,       /* NDIS 6 timer object */
	KO_WORK_ITEM,   /* NDIS 6 I/O work item */
	KO_RW_LOCK,
	KO_DEVICE,      /* a device object of NdisMRegisterDevice / NdisRegisterDeviceEx */
	KO_SG_LIST,     /* a scatter/gather list the kit built */
	KO_REG_KEY,     /* a registry key handle (ZwOpenKey, IoOpenDeviceRegistryKey) */
	KO_THREAD,      /* a system thread's object (never run) */
	KO_IRP,         /* an IRP of IoBuildDeviceIoControlRequest */
} ko_kind;

typedef struct {
	void *p;        /* the block; NULL: free slot; KO_TOMBSTONE: deleted */
	void *owner;    /* the object this one is freed with, or NULL */
	uint64_t len;   /* bytes asked for */
	uint64_t aux;   /* flags, Cached, a physical address: per kind */
	ko_kind kind;
} ko_entry;

/* The largest block the kit hands out: a bigger request fails as
 * Windows' would for want of resources (the routine's documented failure). */
#define DK_MAX_BLOCK ((size_t)64 << 20)

/* Allocates a zeroed (zero = 1) or uninitialised block of len bytes
 * (page-aligned when align is set), records it and returns it; NULL when
 * the host is out of memory. */
void *ko_alloc(ko_kind kind, size_t len, int zero, int align, void *owner, uint64_t aux);
ko_entry *ko_find(const void *p);
/* Frees a recorded block and every block it owns. */
void ko_free(void *p);
void ko_free_owned(void *owner);
void ko_reset(void);

/* ---- Adapters the runner initialized, and the driver ---- */
typedef struct dk_adapter_state {
	void *handle;                 /* the runner's adapter: the MiniportAdapterHandle */
	void *context;                /* MiniportAdapterContext the driver set */
	DEVICE_OBJECT pdo, fdo, next; /* for NdisMGetDeviceProperty */
	PCM_RESOURCE_LIST raw, translated;
	BOOLEAN used;
} dk_adapter_state;

#define DK_MAX_ADAPTERS 16
/* The kit's record of handle (created when the runner first names it);
 * NULL when handle is not an adapter the runner initialized. */
dk_adapter_state *dk_adapter_find(const void *handle);
dk_adapter_state *dk_adapter_get(void *handle);
/* The adapter a routine's handle belongs to, for the ledger: handle when it
 * is an adapter, else NULL (a driver handle, a wrapper handle). */
void *dk_adapter_of(const void *handle);
void dk_adapters_reset(void);
/* The adapter whose NdisMGetDeviceProperty device objects include d. */
dk_adapter_state *dk_adapter_of_device(const DEVICE_OBJECT *d);

/* The NDIS version the driver registered (0 before it does). */
int dk_registered_major(void);

/* Builds the adapter's resource list (NdisMQueryAdapterResources, NDIS 6
 * AllocatedResources) into a block of the kit; *size is its length in
 * bytes.  NULL, *size = 0 when the adapter has no resources. */
PCM_PARTIAL_RESOURCE_LIST dk_build_partial_list(void *adapter, ULONG *size);

/* The shared memory block holding va (and its base), for
 * MmGetPhysicalAddress; NULL if none. */
ko_entry *dk_shared_block_of(const void *va, uintptr_t *base);

/* IRQL bookkeeping (single processor, never preempted). */
extern KIRQL dk_irql;

/* What each file keeps for one input, forgotten by dk_kit_reset. */
void dk_memory_reset(void);

/* Timeouts the runner turns into a TIMEOUT finding: a wait that can never
 * end (nothing else runs while the driver waits). */
#define DK_FOREVER_US (UINT64_C(1) << 40)

#endif
