/* NDIS types, constants and the I/O-space mapping API under test.
 *
 * Values follow ../shared/CONTRACT.md (NT values).  A mapping core implements
 * the three functions at the bottom; it may call only what seam.h lists. */
#ifndef MAPFUZZ_NDIS_H
#define MAPFUZZ_NDIS_H

#include <stdint.h>

typedef void *PVOID;
typedef void *NDIS_HANDLE;
typedef unsigned int UINT;
typedef uint32_t ULONG;
typedef int32_t NDIS_STATUS;

/* The NT codes are unsigned 32-bit patterns; convert through uint32_t so the
 * conversion is the same on every compiler. */
#define NDIS_STATUS_CODE(x) ((NDIS_STATUS)(uint32_t)(x))
#define NDIS_STATUS_SUCCESS NDIS_STATUS_CODE(0x00000000u)
#define NDIS_STATUS_FAILURE NDIS_STATUS_CODE(0xC0000001u)
#define NDIS_STATUS_RESOURCES NDIS_STATUS_CODE(0xC000009Au)
#define NDIS_STATUS_RESOURCE_CONFLICT NDIS_STATUS_CODE(0xC001001Eu)
#define NDIS_ERROR_CODE_RESOURCE_CONFLICT 0xC0001388u

typedef union _LARGE_INTEGER {
	struct {
		uint32_t LowPart;
		int32_t HighPart;
	};
	int64_t QuadPart;
} LARGE_INTEGER;
typedef LARGE_INTEGER NDIS_PHYSICAL_ADDRESS;

typedef enum _INTERFACE_TYPE {
	InterfaceTypeUndefined = -1,
	Internal = 0,
	Isa,
	Eisa,
	MicroChannel,
	TurboChannel,
	PCIBus,
	VMEBus,
	NuBus,
	PCMCIABus,
	CBus,
	MPIBus,
	MPSABus,
	ProcessorInternal,
	InternalPowerBus,
	PNPISABus,
	PNPBus,
	Vmcs,
	MaximumInterfaceType /* 17 */
} INTERFACE_TYPE;

#define NDIS_PAGE_SIZE 4096u
#define NDIS_PAGE_SHIFT 12u

/* The adapter block a handle points at (the real NDIS_MINIPORT_BLOCK is
 * much larger; a vendor core reads only these).  The platform owns it:
 * created with the adapter, zeroed per input, and unreadable once the
 * adapter is gone (a read through a dead handle is a sanitizer finding). */
typedef struct _NDIS_MINIPORT_BLOCK {
	INTERFACE_TYPE BusType;
	ULONG BusNumber;
	PVOID MiniportContext; /* the core's per-adapter slot: NULL at creation */
} NDIS_MINIPORT_BLOCK, *PNDIS_MINIPORT_BLOCK;

/* Why an adapter leaves: the lifecycle hook below tells the core. */
typedef enum {
	ADAPTER_GONE_INIT_FAILED = 1, /* MiniportInitialize returned failure */
	ADAPTER_GONE_HALTED = 2,      /* MiniportHalt returned */
	ADAPTER_GONE_REMOVED = 3,     /* surprise removal */
} ADAPTER_GONE_REASON;

NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length);

void NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length);

/* Called by the framework (the harness) as an adapter leaves, while it is
 * still queryable.  Every mapping it still holds is a leak: the core reports
 * each with a VERIFIER_LEAK event and then releases it. */
void NdisCoreAdapterGone(NDIS_HANDLE MiniportAdapterHandle, ADAPTER_GONE_REASON Reason);

#endif
