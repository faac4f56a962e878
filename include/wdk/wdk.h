/* The kernel-API kit: the NT names a vendor's mapping core uses, so that
 * real NDIS code compiles against mapfuzz unchanged (docs/PORTING.md).
 *
 * A vendor core includes this header and nothing else.  Every routine is
 * implemented in src/wdk/ on the platform seam: each failure it can have is
 * a fault the fuzz input chooses (the "Fails" line of each routine), and
 * each records the vendor's line as the caller, so a finding points at the
 * vendor code and not at the kit.  Signatures and values are the WDK's;
 * where the kit must differ from the kernel it says so here and in
 * docs/PORTING.md.  The routines marked "kit extension" have no WDK
 * counterpart: they are what Driver Verifier and the PnP manager know
 * and a mapping core needs to keep the contract (docs/CONTRACT.md). */
#ifndef MAPFUZZ_WDK_H
#define MAPFUZZ_WDK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ndis.h" /* NDIS_STATUS, LARGE_INTEGER, INTERFACE_TYPE, the block, the API */

/* ---- Annotations and calling conventions: nothing on this platform ---- */
#define IN
#define OUT
#define OPTIONAL
#define NTAPI
#define NTKERNELAPI
#define NTHALAPI
#define NDIS_API
#define EXPORT
#define FORCEINLINE static inline
#define UNREFERENCED_PARAMETER(p) ((void)(p))

/* ---- Base types ---- */
typedef void VOID;
typedef char CHAR, *PCHAR;
typedef const char *PCSTR;
typedef uint8_t UCHAR, *PUCHAR;
typedef uint8_t BOOLEAN, *PBOOLEAN;
typedef uint16_t USHORT, *PUSHORT;
typedef int32_t LONG, *PLONG;
typedef ULONG *PULONG;
typedef UINT *PUINT;
typedef int64_t LONGLONG, LONG64;
typedef uint64_t ULONGLONG, ULONG64, *PULONG64;
typedef uintptr_t ULONG_PTR, *PULONG_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef ULONG_PTR KAFFINITY;
typedef PVOID *PPVOID;
typedef LARGE_INTEGER *PLARGE_INTEGER;
typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;
typedef NDIS_STATUS *PNDIS_STATUS;
typedef INTERFACE_TYPE *PINTERFACE_TYPE;
typedef INTERFACE_TYPE NDIS_INTERFACE_TYPE;
typedef ULONG NDIS_ERROR_CODE;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

/* ---- NTSTATUS ---- */
typedef int32_t NTSTATUS, *PNTSTATUS;
/* NT codes are unsigned 32-bit patterns; through uint32_t, as ndis.h does. */
#define NTSTATUS_CODE(x) ((NTSTATUS)(uint32_t)(x))
#define NT_SUCCESS(s) ((NTSTATUS)(s) >= 0)
#define STATUS_SUCCESS NTSTATUS_CODE(0x00000000u)
#define STATUS_UNSUCCESSFUL NTSTATUS_CODE(0xC0000001u)
#define STATUS_INVALID_PARAMETER NTSTATUS_CODE(0xC000000Du)
#define STATUS_NO_MEMORY NTSTATUS_CODE(0xC0000017u)
#define STATUS_CONFLICTING_ADDRESSES NTSTATUS_CODE(0xC0000018u)
#define STATUS_INSUFFICIENT_RESOURCES NTSTATUS_CODE(0xC000009Au)
#define STATUS_INVALID_DEVICE_REQUEST NTSTATUS_CODE(0xC0000010u)

/* ---- IRQL: one thread at PASSIVE_LEVEL; nothing raises it ---- */
typedef UCHAR KIRQL, *PKIRQL;
#define PASSIVE_LEVEL 0
#define APC_LEVEL 1
#define DISPATCH_LEVEL 2
#define PAGED_CODE() ((void)0)
static inline KIRQL KeGetCurrentIrql(void)
{
	return PASSIVE_LEVEL;
}

/* ---- Memory manager ---- */
typedef enum _MEMORY_CACHING_TYPE {
	MmNotMapped = -1,
	MmNonCached = 0,
	MmCached = 1,
	MmWriteCombined = 2,
	MmFrameBufferCached = 2,
	MmHardwareCoherentCached = 3,
	MmNonCachedUnordered = 4,
	MmUSWCCached = 5,
	MmMaximumCacheType = 6,
} MEMORY_CACHING_TYPE;

/* Page protections of MmMapIoSpaceEx. */
#define PAGE_NOACCESS 0x01u
#define PAGE_READONLY 0x02u
#define PAGE_READWRITE 0x04u
#define PAGE_EXECUTE 0x10u
#define PAGE_EXECUTE_READ 0x20u
#define PAGE_EXECUTE_READWRITE 0x40u
#define PAGE_GUARD 0x100u
#define PAGE_NOCACHE 0x200u
#define PAGE_WRITECOMBINE 0x400u

#define PAGE_SIZE 4096u
#define PAGE_SHIFT 12u
#define BYTE_OFFSET(va) ((ULONG)((ULONG_PTR)(va) & (PAGE_SIZE - 1)))
#define PAGE_ALIGN(va) ((PVOID)((ULONG_PTR)(va) & ~(ULONG_PTR)(PAGE_SIZE - 1)))
/* Pages spanned by [va, va + size), size > 0, computed without overflow. */
#define ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, size) \
	((ULONG)(((SIZE_T)(size) >> PAGE_SHIFT) + ((BYTE_OFFSET(va) + ((SIZE_T)(size) & (PAGE_SIZE - 1)) + PAGE_SIZE - 1) >> PAGE_SHIFT)))

/* Maps [PhysicalAddress, +NumberOfBytes) into system space with the given
 * caching, kept as asked (MmCached stays cached, MmWriteCombined stays
 * write-combined; MmHardwareCoherentCached is cached, MmNonCachedUnordered
 * non-cached, MmUSWCCached write-combined).  Returns the VA of the first
 * byte (the page offset kept) or NULL.  The address is taken as unsigned
 * (a translation may lie above 2^63); NumberOfBytes 0 or a range past the
 * 64-bit address space returns NULL.
 * Fails: va-reserve (no run of system PTEs, as in a kernel), pte-set (a
 * page-table write: see WDK_PTE_WRITE_FAILS below).  Everything is undone
 * on failure. */
PVOID MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType);
/* Protect: PAGE_READWRITE or PAGE_READONLY (or an execute variant), with at
 * most one of PAGE_NOCACHE (non-cached) and PAGE_WRITECOMBINE
 * (write-combined); neither means cached.  Anything else returns NULL. */
PVOID MmMapIoSpaceEx(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, ULONG Protect);
/* Unmaps what MmMapIoSpace returned: the same BaseAddress and NumberOfBytes.
 * Never fails; anything else is a platform misuse (SEAM-MISUSE). */
VOID MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes);

typedef struct _PHYSICAL_MEMORY_RANGE {
	PHYSICAL_ADDRESS BaseAddress;
	LARGE_INTEGER NumberOfBytes;
} PHYSICAL_MEMORY_RANGE, *PPHYSICAL_MEMORY_RANGE;
/* Host RAM, an array ended by an all-zero entry.  Kit: the array is the
 * kit's, valid until the next call, never fails; ExFreePool of it is
 * accepted and does nothing (the kernel allocates it from pool). */
PPHYSICAL_MEMORY_RANGE MmGetPhysicalMemoryRanges(VOID);

/* ---- HAL ---- */
/* Translates a bus-relative address.  *AddressSpace in: 0 memory, 1 port
 * (which space of the bus BusAddress is in); out: 0 when the translated
 * address is memory, 1 when it is I/O port space (on this platform a port
 * window stays port space).  FALSE when the bus type is out of range, the
 * bus is not declared, no window of that space holds BusAddress, or the
 * translation fails.  Fails: bus-translate. */
BOOLEAN HalTranslateBusAddress(INTERFACE_TYPE InterfaceType, ULONG BusNumber, PHYSICAL_ADDRESS BusAddress,
			       PULONG AddressSpace, PPHYSICAL_ADDRESS TranslatedAddress);

/* Kit extensions: the bus topology the PnP manager knows. */
typedef struct _HAL_KIT_BUS {
	INTERFACE_TYPE InterfaceType;
	ULONG BusNumber;
} HAL_KIT_BUS, *PHAL_KIT_BUS;
typedef struct _HAL_KIT_WINDOW {
	PHYSICAL_ADDRESS BusBase;    /* bus-relative start */
	ULONG64 Length;              /* bytes, > 0 */
	PHYSICAL_ADDRESS Translated; /* system-physical start */
	ULONG AddressSpace;          /* 0 memory, 1 port */
} HAL_KIT_WINDOW, *PHAL_KIT_WINDOW;
/* Every (type, number) with windows, each once; fills up to Count, returns
 * how many there are.  Never fails. */
ULONG HalKitEnumerateBuses(PHAL_KIT_BUS Buses, ULONG Count);
/* The translation windows of one bus (declared or not); fills up to Count,
 * returns how many there are.  Never fails. */
ULONG HalKitBusWindows(INTERFACE_TYPE InterfaceType, ULONG BusNumber, PHAL_KIT_WINDOW Windows, ULONG Count);
/* How many buses of the type the HAL declares (numbers 0..n-1).  Never fails. */
ULONG HalKitBusCount(INTERFACE_TYPE InterfaceType);

/* ---- Resources and the I/O manager ---- */
#define CmResourceTypeNull 0
#define CmResourceTypePort 1
#define CmResourceTypeInterrupt 2
#define CmResourceTypeMemory 3
#define CmResourceTypeDma 4
typedef enum _CM_SHARE_DISPOSITION {
	CmResourceShareUndetermined = 0,
	CmResourceShareDeviceExclusive,
	CmResourceShareDriverExclusive,
	CmResourceShareShared,
} CM_SHARE_DISPOSITION;
#define CM_RESOURCE_PORT_MEMORY 0x0000u
#define CM_RESOURCE_PORT_IO 0x0001u
#define CM_RESOURCE_MEMORY_READ_WRITE 0x0000u

typedef struct _CM_PARTIAL_RESOURCE_DESCRIPTOR {
	UCHAR Type;             /* CmResourceType* */
	UCHAR ShareDisposition; /* CM_SHARE_DISPOSITION */
	USHORT Flags;
	union {
		struct {
			PHYSICAL_ADDRESS Start;
			ULONG Length;
		} Generic, Port, Memory;
		struct {
			ULONG Level;
			ULONG Vector;
			KAFFINITY Affinity;
		} Interrupt;
		struct {
			ULONG Channel;
			ULONG Port;
			ULONG Reserved1;
		} Dma;
	} u;
} CM_PARTIAL_RESOURCE_DESCRIPTOR, *PCM_PARTIAL_RESOURCE_DESCRIPTOR;

typedef struct _CM_PARTIAL_RESOURCE_LIST {
	USHORT Version;
	USHORT Revision;
	ULONG Count;
	CM_PARTIAL_RESOURCE_DESCRIPTOR PartialDescriptors[1];
} CM_PARTIAL_RESOURCE_LIST, *PCM_PARTIAL_RESOURCE_LIST;

typedef struct _CM_FULL_RESOURCE_DESCRIPTOR {
	INTERFACE_TYPE InterfaceType;
	ULONG BusNumber;
	CM_PARTIAL_RESOURCE_LIST PartialResourceList;
} CM_FULL_RESOURCE_DESCRIPTOR, *PCM_FULL_RESOURCE_DESCRIPTOR;

typedef struct _CM_RESOURCE_LIST {
	ULONG Count;
	CM_FULL_RESOURCE_DESCRIPTOR List[1];
} CM_RESOURCE_LIST, *PCM_RESOURCE_LIST;

/* Objects: opaque.  Kit: an adapter's device object is its handle
 * (NdisMGetDeviceProperty hands it out); a driver object is any pointer the
 * core keeps for itself.  The registry names the object as the owner. */
typedef struct _DRIVER_OBJECT DRIVER_OBJECT, *PDRIVER_OBJECT;
typedef struct _DEVICE_OBJECT DEVICE_OBJECT, *PDEVICE_OBJECT;
typedef struct _UNICODE_STRING {
	USHORT Length;
	USHORT MaximumLength;
	PCHAR Buffer; /* wide in the kernel; never read here */
} UNICODE_STRING, *PUNICODE_STRING;

/* Claims the memory and port ranges of a resource list for the device
 * (DeviceList, when given, wins over DriverList, as documented), owned by
 * DeviceObject (or DriverObject for a driver list).  Conflicts are detected
 * as the I/O manager does it: a range that overlaps a claim of another
 * owner sets *ConflictDetected TRUE, claims nothing and returns
 * STATUS_CONFLICTING_ADDRESSES; an owner may overlap its own claims.  An
 * invalid list (NULL with a size, a size too small for its Count) returns
 * STATUS_UNSUCCESSFUL; an empty list (NULL, size 0) releases every claim of
 * the owner.  Ranges are system-physical (translated).
 * Kit: a report adds its ranges to the owner's claims (the I/O manager
 * replaces the owner's earlier list), because a mapping core holds one
 * claim per mapping; IoKitReleaseResources gives one list back.
 * Fails: registry-claim (STATUS_INSUFFICIENT_RESOURCES, nothing claimed). */
NTSTATUS IoReportResourceForDetection(PDRIVER_OBJECT DriverObject, PCM_RESOURCE_LIST DriverList, ULONG DriverListSize,
				      PDEVICE_OBJECT DeviceObject, PCM_RESOURCE_LIST DeviceList, ULONG DeviceListSize,
				      PBOOLEAN ConflictDetected);
/* The same claim, with the older routine's arguments: OverrideConflict TRUE
 * claims even over another owner's ranges (and still reports the conflict). */
NTSTATUS IoReportResourceUsage(PUNICODE_STRING DriverClassName, PDRIVER_OBJECT DriverObject, PCM_RESOURCE_LIST DriverList,
			       ULONG DriverListSize, PDEVICE_OBJECT DeviceObject, PCM_RESOURCE_LIST DeviceList,
			       ULONG DeviceListSize, BOOLEAN OverrideConflict, PBOOLEAN ConflictDetected);
/* Kit extension: gives back the claims of one earlier report, range by
 * range (the owner's exact start and length).  Never fails. */
VOID IoKitReleaseResources(PVOID Owner, PCM_RESOURCE_LIST List);

/* ---- Pool ---- */
typedef enum _POOL_TYPE {
	NonPagedPool = 0,
	PagedPool = 1,
	NonPagedPoolMustSucceed = 2,
	DontUseThisType = 3,
	NonPagedPoolCacheAligned = 4,
	PagedPoolCacheAligned = 5,
	NonPagedPoolCacheAlignedMustS = 6,
	MaxPoolType = 7,
	NonPagedPoolNx = 512,
} POOL_TYPE;
typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_USE_QUOTA 0x0000000000000001ull
#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ull
#define POOL_FLAG_SESSION 0x0000000000000004ull
#define POOL_FLAG_CACHE_ALIGNED 0x0000000000000008ull
#define POOL_FLAG_RAISE_ON_FAILURE 0x0000000000000020ull
#define POOL_FLAG_NON_PAGED 0x0000000000000040ull
#define POOL_FLAG_NON_PAGED_EXECUTE 0x0000000000000080ull
#define POOL_FLAG_PAGED 0x0000000000000100ull

/* All four allocate from the platform pool (the budget of the input).
 * Fails: pool-alloc (NULL; NumberOfBytes 0 is NULL too).  ExAllocatePool2
 * zeroes the block unless POOL_FLAG_UNINITIALIZED; the others do not. */
PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes);
PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);
VOID ExFreePool(PVOID P);
VOID ExFreePoolWithTag(PVOID P, ULONG Tag);
/* NDIS_STATUS_SUCCESS with the block in *VirtualAddress, or
 * NDIS_STATUS_FAILURE with NULL.  Fails: pool-alloc. */
NDIS_STATUS NdisAllocateMemoryWithTag(PVOID *VirtualAddress, UINT Length, ULONG Tag);
VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags);

/* ---- NDIS ---- */
/* Writes one entry of the adapter's error log.  The values are ULONGs:
 * with 2 values the entry's range is (v0, v1), with 3 it is
 * (v0 | v1 << 32, v2) for an address above 4 GiB; with fewer the missing
 * parts are 0 and further values are ignored.  Fails: errlog-write (the
 * entry is dropped and counted, as NDIS drops one when the log is full). */
VOID NdisWriteErrorLogEntry(NDIS_HANDLE NdisAdapterHandle, NDIS_ERROR_CODE ErrorCode, ULONG NumberOfErrorValues, ...);
/* The address of the adapter's per-adapter slot: NULL when the adapter is
 * created, cleared for every input. */
PVOID *NdisMiniportContext(NDIS_HANDLE MiniportAdapterHandle);
/* The adapter's device objects (each is the handle itself, see above); the
 * resource lists are not provided (NULL): HalKitBusWindows has the bus's. */
VOID NdisMGetDeviceProperty(NDIS_HANDLE MiniportAdapterHandle, PDEVICE_OBJECT *PhysicalDeviceObject,
			    PDEVICE_OBJECT *FunctionalDeviceObject, PDEVICE_OBJECT *NextDeviceObject,
			    PCM_RESOURCE_LIST *AllocatedResources, PCM_RESOURCE_LIST *AllocatedResourcesTranslated);

/* Kit extensions: what Driver Verifier knows of an adapter, without reading
 * through the handle (a dead handle's block is poisoned). */
typedef enum _NDIS_KIT_PHASE {
	NdisKitPhaseGone = 0, /* not a live adapter: dead, bogus or NULL */
	NdisKitPhaseInitializing = 1,
	NdisKitPhaseRunning = 2,
	NdisKitPhaseHalting = 3,
} NDIS_KIT_PHASE;
NDIS_KIT_PHASE NdisKitMiniportPhase(NDIS_HANDLE MiniportAdapterHandle);
typedef enum _NDIS_KIT_VERIFIER_EVENT {
	NdisKitVerifierBadCall = 1,  /* NULL out-pointer, dead handle, wrong phase */
	NdisKitVerifierHostRam = 2,  /* (translated start, length) is host RAM */
	NdisKitVerifierBadUnmap = 3, /* (VA, length) is not a mapping of the adapter */
	NdisKitVerifierLeak = 4,     /* (VA, length) still mapped as the adapter leaves */
} NDIS_KIT_VERIFIER_EVENT;
VOID NdisKitVerifierReport(NDIS_KIT_VERIFIER_EVENT Kind, NDIS_HANDLE MiniportAdapterHandle, ULONG64 A, ULONG64 B);

/* ---- Ke, Rtl, debugging ---- */
/* Stops the machine: the review's BUGCHECK finding at the caller's line. */
_Noreturn VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1, ULONG_PTR BugCheckParameter2,
			    ULONG_PTR BugCheckParameter3, ULONG_PTR BugCheckParameter4);
/* Formats and discards, unless the kit is built with WDK_DBGPRINT=1
 * (then stderr): a fuzzer must not spend its time printing. */
ULONG DbgPrint(PCSTR Format, ...) __attribute__((format(printf, 1, 2)));
/* A checked build (DBG=1) stops on a failed assertion the way an unhandled
 * breakpoint does without a debugger: bugcheck 0x1E (KMODE_EXCEPTION_NOT_HANDLED,
 * STATUS_BREAKPOINT); a free build compiles ASSERT away, as the WDK does. */
#if defined(DBG) && DBG
#define ASSERT(e) ((e) ? (void)0 : KeBugCheckEx(0x1Eu, 0x80000003u, (ULONG_PTR)__LINE__, 0, 0))
#else
#define ASSERT(e) ((void)0)
#endif
#define RtlZeroMemory(d, n) ((void)memset((d), 0, (n)))
#define RtlFillMemory(d, n, c) ((void)memset((d), (c), (n)))
#define RtlCopyMemory(d, s, n) ((void)memcpy((d), (s), (n)))
#define RtlMoveMemory(d, s, n) ((void)memmove((d), (s), (n)))
#define RtlEqualMemory(a, b, n) (memcmp((a), (b), (n)) == 0)
#define NdisZeroMemory RtlZeroMemory
#define NdisMoveMemory RtlCopyMemory

/* ---- Lists, as wdm.h has them ---- */
typedef struct _LIST_ENTRY {
	struct _LIST_ENTRY *Flink;
	struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;
#define CONTAINING_RECORD(address, type, field) ((type *)((PCHAR)(address) - offsetof(type, field)))
static inline void InitializeListHead(PLIST_ENTRY h)
{
	h->Flink = h->Blink = h;
}
static inline BOOLEAN IsListEmpty(const LIST_ENTRY *h)
{
	return h->Flink == h;
}
static inline void InsertHeadList(PLIST_ENTRY h, PLIST_ENTRY e)
{
	e->Flink = h->Flink;
	e->Blink = h;
	h->Flink->Blink = e;
	h->Flink = e;
}
static inline void InsertTailList(PLIST_ENTRY h, PLIST_ENTRY e)
{
	e->Flink = h;
	e->Blink = h->Blink;
	h->Blink->Flink = e;
	h->Blink = e;
}
static inline BOOLEAN RemoveEntryList(PLIST_ENTRY e)
{
	PLIST_ENTRY f = e->Flink, b = e->Blink;
	b->Flink = f;
	f->Blink = b;
	return f == b;
}

/* ---- Spin locks: one thread, so they only keep the IRQL bookkeeping ---- */
typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;
typedef struct _NDIS_SPIN_LOCK {
	KSPIN_LOCK SpinLock;
	KIRQL OldIrql;
} NDIS_SPIN_LOCK, *PNDIS_SPIN_LOCK;
#define KeInitializeSpinLock(l) ((void)(*(l) = 0))
#define KeAcquireSpinLock(l, irql) ((void)(l), (void)(*(irql) = PASSIVE_LEVEL))
#define KeReleaseSpinLock(l, irql) ((void)(l), (void)(irql))
#define NdisAllocateSpinLock(l) ((void)((l)->SpinLock = 0))
#define NdisFreeSpinLock(l) ((void)(l))
#define NdisAcquireSpinLock(l) ((void)((l)->OldIrql = PASSIVE_LEVEL))
#define NdisReleaseSpinLock(l) ((void)(l))

/* ---- Switches, decided once (docs/PORTING.md, "Where the kit and the
 * kernel differ"); the kit's objects are built with the Makefile's
 * WDK_PTE_WRITE_FAILS (default 1).
 * 1: a page-table write can fail, as the seam's can: MmMapIoSpace undoes
 *    what it did and returns NULL, as it does when system PTEs run out, so
 *    the contract's pte-fail clause stays reachable through the kit.
 * 0: a page-table write cannot fail, as in a real kernel: the kit writes
 *    entries past the fault plan, which never fails the pte-set site. */

#endif
