/* The miniport kit (include/ddk/): the WDK's ndis.h for NDIS 5.1 and
 * NDIS 6.x miniports, written for mapfuzz from the WDK documentation (the
 * routines' documented signatures, structures, macros and statuses).
 * Every routine is implemented in src/ddk/ on the driver runner's
 * fault-injectable platform (src/driver/kit_runtime.h); what each one can
 * fail with, and what it records, is in docs/DRIVERS.md.
 *
 * Version selection as in the WDK: a driver defines NDIS51_MINIPORT,
 * NDIS60_MINIPORT, NDIS620_MINIPORT ... (or NDIS_MINIPORT_MAJOR_VERSION and
 * NDIS_MINIPORT_MINOR_VERSION) before including this header or on the
 * command line.  Both generations' declarations are always present (their
 * names never collide); the version only sets the NDIS_SUPPORT_* and
 * NDIS_MINIPORT_*_VERSION macros drivers test and which NDIS 5
 * characteristics layout NDIS_MINIPORT_CHARACTERISTICS names. */
#ifndef MAPFUZZ_DDK_NDIS_H
#define MAPFUZZ_DDK_NDIS_H
#ifndef _NDIS_
#define _NDIS_
#endif

#include <ntddk.h>
#include <ntddndis.h>
#include <stdarg.h>

/* ---- Versions ---- */
#if !defined(NDIS_MINIPORT_MAJOR_VERSION)
#if defined(NDIS686_MINIPORT) || defined(NDIS685_MINIPORT) || defined(NDIS684_MINIPORT) ||          \
	defined(NDIS683_MINIPORT) || defined(NDIS682_MINIPORT) || defined(NDIS681_MINIPORT) ||      \
	defined(NDIS680_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 6
#define NDIS_MINIPORT_MINOR_VERSION 80
#elif defined(NDIS660_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 6
#define NDIS_MINIPORT_MINOR_VERSION 60
#elif defined(NDIS650_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 6
#define NDIS_MINIPORT_MINOR_VERSION 50
#elif defined(NDIS640_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 6
#define NDIS_MINIPORT_MINOR_VERSION 40
#elif defined(NDIS630_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 6
#define NDIS_MINIPORT_MINOR_VERSION 30
#elif defined(NDIS620_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 6
#define NDIS_MINIPORT_MINOR_VERSION 20
#elif defined(NDIS61_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 6
#define NDIS_MINIPORT_MINOR_VERSION 1
#elif defined(NDIS60_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 6
#define NDIS_MINIPORT_MINOR_VERSION 0
#elif defined(NDIS50_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 5
#define NDIS_MINIPORT_MINOR_VERSION 0
#elif defined(NDIS40_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 4
#define NDIS_MINIPORT_MINOR_VERSION 0
#else
/* NDIS51_MINIPORT, or nothing said: NDIS 5.1. */
#define NDIS_MINIPORT_MAJOR_VERSION 5
#define NDIS_MINIPORT_MINOR_VERSION 1
#endif
#endif
#ifndef NDIS_MINIPORT_MINOR_VERSION
#define NDIS_MINIPORT_MINOR_VERSION 0
#endif
#define NDIS_DDK_VERSION_AT_LEAST(maj, min)                                                         \
	(NDIS_MINIPORT_MAJOR_VERSION > (maj) ||                                                     \
	 (NDIS_MINIPORT_MAJOR_VERSION == (maj) && NDIS_MINIPORT_MINOR_VERSION >= (min)))
#if NDIS_DDK_VERSION_AT_LEAST(6, 0)
#define NDIS_SUPPORT_NDIS6 1
#endif
#if NDIS_DDK_VERSION_AT_LEAST(6, 1)
#define NDIS_SUPPORT_NDIS61 1
#endif
#if NDIS_DDK_VERSION_AT_LEAST(6, 20)
#define NDIS_SUPPORT_NDIS620 1
#endif
#if NDIS_DDK_VERSION_AT_LEAST(6, 30)
#define NDIS_SUPPORT_NDIS630 1
#endif
#if NDIS_DDK_VERSION_AT_LEAST(6, 40)
#define NDIS_SUPPORT_NDIS640 1
#endif
#if NDIS_DDK_VERSION_AT_LEAST(6, 50)
#define NDIS_SUPPORT_NDIS650 1
#endif
#if NDIS_DDK_VERSION_AT_LEAST(6, 60)
#define NDIS_SUPPORT_NDIS660 1
#endif
#if NDIS_DDK_VERSION_AT_LEAST(6, 80)
#define NDIS_SUPPORT_NDIS680 1
#endif
#define NDIS_MINIPORT_MINIMUM_MAJOR_VERSION 6
#define NDIS_MINIPORT_MINIMUM_MINOR_VERSION 0
#define NDIS_RUNTIME_VERSION_60 ((6 << 16) | 0)
#define NDIS_RUNTIME_VERSION_620 ((6 << 16) | 20)
#define NDIS_RUNTIME_VERSION_630 ((6 << 16) | 30)

/* ---- Base NDIS types ---- */
typedef int NDIS_STATUS, *PNDIS_STATUS;
typedef PVOID NDIS_HANDLE, *PNDIS_HANDLE;
typedef UNICODE_STRING NDIS_STRING, *PNDIS_STRING;
typedef ANSI_STRING NDIS_ANSI_STRING, *PNDIS_ANSI_STRING;
typedef PCWSTR NDIS_STRING_CONST_PTR;
typedef PHYSICAL_ADDRESS NDIS_PHYSICAL_ADDRESS, *PNDIS_PHYSICAL_ADDRESS;
typedef ULONG NDIS_ERROR_CODE, *PNDIS_ERROR_CODE;
typedef ULONG NDIS_PORT_NUMBER, *PNDIS_PORT_NUMBER;
typedef CM_PARTIAL_RESOURCE_LIST NDIS_RESOURCE_LIST, *PNDIS_RESOURCE_LIST;
typedef struct _NDIS_MINIPORT_BLOCK NDIS_MINIPORT_BLOCK, *PNDIS_MINIPORT_BLOCK;
typedef struct _NDIS_WRAPPER_HANDLE NDIS_WRAPPER_HANDLE, *PNDIS_WRAPPER_HANDLE;
typedef MDL NDIS_BUFFER, *PNDIS_BUFFER;
typedef ULONG NDIS_RW_LOCK_REFCOUNT;
typedef UCHAR NDIS_DMA_SIZE;
#define NDIS_DMA_24BITS ((NDIS_DMA_SIZE)0)
#define NDIS_DMA_32BITS ((NDIS_DMA_SIZE)1)
#define NDIS_DMA_64BITS ((NDIS_DMA_SIZE)2)
#define NDIS_DEFAULT_PORT_NUMBER ((NDIS_PORT_NUMBER)0)

#define NDIS_STRING_CONST(x) {sizeof(L##x) - sizeof(WCHAR), sizeof(L##x), L##x}
#define NdisGetPhysicalAddressHigh(PhysicalAddress) ((PhysicalAddress).HighPart)
#define NdisSetPhysicalAddressHigh(PhysicalAddress, Value) ((PhysicalAddress).HighPart) = (Value)
#define NdisGetPhysicalAddressLow(PhysicalAddress) ((PhysicalAddress).LowPart)
#define NdisSetPhysicalAddressLow(PhysicalAddress, Value) ((PhysicalAddress).LowPart) = (Value)
#define NDIS_PHYSICAL_ADDRESS_CONST(Low, High) {{(ULONG)(Low), (LONG)(High)}}

/* ---- Statuses (NDIS 5 values, which NDIS 6 keeps for these names) ---- */
#define NDIS_STATUS_CODE(x) ((NDIS_STATUS)(ULONG)(x))
#define NDIS_STATUS_SUCCESS NDIS_STATUS_CODE(0x00000000u)
#define NDIS_STATUS_PENDING NDIS_STATUS_CODE(0x00000103u)
#define NDIS_STATUS_NOT_RECOGNIZED NDIS_STATUS_CODE(0x00010001u)
#define NDIS_STATUS_NOT_COPIED NDIS_STATUS_CODE(0x00010002u)
#define NDIS_STATUS_NOT_ACCEPTED NDIS_STATUS_CODE(0x00010003u)
#define NDIS_STATUS_CALL_ACTIVE NDIS_STATUS_CODE(0x00010007u)
#define NDIS_STATUS_INDICATION_REQUIRED NDIS_STATUS_CODE(0x40230001u)
#define NDIS_STATUS_ONLINE NDIS_STATUS_CODE(0x40010003u)
#define NDIS_STATUS_RESET_START NDIS_STATUS_CODE(0x40010004u)
#define NDIS_STATUS_RESET_END NDIS_STATUS_CODE(0x40010005u)
#define NDIS_STATUS_RING_STATUS NDIS_STATUS_CODE(0x40010006u)
#define NDIS_STATUS_CLOSED NDIS_STATUS_CODE(0x40010007u)
#define NDIS_STATUS_WAN_LINE_UP NDIS_STATUS_CODE(0x40010008u)
#define NDIS_STATUS_WAN_LINE_DOWN NDIS_STATUS_CODE(0x40010009u)
#define NDIS_STATUS_WAN_FRAGMENT NDIS_STATUS_CODE(0x4001000Au)
#define NDIS_STATUS_MEDIA_CONNECT NDIS_STATUS_CODE(0x4001000Bu)
#define NDIS_STATUS_MEDIA_DISCONNECT NDIS_STATUS_CODE(0x4001000Cu)
#define NDIS_STATUS_HARDWARE_LINE_UP NDIS_STATUS_CODE(0x4001000Du)
#define NDIS_STATUS_HARDWARE_LINE_DOWN NDIS_STATUS_CODE(0x4001000Eu)
#define NDIS_STATUS_INTERFACE_UP NDIS_STATUS_CODE(0x4001000Fu)
#define NDIS_STATUS_INTERFACE_DOWN NDIS_STATUS_CODE(0x40010010u)
#define NDIS_STATUS_MEDIA_BUSY NDIS_STATUS_CODE(0x40010011u)
#define NDIS_STATUS_MEDIA_SPECIFIC_INDICATION NDIS_STATUS_CODE(0x40010012u)
#define NDIS_STATUS_WW_INDICATION NDIS_STATUS_MEDIA_SPECIFIC_INDICATION
#define NDIS_STATUS_LINK_SPEED_CHANGE NDIS_STATUS_CODE(0x40010013u)
#define NDIS_STATUS_WAN_GET_STATS NDIS_STATUS_CODE(0x40010014u)
#define NDIS_STATUS_WAN_CO_FRAGMENT NDIS_STATUS_CODE(0x40010015u)
#define NDIS_STATUS_WAN_CO_LINKPARAMS NDIS_STATUS_CODE(0x40010016u)
#define NDIS_STATUS_LINK_STATE NDIS_STATUS_CODE(0x40010017u)
#define NDIS_STATUS_NETWORK_CHANGE NDIS_STATUS_CODE(0x40010018u)
#define NDIS_STATUS_MEDIA_SPECIFIC_INDICATION_EX NDIS_STATUS_CODE(0x40010019u)
#define NDIS_STATUS_PORT_STATE NDIS_STATUS_CODE(0x40010022u)
#define NDIS_STATUS_OPER_STATUS NDIS_STATUS_CODE(0x40010023u)
#define NDIS_STATUS_PACKET_FILTER NDIS_STATUS_CODE(0x40010024u)
#define NDIS_STATUS_NOT_RESETTABLE NDIS_STATUS_CODE(0x80010001u)
#define NDIS_STATUS_SOFT_ERRORS NDIS_STATUS_CODE(0x80010003u)
#define NDIS_STATUS_HARD_ERRORS NDIS_STATUS_CODE(0x80010004u)
#define NDIS_STATUS_BUFFER_OVERFLOW NDIS_STATUS_CODE(0x80000005u)
#define NDIS_STATUS_FAILURE NDIS_STATUS_CODE(0xC0000001u)
#define NDIS_STATUS_RESOURCES NDIS_STATUS_CODE(0xC000009Au)
#define NDIS_STATUS_CLOSING NDIS_STATUS_CODE(0xC0010002u)
#define NDIS_STATUS_BAD_VERSION NDIS_STATUS_CODE(0xC0010004u)
#define NDIS_STATUS_BAD_CHARACTERISTICS NDIS_STATUS_CODE(0xC0010005u)
#define NDIS_STATUS_ADAPTER_NOT_FOUND NDIS_STATUS_CODE(0xC0010006u)
#define NDIS_STATUS_OPEN_FAILED NDIS_STATUS_CODE(0xC0010007u)
#define NDIS_STATUS_DEVICE_FAILED NDIS_STATUS_CODE(0xC0010008u)
#define NDIS_STATUS_MULTICAST_FULL NDIS_STATUS_CODE(0xC0010009u)
#define NDIS_STATUS_MULTICAST_EXISTS NDIS_STATUS_CODE(0xC001000Au)
#define NDIS_STATUS_MULTICAST_NOT_FOUND NDIS_STATUS_CODE(0xC001000Bu)
#define NDIS_STATUS_REQUEST_ABORTED NDIS_STATUS_CODE(0xC001000Cu)
#define NDIS_STATUS_RESET_IN_PROGRESS NDIS_STATUS_CODE(0xC001000Du)
#define NDIS_STATUS_CLOSING_INDICATING NDIS_STATUS_CODE(0xC001000Eu)
#define NDIS_STATUS_NOT_SUPPORTED NDIS_STATUS_CODE(0xC00000BBu)
#define NDIS_STATUS_INVALID_PACKET NDIS_STATUS_CODE(0xC001000Fu)
#define NDIS_STATUS_OPEN_LIST_FULL NDIS_STATUS_CODE(0xC0010010u)
#define NDIS_STATUS_ADAPTER_NOT_READY NDIS_STATUS_CODE(0xC0010011u)
#define NDIS_STATUS_ADAPTER_NOT_OPEN NDIS_STATUS_CODE(0xC0010012u)
#define NDIS_STATUS_NOT_INDICATING NDIS_STATUS_CODE(0xC0010013u)
#define NDIS_STATUS_INVALID_LENGTH NDIS_STATUS_CODE(0xC0010014u)
#define NDIS_STATUS_INVALID_DATA NDIS_STATUS_CODE(0xC0010015u)
#define NDIS_STATUS_BUFFER_TOO_SHORT NDIS_STATUS_CODE(0xC0010016u)
#define NDIS_STATUS_INVALID_OID NDIS_STATUS_CODE(0xC0010017u)
#define NDIS_STATUS_ADAPTER_REMOVED NDIS_STATUS_CODE(0xC0010018u)
#define NDIS_STATUS_UNSUPPORTED_MEDIA NDIS_STATUS_CODE(0xC0010019u)
#define NDIS_STATUS_GROUP_ADDRESS_IN_USE NDIS_STATUS_CODE(0xC001001Au)
#define NDIS_STATUS_FILE_NOT_FOUND NDIS_STATUS_CODE(0xC001001Bu)
#define NDIS_STATUS_ERROR_READING_FILE NDIS_STATUS_CODE(0xC001001Cu)
#define NDIS_STATUS_ALREADY_MAPPED NDIS_STATUS_CODE(0xC001001Du)
#define NDIS_STATUS_RESOURCE_CONFLICT NDIS_STATUS_CODE(0xC001001Eu)
#define NDIS_STATUS_NO_CABLE NDIS_STATUS_CODE(0xC001001Fu)
#define NDIS_STATUS_INVALID_SAP NDIS_STATUS_CODE(0xC0010020u)
#define NDIS_STATUS_SAP_IN_USE NDIS_STATUS_CODE(0xC0010021u)
#define NDIS_STATUS_INVALID_ADDRESS NDIS_STATUS_CODE(0xC0010022u)
#define NDIS_STATUS_VC_NOT_ACTIVATED NDIS_STATUS_CODE(0xC0010023u)
#define NDIS_STATUS_DEST_OUT_OF_ORDER NDIS_STATUS_CODE(0xC0010024u)
#define NDIS_STATUS_VC_NOT_AVAILABLE NDIS_STATUS_CODE(0xC0010025u)
#define NDIS_STATUS_CELLRATE_NOT_AVAILABLE NDIS_STATUS_CODE(0xC0010026u)
#define NDIS_STATUS_INCOMPATABLE_QOS NDIS_STATUS_CODE(0xC0010027u)
#define NDIS_STATUS_AAL_PARAMS_UNSUPPORTED NDIS_STATUS_CODE(0xC0010028u)
#define NDIS_STATUS_NO_ROUTE_TO_DESTINATION NDIS_STATUS_CODE(0xC0010029u)
#define NDIS_STATUS_TOKEN_RING_OPEN_ERROR NDIS_STATUS_CODE(0xC0011000u)
#define NDIS_STATUS_INVALID_DEVICE_REQUEST NDIS_STATUS_CODE(0xC0000010u)
#define NDIS_STATUS_NETWORK_UNREACHABLE NDIS_STATUS_CODE(0xC000023Cu)
#define NDIS_STATUS_PAUSED NDIS_STATUS_CODE(0xC023002Au)
#define NDIS_STATUS_INTERFACE_NOT_FOUND NDIS_STATUS_CODE(0xC023002Bu)
#define NDIS_STATUS_INVALID_PARAMETER NDIS_STATUS_CODE(0xC000000Du)
#define NDIS_STATUS_INVALID_PORT NDIS_STATUS_CODE(0xC023002Du)
#define NDIS_STATUS_INVALID_PORT_STATE NDIS_STATUS_CODE(0xC023002Eu)
#define NDIS_STATUS_LOW_POWER_STATE NDIS_STATUS_CODE(0xC023002Fu)
#define NDIS_STATUS_INVALID_STATE NDIS_STATUS_CODE(0xC0000184u)
#define NDIS_STATUS_SEND_ABORTED NDIS_STATUS_REQUEST_ABORTED
#define NDIS_STATUS_RECEIVE_ABORTED NDIS_STATUS_REQUEST_ABORTED
#define NDIS_STATUS_MEDIA_DISCONNECTED NDIS_STATUS_CODE(0xC023001Fu)
#define NDIS_STATUS_UPLOAD_ALL NDIS_STATUS_CODE(0x40010031u)
#define NDIS_STATUS_OFFLOAD_CURRENT_CONFIG NDIS_STATUS_CODE(0x4002000Bu)

#define NDIS_ERROR_CODE_RESOURCE_CONFLICT 0xC0001388u
#define NDIS_ERROR_CODE_OUT_OF_RESOURCES 0xC0001389u
#define NDIS_ERROR_CODE_HARDWARE_FAILURE 0xC000138Au
#define NDIS_ERROR_CODE_ADAPTER_NOT_FOUND 0xC000138Bu
#define NDIS_ERROR_CODE_INTERRUPT_CONNECT 0xC000138Cu
#define NDIS_ERROR_CODE_DRIVER_FAILURE 0xC000138Du
#define NDIS_ERROR_CODE_BAD_VERSION 0xC000138Eu
#define NDIS_ERROR_CODE_TIMEOUT 0x8000138Fu
#define NDIS_ERROR_CODE_NETWORK_ADDRESS 0xC0001390u
#define NDIS_ERROR_CODE_UNSUPPORTED_CONFIGURATION 0xC0001391u
#define NDIS_ERROR_CODE_INVALID_VALUE_FROM_ADAPTER 0xC0001392u
#define NDIS_ERROR_CODE_MISSING_CONFIGURATION_PARAMETER 0xC0001393u
#define NDIS_ERROR_CODE_BAD_IO_BASE_ADDRESS 0xC0001394u
#define NDIS_ERROR_CODE_RECEIVE_SPACE_SMALL 0x40001395u
#define NDIS_ERROR_CODE_ADAPTER_DISABLED 0x80001396u

/* Memory flags (NdisAllocateMemory) and attribute flags (NdisMSetAttributesEx) */
#define NDIS_MEMORY_CONTIGUOUS 0x00000001
#define NDIS_MEMORY_NONCACHED 0x00000002
#define NDIS_ATTRIBUTE_IGNORE_PACKET_TIMEOUT 0x00000001
#define NDIS_ATTRIBUTE_IGNORE_REQUEST_TIMEOUT 0x00000002
#define NDIS_ATTRIBUTE_IGNORE_TOKEN_RING_ERRORS 0x00000004
#define NDIS_ATTRIBUTE_BUS_MASTER 0x00000008
#define NDIS_ATTRIBUTE_INTERMEDIATE_DRIVER 0x00000010
#define NDIS_ATTRIBUTE_DESERIALIZE 0x00000020
#define NDIS_ATTRIBUTE_NO_HALT_ON_SUSPEND 0x00000040
#define NDIS_ATTRIBUTE_SURPRISE_REMOVE_OK 0x00000080
#define NDIS_ATTRIBUTE_NOT_CO_NDIS 0x00000100
#define NDIS_ATTRIBUTE_USES_SAFE_BUFFER_APIS 0x00000200
#define NDIS_ATTRIBUTE_DO_NOT_BIND_TO_ALL_CO 0x00000400
#define NDIS_ATTRIBUTE_MINIPORT_PADS_SHORT_PACKETS 0x00000800

typedef enum _NDIS_INTERFACE_TYPE {
	NdisInterfaceInternal = Internal,
	NdisInterfaceIsa = Isa,
	NdisInterfaceEisa = Eisa,
	NdisInterfaceMca = MicroChannel,
	NdisInterfaceTurboChannel = TurboChannel,
	NdisInterfacePci = PCIBus,
	NdisInterfacePcMcia = PCMCIABus,
	NdisInterfaceCBus = CBus,
	NdisInterfaceMPIBus = MPIBus,
	NdisInterfaceMPSABus = MPSABus,
	NdisInterfaceProcessorInternal = ProcessorInternal,
	NdisInterfaceInternalPowerBus = InternalPowerBus,
	NdisInterfacePNPISABus = PNPISABus,
	NdisInterfacePNPBus = PNPBus,
	NdisInterfaceUSB,
	NdisInterfaceIrda,
	NdisInterface1394,
	NdisMaximumInterfaceType
} NDIS_INTERFACE_TYPE, *PNDIS_INTERFACE_TYPE;

typedef enum _NDIS_INTERRUPT_MODE { NdisInterruptLevelSensitive = LevelSensitive, NdisInterruptLatched = Latched } NDIS_INTERRUPT_MODE, *PNDIS_INTERRUPT_MODE;

typedef enum _NDIS_DEVICE_PNP_EVENT {
	NdisDevicePnPEventQueryRemoved,
	NdisDevicePnPEventRemoved,
	NdisDevicePnPEventSurpriseRemoved,
	NdisDevicePnPEventQueryStopped,
	NdisDevicePnPEventStopped,
	NdisDevicePnPEventPowerProfileChanged,
	NdisDevicePnPEventFilterListChanged,
	NdisDevicePnPEventMaximum
} NDIS_DEVICE_PNP_EVENT, *PNDIS_DEVICE_PNP_EVENT;
#define NdisPowerProfileBattery 0
#define NdisPowerProfileAcOnLine 1

/* ---- Locks, events, timers, work items ---- */
typedef struct _NDIS_SPIN_LOCK {
	KSPIN_LOCK SpinLock;
	KIRQL OldIrql;
} NDIS_SPIN_LOCK, *PNDIS_SPIN_LOCK;

typedef struct _NDIS_EVENT {
	KEVENT Event;
} NDIS_EVENT, *PNDIS_EVENT;

typedef VOID NDIS_TIMER_FUNCTION(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
				 PVOID SystemSpecific3);
typedef NDIS_TIMER_FUNCTION *PNDIS_TIMER_FUNCTION;

typedef struct _NDIS_TIMER {
	KTIMER Timer;
	KDPC Dpc;
	PNDIS_TIMER_FUNCTION TimerFunction; /* the kit keeps the routine here */
	PVOID FunctionContext;
} NDIS_TIMER, *PNDIS_TIMER;

typedef struct _NDIS_MINIPORT_TIMER {
	KTIMER Timer;
	KDPC Dpc;
	PNDIS_TIMER_FUNCTION MiniportTimerFunction;
	PVOID MiniportTimerContext;
	PNDIS_MINIPORT_BLOCK Miniport;
	struct _NDIS_MINIPORT_TIMER *NextDeferredTimer;
} NDIS_MINIPORT_TIMER, *PNDIS_MINIPORT_TIMER;

struct _NDIS_WORK_ITEM;
typedef VOID (*NDIS_PROC)(struct _NDIS_WORK_ITEM *, PVOID);
typedef struct _NDIS_WORK_ITEM {
	PVOID Context;
	NDIS_PROC Routine;
	UCHAR WrapperReserved[8 * sizeof(PVOID)];
} NDIS_WORK_ITEM, *PNDIS_WORK_ITEM;

typedef struct _NDIS_RW_LOCK {
	union {
		struct {
			KSPIN_LOCK SpinLock;
			PVOID Context;
		};
		UCHAR Reserved[16];
	};
	union {
		NDIS_RW_LOCK_REFCOUNT RefCount[32];
		ULONG RefCountEx[32];
	};
} NDIS_RW_LOCK, *PNDIS_RW_LOCK;
typedef struct _LOCK_STATE {
	USHORT LockState;
	KIRQL OldIrql;
} LOCK_STATE, *PLOCK_STATE;
typedef struct _NDIS_RW_LOCK_EX NDIS_RW_LOCK_EX, *PNDIS_RW_LOCK_EX;
typedef struct _LOCK_STATE_EX {
	KIRQL OldIrql;
	UCHAR LockState;
	UCHAR Flags;
} LOCK_STATE_EX, *PLOCK_STATE_EX;
#define NDIS_RWL_AT_DISPATCH_LEVEL 1

/* ---- Ethernet ---- */
#define ETH_LENGTH_OF_ADDRESS 6
#define NDIS_MAX_MULTICAST_LIST 32
#define ETH_IS_BROADCAST(Address) ((((PUCHAR)(Address))[0] & ((PUCHAR)(Address))[1] & ((PUCHAR)(Address))[2] & \
				    ((PUCHAR)(Address))[3] & ((PUCHAR)(Address))[4] & ((PUCHAR)(Address))[5]) == 0xff)
#define ETH_IS_MULTICAST(Address) ((BOOLEAN)(((PUCHAR)(Address))[0] & 0x01))
#define ETH_COMPARE_NETWORK_ADDRESSES(_A, _B, _Result)                                              \
	(*(_Result) = memcmp((_A), (_B), ETH_LENGTH_OF_ADDRESS))
#define ETH_COMPARE_NETWORK_ADDRESSES_EQ(_A, _B, _Result)                                           \
	(*(_Result) = memcmp((_A), (_B), ETH_LENGTH_OF_ADDRESS) != 0)
#define ETH_COPY_NETWORK_ADDRESS(_D, _S) memcpy((_D), (_S), ETH_LENGTH_OF_ADDRESS)

/* ================= NDIS 5 packets and buffers ================= */
typedef struct _NDIS_PACKET_PRIVATE {
	UINT PhysicalCount;
	UINT TotalLength;
	PNDIS_BUFFER Head;
	PNDIS_BUFFER Tail;
	NDIS_HANDLE Pool;
	UINT Count;
	ULONG Flags;
	BOOLEAN ValidCounts;
	UCHAR NdisPacketFlags;
	USHORT NdisPacketOobOffset;
} NDIS_PACKET_PRIVATE, *PNDIS_PACKET_PRIVATE;

/* The size of NDIS_PACKET.ProtocolReserved a miniport may use as its own. */
#define PROTOCOL_RESERVED_SIZE_IN_PACKET (4 * sizeof(PVOID))

typedef struct _NDIS_PACKET {
	NDIS_PACKET_PRIVATE Private;
	union {
		struct {
			UCHAR MiniportReserved[2 * sizeof(PVOID)];
			UCHAR WrapperReserved[2 * sizeof(PVOID)];
		};
		struct {
			UCHAR MiniportReservedEx[3 * sizeof(PVOID)];
			UCHAR WrapperReservedEx[sizeof(PVOID)];
		};
		struct {
			UCHAR MacReserved[4 * sizeof(PVOID)];
		};
	};
	ULONG_PTR Reserved[2];
	UCHAR ProtocolReserved[1];
} NDIS_PACKET, *PNDIS_PACKET, **PPNDIS_PACKET;

typedef enum _NDIS_PER_PACKET_INFO {
	TcpIpChecksumPacketInfo,
	IpSecPacketInfo,
	TcpLargeSendPacketInfo,
	ClassificationHandlePacketInfo,
	NdisReserved,
	ScatterGatherListPacketInfo,
	Ieee8021QInfo,
	OriginalPacketInfo,
	PacketCancelId,
	OriginalNetBufferList,
	CachedNetBufferList,
	ShortPacketPaddingInfo,
	MaxPerPacketInfo
} NDIS_PER_PACKET_INFO, *PNDIS_PER_PACKET_INFO;

typedef struct _NDIS_PACKET_EXTENSION {
	PVOID NdisPacketInfo[MaxPerPacketInfo];
} NDIS_PACKET_EXTENSION, *PNDIS_PACKET_EXTENSION;

typedef enum _NDIS_CLASS_ID {
	NdisClass802_3Priority,
	NdisClassWirelessWanMbxMailbox,
	NdisClassIrdaPacketInfo,
	NdisClassAtmAALInfo
} NDIS_CLASS_ID;

typedef struct _MEDIA_SPECIFIC_INFORMATION {
	UINT NextEntryOffset;
	NDIS_CLASS_ID ClassId;
	UINT Size;
	UCHAR ClassInformation[1];
} MEDIA_SPECIFIC_INFORMATION, *PMEDIA_SPECIFIC_INFORMATION;

typedef struct _NDIS_PACKET_OOB_DATA {
	union {
		ULONGLONG TimeToSend;
		ULONGLONG TimeSent;
	};
	ULONGLONG TimeReceived;
	UINT HeaderSize;
	UINT SizeMediaSpecificInfo;
	PVOID MediaSpecificInformation;
	NDIS_STATUS Status;
} NDIS_PACKET_OOB_DATA, *PNDIS_PACKET_OOB_DATA;

#define NDIS_FLAGS_PROTOCOL_ID_MASK 0x0000000F
#define NDIS_FLAGS_MULTICAST_PACKET 0x00000010
#define NDIS_FLAGS_RESERVED2 0x00000020
#define NDIS_FLAGS_RESERVED3 0x00000040
#define NDIS_FLAGS_DONT_LOOPBACK 0x00000080
#define NDIS_FLAGS_IS_LOOPBACK_PACKET 0x00000100
#define NDIS_FLAGS_LOOPBACK_ONLY 0x00000200
#define NDIS_FLAGS_RESERVED4 0x00000400
#define NDIS_FLAGS_DOUBLE_BUFFERED 0x00000800
#define NDIS_FLAGS_SENT_AT_DPC 0x00001000
#define NDIS_FLAGS_USES_SG_BUFFER_LIST 0x00002000
#define NDIS_FLAGS_USES_ORIGINAL_PACKET 0x00004000
#define NDIS_FLAGS_PADDED 0x00010000
#define NDIS_FLAGS_XLATE_AT_TOP 0x00020000
#define NDIS_PACKET_TYPE_TRANSMIT 1
#define fPACKET_WRAPPER_RESERVED 0x3F
#define fPACKET_CONTAINS_MEDIA_SPECIFIC_INFO 0x40
#define fPACKET_ALLOCATED_BY_NDIS 0x80
#define NDIS_PROTOCOL_ID_DEFAULT 0x00
#define NDIS_PROTOCOL_ID_TCP_IP 0x02
#define NDIS_PROTOCOL_ID_IPX 0x06
#define NDIS_PROTOCOL_ID_NBF 0x07
#define NDIS_PROTOCOL_ID_MAX 0x0F
#define NDIS_PROTOCOL_ID_MASK 0x0F

/* The kit lays a packet out as the WDK's NDIS does: the NDIS_PACKET with
 * ProtocolReservedLength bytes of ProtocolReserved, then the OOB data,
 * then the per-packet extension (NdisPacketOobOffset says where). */
#define NDIS_OOB_DATA_FROM_PACKET(_Packet)                                                          \
	((PNDIS_PACKET_OOB_DATA)((PUCHAR)(_Packet) + (_Packet)->Private.NdisPacketOobOffset))
#define NDIS_PACKET_EXTENSION_FROM_PACKET(_P)                                                       \
	((PNDIS_PACKET_EXTENSION)((PUCHAR)(_P) + (_P)->Private.NdisPacketOobOffset + sizeof(NDIS_PACKET_OOB_DATA)))
#define NDIS_PER_PACKET_INFO_FROM_PACKET(_P, _Id) ((NDIS_PACKET_EXTENSION_FROM_PACKET(_P))->NdisPacketInfo[(_Id)])
#define NDIS_GET_ORIGINAL_PACKET(_P) NDIS_PER_PACKET_INFO_FROM_PACKET(_P, OriginalPacketInfo)
#define NDIS_SET_ORIGINAL_PACKET(_P, _OP) NDIS_PER_PACKET_INFO_FROM_PACKET(_P, OriginalPacketInfo) = (_OP)
#define NDIS_GET_PACKET_CANCEL_ID(_P) NDIS_PER_PACKET_INFO_FROM_PACKET(_P, PacketCancelId)
#define NDIS_SET_PACKET_CANCEL_ID(_P, _cId) NDIS_PER_PACKET_INFO_FROM_PACKET(_P, PacketCancelId) = (_cId)
#define NDIS_GET_PACKET_HEADER_SIZE(_Packet) (NDIS_OOB_DATA_FROM_PACKET(_Packet)->HeaderSize)
#define NDIS_SET_PACKET_HEADER_SIZE(_Packet, _HdrSize) (NDIS_OOB_DATA_FROM_PACKET(_Packet)->HeaderSize = (_HdrSize))
#define NDIS_GET_PACKET_STATUS(_Packet) (NDIS_OOB_DATA_FROM_PACKET(_Packet)->Status)
#define NDIS_SET_PACKET_STATUS(_Packet, _Status) (NDIS_OOB_DATA_FROM_PACKET(_Packet)->Status = (_Status))
#define NDIS_GET_PACKET_TIME_TO_SEND(_Packet) (NDIS_OOB_DATA_FROM_PACKET(_Packet)->TimeToSend)
#define NDIS_SET_PACKET_TIME_TO_SEND(_Packet, _T) (NDIS_OOB_DATA_FROM_PACKET(_Packet)->TimeToSend = (_T))
#define NDIS_GET_PACKET_TIME_SENT(_Packet) (NDIS_OOB_DATA_FROM_PACKET(_Packet)->TimeSent)
#define NDIS_SET_PACKET_TIME_SENT(_Packet, _T) (NDIS_OOB_DATA_FROM_PACKET(_Packet)->TimeSent = (_T))
#define NDIS_GET_PACKET_TIME_RECEIVED(_Packet) (NDIS_OOB_DATA_FROM_PACKET(_Packet)->TimeReceived)
#define NDIS_SET_PACKET_TIME_RECEIVED(_Packet, _T) (NDIS_OOB_DATA_FROM_PACKET(_Packet)->TimeReceived = (_T))
#define NDIS_GET_PACKET_MEDIA_SPECIFIC_INFO(_Packet, _pMediaSpecificInfo, _pSizeMediaSpecificInfo)     \
	do {                                                                                        \
		*(_pMediaSpecificInfo) = NDIS_OOB_DATA_FROM_PACKET(_Packet)->MediaSpecificInformation; \
		*(_pSizeMediaSpecificInfo) = NDIS_OOB_DATA_FROM_PACKET(_Packet)->SizeMediaSpecificInfo; \
	} while (0)
#define NDIS_SET_PACKET_MEDIA_SPECIFIC_INFO(_Packet, _MediaSpecificInfo, _SizeMediaSpecificInfo)       \
	do {                                                                                        \
		NDIS_OOB_DATA_FROM_PACKET(_Packet)->MediaSpecificInformation = (_MediaSpecificInfo);  \
		NDIS_OOB_DATA_FROM_PACKET(_Packet)->SizeMediaSpecificInfo = (_SizeMediaSpecificInfo); \
	} while (0)
#define NdisGetPacketFlags(_Packet) ((_Packet)->Private.Flags)
#define NdisSetPacketFlags(_Packet, _Flags) ((_Packet)->Private.Flags |= (_Flags))
#define NdisClearPacketFlags(_Packet, _Flags) ((_Packet)->Private.Flags &= ~(_Flags))
#define NDIS_PACKET_FIRST_NDIS_BUFFER(_Packet) ((_Packet)->Private.Head)
#define NDIS_PACKET_LAST_NDIS_BUFFER(_Packet) ((_Packet)->Private.Tail)
#define NDIS_PACKET_VALID_COUNTS(_Packet) ((_Packet)->Private.ValidCounts)
#define NdisQueryPacketLength(_Packet, _TotalPacketLength)                                          \
	do {                                                                                        \
		if (!(_Packet)->Private.ValidCounts)                                                \
			NdisRecalculatePacketCounts(_Packet);                                       \
		*(_TotalPacketLength) = (_Packet)->Private.TotalLength;                             \
	} while (0)
#define NdisGetNextBuffer(CurrentBuffer, NextBuffer) (*(NextBuffer) = (CurrentBuffer)->Next)
#define NDIS_BUFFER_LINKAGE(Buffer) ((Buffer)->Next)
#define NdisBufferLength(Buffer) MmGetMdlByteCount(Buffer)
#define NdisBufferVirtualAddress(Buffer) MmGetSystemAddressForMdl(Buffer)
#define NdisBufferVirtualAddressSafe(Buffer, Priority) MmGetSystemAddressForMdlSafe(Buffer, Priority)
#define NdisGetBufferPhysicalArraySize(Buffer, ArraySize)                                           \
	(*(ArraySize) = ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Buffer), MmGetMdlByteCount(Buffer)))
#define NdisReinitializePacket(Packet)                                                              \
	do {                                                                                        \
		(Packet)->Private.Head = NULL;                                                      \
		(Packet)->Private.ValidCounts = FALSE;                                              \
	} while (0)

VOID NdisAllocatePacketPool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle, UINT NumberOfDescriptors,
			    UINT ProtocolReservedLength);
VOID NdisAllocatePacketPoolEx(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle, UINT NumberOfDescriptors,
			      UINT NumberOfOverflowDescriptors, UINT ProtocolReservedLength);
VOID NdisFreePacketPool(NDIS_HANDLE PoolHandle);
UINT NdisPacketPoolUsage(NDIS_HANDLE PoolHandle);
VOID NdisAllocatePacket(PNDIS_STATUS Status, PNDIS_PACKET *Packet, NDIS_HANDLE PoolHandle);
VOID NdisDprAllocatePacket(PNDIS_STATUS Status, PNDIS_PACKET *Packet, NDIS_HANDLE PoolHandle);
VOID NdisFreePacket(PNDIS_PACKET Packet);
#define NdisDprFreePacket NdisFreePacket
VOID NdisAllocateBufferPool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle, UINT NumberOfDescriptors);
VOID NdisFreeBufferPool(NDIS_HANDLE PoolHandle);
VOID NdisAllocateBuffer(PNDIS_STATUS Status, PNDIS_BUFFER *Buffer, NDIS_HANDLE PoolHandle,
			PVOID VirtualAddress, UINT Length);
VOID NdisFreeBuffer(PNDIS_BUFFER Buffer);
VOID NdisCopyBuffer(PNDIS_STATUS Status, PNDIS_BUFFER *Buffer, NDIS_HANDLE PoolHandle, PVOID MemoryDescriptor,
		    UINT Offset, UINT Length);
VOID NdisQueryBuffer(PNDIS_BUFFER Buffer, PVOID *VirtualAddress, PUINT Length);
VOID NdisQueryBufferSafe(PNDIS_BUFFER Buffer, PVOID *VirtualAddress, PUINT Length, MM_PAGE_PRIORITY Priority);
VOID NdisQueryBufferOffset(PNDIS_BUFFER Buffer, PUINT Offset, PUINT Length);
VOID NdisAdjustBufferLength(PNDIS_BUFFER Buffer, UINT Length);
VOID NdisChainBufferAtFront(PNDIS_PACKET Packet, PNDIS_BUFFER Buffer);
VOID NdisChainBufferAtBack(PNDIS_PACKET Packet, PNDIS_BUFFER Buffer);
VOID NdisUnchainBufferAtFront(PNDIS_PACKET Packet, PNDIS_BUFFER *Buffer);
VOID NdisUnchainBufferAtBack(PNDIS_PACKET Packet, PNDIS_BUFFER *Buffer);
VOID NdisRecalculatePacketCounts(PNDIS_PACKET Packet);
VOID NdisQueryPacket(PNDIS_PACKET Packet, PUINT PhysicalBufferCount, PUINT BufferCount,
		     PNDIS_BUFFER *FirstBuffer, PUINT TotalPacketLength);
VOID NdisGetFirstBufferFromPacket(PNDIS_PACKET Packet, PNDIS_BUFFER *FirstBuffer, PVOID *FirstBufferVA,
				  PUINT FirstBufferLength, PUINT TotalBufferLength);
VOID NdisGetFirstBufferFromPacketSafe(PNDIS_PACKET Packet, PNDIS_BUFFER *FirstBuffer, PVOID *FirstBufferVA,
				      PUINT FirstBufferLength, PUINT TotalBufferLength,
				      MM_PAGE_PRIORITY Priority);
VOID NdisCopyFromPacketToPacket(PNDIS_PACKET Destination, UINT DestinationOffset, UINT BytesToCopy,
				PNDIS_PACKET Source, UINT SourceOffset, PUINT BytesCopied);

/* ================= NDIS 6 net buffers ================= */
typedef struct _NET_BUFFER NET_BUFFER, *PNET_BUFFER;
typedef struct _NET_BUFFER_LIST NET_BUFFER_LIST, *PNET_BUFFER_LIST;
typedef struct _NET_BUFFER_LIST_CONTEXT NET_BUFFER_LIST_CONTEXT, *PNET_BUFFER_LIST_CONTEXT;
typedef struct _NET_BUFFER_SHARED_MEMORY NET_BUFFER_SHARED_MEMORY, *PNET_BUFFER_SHARED_MEMORY;

struct _NET_BUFFER_SHARED_MEMORY {
	PNET_BUFFER_SHARED_MEMORY NextSharedMemorySegment;
	ULONG SharedMemoryFlags;
	NDIS_HANDLE SharedMemoryHandle;
	ULONG SharedMemoryOffset;
	ULONG SharedMemoryLength;
};

typedef struct _NET_BUFFER_DATA {
	PNET_BUFFER Next;
	PMDL CurrentMdl;
	ULONG CurrentMdlOffset;
	union {
		ULONG DataLength;
		SIZE_T stDataLength;
	};
	PMDL MdlChain;
	ULONG DataOffset;
} NET_BUFFER_DATA, *PNET_BUFFER_DATA;

typedef union _NET_BUFFER_HEADER {
	NET_BUFFER_DATA NetBufferData;
	SLIST_HEADER Link;
} NET_BUFFER_HEADER, *PNET_BUFFER_HEADER;

struct _NET_BUFFER {
	union {
		struct {
			PNET_BUFFER Next;
			PMDL CurrentMdl;
			ULONG CurrentMdlOffset;
			union {
				ULONG DataLength;
				SIZE_T stDataLength;
			};
			PMDL MdlChain;
			ULONG DataOffset;
		};
		SLIST_HEADER Link;
		NET_BUFFER_HEADER NetBufferHeader;
	};
	USHORT ChecksumBias;
	USHORT Reserved;
	NDIS_HANDLE NdisPoolHandle;
	PVOID NdisReserved[2];
	PVOID ProtocolReserved[6];
	PVOID MiniportReserved[4];
	NDIS_PHYSICAL_ADDRESS DataPhysicalAddress;
	union {
		PNET_BUFFER_SHARED_MEMORY SharedMemoryInfo;
		PSCATTER_GATHER_LIST ScatterGatherList;
	};
};

struct _NET_BUFFER_LIST_CONTEXT {
	PNET_BUFFER_LIST_CONTEXT Next;
	USHORT Size;
	USHORT Offset;
	UCHAR ContextData[];
};

typedef enum _NDIS_NET_BUFFER_LIST_INFO {
	TcpIpChecksumNetBufferListInfo,
	TcpOffloadBytesTransferred = TcpIpChecksumNetBufferListInfo,
	IPsecOffloadV1NetBufferListInfo,
	TcpLargeSendNetBufferListInfo,
	TcpReceiveNoPush = TcpLargeSendNetBufferListInfo,
	ClassificationHandleNetBufferListInfo,
	Ieee8021QNetBufferListInfo,
	NetBufferListCancelId,
	MediaSpecificInformation,
	NetBufferListFrameType,
	NetBufferListProtocolId = NetBufferListFrameType,
	NetBufferListHashValue,
	NetBufferListHashInfo,
	WfpNetBufferListInfo,
	IPsecOffloadV2NetBufferListInfo,
	NetBufferListCorrelationId,
	NetBufferListFilteringInfo,
	MediaSpecificInformationEx,
	NblOriginalInterfaceIfIndex,
	NblReAuthWfpFlowContext = NblOriginalInterfaceIfIndex,
	TcpReceiveBytesTransferred,
	NrtNameResolutionId,
	TcpSendOffloadsSupplementalNetBufferListInfo,
	NetBufferListInfoReserved3,
	SwitchForwardingReserved,
	SwitchForwardingDetail,
	VirtualSubnetInfo,
	IMReserved,
	TcpRecvSegCoalesceInfo,
	UdpSegmentationOffloadInfo,
	UdpRecvSegCoalesceInfo,
	MaxNetBufferListInfo
} NDIS_NET_BUFFER_LIST_INFO, *PNDIS_NET_BUFFER_LIST_INFO;

typedef struct _NET_BUFFER_LIST_DATA {
	PNET_BUFFER_LIST Next;
	PNET_BUFFER FirstNetBuffer;
} NET_BUFFER_LIST_DATA, *PNET_BUFFER_LIST_DATA;

typedef union _NET_BUFFER_LIST_HEADER {
	NET_BUFFER_LIST_DATA NetBufferListData;
	SLIST_HEADER Link;
} NET_BUFFER_LIST_HEADER, *PNET_BUFFER_LIST_HEADER;

struct _NET_BUFFER_LIST {
	union {
		struct {
			PNET_BUFFER_LIST Next;
			PNET_BUFFER FirstNetBuffer;
		};
		SLIST_HEADER Link;
		NET_BUFFER_LIST_HEADER NetBufferListHeader;
	};
	PNET_BUFFER_LIST_CONTEXT Context;
	PNET_BUFFER_LIST ParentNetBufferList;
	NDIS_HANDLE NdisPoolHandle;
	PVOID NdisReserved[2];
	PVOID ProtocolReserved[4];
	PVOID MiniportReserved[2];
	PVOID Scratch;
	NDIS_HANDLE SourceHandle;
	ULONG NblFlags;
	LONG ChildRefCount;
	ULONG Flags;
	union {
		NDIS_STATUS Status;
		ULONG NdisReserved2;
	};
	PVOID NetBufferListInfo[MaxNetBufferListInfo];
};

#define NET_BUFFER_NEXT_NB(_NB) ((_NB)->Next)
#define NET_BUFFER_FIRST_MDL(_NB) ((_NB)->MdlChain)
#define NET_BUFFER_DATA_LENGTH(_NB) ((_NB)->DataLength)
#define NET_BUFFER_DATA_OFFSET(_NB) ((_NB)->DataOffset)
#define NET_BUFFER_CURRENT_MDL(_NB) ((_NB)->CurrentMdl)
#define NET_BUFFER_CURRENT_MDL_OFFSET(_NB) ((_NB)->CurrentMdlOffset)
#define NET_BUFFER_PROTOCOL_RESERVED(_NB) ((_NB)->ProtocolReserved)
#define NET_BUFFER_MINIPORT_RESERVED(_NB) ((_NB)->MiniportReserved)
#define NET_BUFFER_CHECKSUM_BIAS(_NB) ((_NB)->ChecksumBias)
#define NET_BUFFER_LIST_NEXT_NBL(_NBL) ((_NBL)->Next)
#define NET_BUFFER_LIST_FIRST_NB(_NBL) ((_NBL)->FirstNetBuffer)
#define NET_BUFFER_LIST_FLAGS(_NBL) ((_NBL)->Flags)
#define NET_BUFFER_LIST_NBL_FLAGS(_NBL) ((_NBL)->NblFlags)
#define NET_BUFFER_LIST_PROTOCOL_RESERVED(_NBL) ((_NBL)->ProtocolReserved)
#define NET_BUFFER_LIST_MINIPORT_RESERVED(_NBL) ((_NBL)->MiniportReserved)
#define NET_BUFFER_LIST_CONTEXT_DATA_START(_NBL) ((PUCHAR)(((_NBL)->Context) + 1) + (_NBL)->Context->Offset)
#define NET_BUFFER_LIST_CONTEXT_DATA_SIZE(_NBL) (((_NBL)->Context)->Size)
#define NET_BUFFER_LIST_STATUS(_NBL) ((_NBL)->Status)
#define NET_BUFFER_LIST_INFO(_NBL, _Id) ((_NBL)->NetBufferListInfo[(_Id)])
#define NET_BUFFER_LIST_GET_HASH_VALUE(_NBL) ((ULONG)(ULONG_PTR)((_NBL)->NetBufferListInfo[NetBufferListHashValue]))
#define NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(_NBL) (NET_BUFFER_LIST_INFO(_NBL, NetBufferListCancelId))
#define NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(_NBL, _CancelId) (NET_BUFFER_LIST_INFO(_NBL, NetBufferListCancelId) = (_CancelId))
#define NDIS_NBL_FLAGS_SEND_READ_ONLY 0x00000001
#define NDIS_NBL_FLAGS_RECV_READ_ONLY 0x00000002
#define NDIS_NBL_FLAGS_IS_IPV4 0x00000200
#define NDIS_NBL_FLAGS_IS_IPV6 0x00000400
#define NDIS_NBL_FLAGS_IS_TCP 0x00000800
#define NDIS_NBL_FLAGS_IS_UDP 0x00001000
#define NdisTestNblFlag(_NBL, _F) (((_NBL)->NblFlags & (_F)) != 0)
#define NdisSetNblFlag(_NBL, _F) ((_NBL)->NblFlags |= (_F))
#define NdisClearNblFlag(_NBL, _F) ((_NBL)->NblFlags &= ~(_F))
#define NDIS_MDL_LINKAGE(_Mdl) ((_Mdl)->Next)
#define NdisGetNextMdl(_CurrentMdl, _NextMdl) (*(_NextMdl) = (_CurrentMdl)->Next)
#define NdisQueryMdl(_Mdl, _VirtualAddress, _Length, _Priority)                                     \
	do {                                                                                        \
		if (ARGUMENT_PRESENT(_VirtualAddress))                                              \
			*(PVOID *)(_VirtualAddress) = MmGetSystemAddressForMdlSafe(_Mdl, _Priority);  \
		*(_Length) = MmGetMdlByteCount(_Mdl);                                               \
	} while (0)
#define NdisQueryMdlOffset(_Mdl, _Offset, _Length)                                                  \
	do {                                                                                        \
		*(_Offset) = MmGetMdlByteOffset(_Mdl);                                              \
		*(_Length) = MmGetMdlByteCount(_Mdl);                                               \
	} while (0)
#define NdisAdjustMdlLength(_Mdl, _Length) ((_Mdl)->ByteCount = (_Length))
#define ARGUMENT_PRESENT(ArgumentPointer) ((CHAR *)((ULONG_PTR)(ArgumentPointer)) != (CHAR *)(NULL))

/* Checksum and VLAN per-NBL information */
typedef struct _NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO {
	union {
		struct {
			ULONG IsIPv4 : 1;
			ULONG IsIPv6 : 1;
			ULONG TcpChecksum : 1;
			ULONG UdpChecksum : 1;
			ULONG IpHeaderChecksum : 1;
			ULONG Reserved : 11;
			ULONG TcpHeaderOffset : 10;
		} Transmit;
		struct {
			ULONG TcpChecksumFailed : 1;
			ULONG UdpChecksumFailed : 1;
			ULONG IpChecksumFailed : 1;
			ULONG TcpChecksumSucceeded : 1;
			ULONG UdpChecksumSucceeded : 1;
			ULONG IpChecksumSucceeded : 1;
			ULONG Loopback : 1;
			ULONG IpChecksumValueInvalid : 1;
		} Receive;
		PVOID Value;
	};
} NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO, *PNDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO;

typedef struct _NDIS_NET_BUFFER_LIST_8021Q_INFO {
	union {
		struct {
			UINT32 UserPriority : 3;
			UINT32 CanonicalFormatId : 1;
			UINT32 VlanId : 12;
			UINT32 Reserved : 16;
		} TagHeader;
		struct {
			UINT32 UserPriority : 3;
			UINT32 CanonicalFormatId : 1;
			UINT32 VlanId : 12;
			UINT32 WMMInfo : 4;
			UINT32 Reserved : 12;
		} WLanTagHeader;
		PVOID Value;
	};
} NDIS_NET_BUFFER_LIST_8021Q_INFO, *PNDIS_NET_BUFFER_LIST_8021Q_INFO;

typedef struct _NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO {
	union {
		struct {
			ULONG Unused : 30;
			ULONG Type : 2;
		} Transmit;
		struct {
			ULONG MSS : 20;
			ULONG TcpHeaderOffset : 10;
			ULONG Type : 2;
		} LsoV1Transmit;
		struct {
			ULONG TcpPayload : 30;
			ULONG Type : 2;
		} LsoV1TransmitComplete;
		struct {
			ULONG MSS : 20;
			ULONG TcpHeaderOffset : 10;
			ULONG Type : 2;
			ULONG IPVersion : 2;
			ULONG Reserved : 30;
		} LsoV2Transmit;
		struct {
			ULONG Reserved : 30;
			ULONG Type : 2;
		} LsoV2TransmitComplete;
		PVOID Value;
	};
} NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO, *PNDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO;

#define NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 1
#define NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_2 2
#define NET_BUFFER_POOL_PARAMETERS_REVISION_1 1
typedef struct _NET_BUFFER_LIST_POOL_PARAMETERS {
	NDIS_OBJECT_HEADER Header; /* NDIS_OBJECT_TYPE_DEFAULT */
	UCHAR ProtocolId;
	BOOLEAN fAllocateNetBuffer;
	USHORT ContextSize;
	ULONG PoolTag;
	ULONG DataSize;
	ULONG Flags;
} NET_BUFFER_LIST_POOL_PARAMETERS, *PNET_BUFFER_LIST_POOL_PARAMETERS;
#define NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1                                     \
	RTL_SIZEOF_THROUGH_FIELD(NET_BUFFER_LIST_POOL_PARAMETERS, DataSize)
#define NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_2                                     \
	RTL_SIZEOF_THROUGH_FIELD(NET_BUFFER_LIST_POOL_PARAMETERS, Flags)
typedef struct _NET_BUFFER_POOL_PARAMETERS {
	NDIS_OBJECT_HEADER Header;
	ULONG PoolTag;
	ULONG DataSize;
} NET_BUFFER_POOL_PARAMETERS, *PNET_BUFFER_POOL_PARAMETERS;
#define NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NET_BUFFER_POOL_PARAMETERS, DataSize)

NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_LIST_POOL_PARAMETERS Parameters);
VOID NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle);
PNET_BUFFER_LIST NdisAllocateNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize, USHORT ContextBackFill);
PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize,
							USHORT ContextBackFill, PMDL MdlChain, ULONG DataOffset,
							SIZE_T DataLength);
VOID NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList);
NDIS_HANDLE NdisAllocateNetBufferPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_POOL_PARAMETERS Parameters);
VOID NdisFreeNetBufferPool(NDIS_HANDLE PoolHandle);
PNET_BUFFER NdisAllocateNetBuffer(NDIS_HANDLE PoolHandle, PMDL MdlChain, ULONG DataOffset, SIZE_T DataLength);
VOID NdisFreeNetBuffer(PNET_BUFFER NetBuffer);
PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length);
VOID NdisFreeMdl(PMDL Mdl);
PVOID NdisGetDataBuffer(PNET_BUFFER NetBuffer, ULONG BytesNeeded, PVOID Storage, UINT AlignMultiple,
			UINT AlignOffset);
NDIS_STATUS NdisRetreatNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, ULONG DataBackFill,
					  PVOID AllocateMdlHandler);
VOID NdisAdvanceNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
				   PVOID FreeMdlHandler);
NDIS_STATUS NdisAllocateNetBufferListContext(PNET_BUFFER_LIST NetBufferList, USHORT ContextSize,
					     USHORT ContextBackFill, ULONG PoolTag);
VOID NdisFreeNetBufferListContext(PNET_BUFFER_LIST NetBufferList, USHORT ContextSize);

/* ================= NDIS 5 requests and characteristics ================= */
typedef struct _NDIS_REQUEST {
	UCHAR MacReserved[4 * sizeof(PVOID)];
	NDIS_REQUEST_TYPE RequestType;
	union {
		struct {
			NDIS_OID Oid;
			PVOID InformationBuffer;
			UINT InformationBufferLength;
			UINT BytesWritten;
			UINT BytesNeeded;
		} QUERY_INFORMATION;
		struct {
			NDIS_OID Oid;
			PVOID InformationBuffer;
			UINT InformationBufferLength;
			UINT BytesRead;
			UINT BytesNeeded;
		} SET_INFORMATION;
	} DATA;
	UCHAR NdisReserved[9 * sizeof(PVOID)];
	union {
		UCHAR CallMgrReserved[2 * sizeof(PVOID)];
		UCHAR ProtocolReserved[2 * sizeof(PVOID)];
	};
	UCHAR MiniportReserved[2 * sizeof(PVOID)];
} NDIS_REQUEST, *PNDIS_REQUEST;

typedef struct _NDIS_WAN_PACKET NDIS_WAN_PACKET, *PNDIS_WAN_PACKET;
typedef struct _CO_CALL_PARAMETERS CO_CALL_PARAMETERS, *PCO_CALL_PARAMETERS;

typedef BOOLEAN (*W_CHECK_FOR_HANG_HANDLER)(NDIS_HANDLE MiniportAdapterContext);
typedef VOID (*W_DISABLE_INTERRUPT_HANDLER)(NDIS_HANDLE MiniportAdapterContext);
typedef VOID (*W_ENABLE_INTERRUPT_HANDLER)(NDIS_HANDLE MiniportAdapterContext);
typedef VOID (*W_HALT_HANDLER)(NDIS_HANDLE MiniportAdapterContext);
typedef VOID (*W_HANDLE_INTERRUPT_HANDLER)(NDIS_HANDLE MiniportAdapterContext);
typedef NDIS_STATUS (*W_INITIALIZE_HANDLER)(PNDIS_STATUS OpenErrorStatus, PUINT SelectedMediumIndex,
					    PNDIS_MEDIUM MediumArray, UINT MediumArraySize,
					    NDIS_HANDLE MiniportAdapterHandle,
					    NDIS_HANDLE WrapperConfigurationContext);
typedef VOID (*W_ISR_HANDLER)(PBOOLEAN InterruptRecognized, PBOOLEAN QueueMiniportHandleInterrupt,
			      NDIS_HANDLE MiniportAdapterContext);
typedef NDIS_STATUS (*W_QUERY_INFORMATION_HANDLER)(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid,
						   PVOID InformationBuffer, ULONG InformationBufferLength,
						   PULONG BytesWritten, PULONG BytesNeeded);
typedef NDIS_STATUS (*W_RECONFIGURE_HANDLER)(PNDIS_STATUS OpenErrorStatus, NDIS_HANDLE MiniportAdapterContext,
					     NDIS_HANDLE WrapperConfigurationContext);
typedef NDIS_STATUS (*W_RESET_HANDLER)(PBOOLEAN AddressingReset, NDIS_HANDLE MiniportAdapterContext);
typedef NDIS_STATUS (*W_SEND_HANDLER)(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet, UINT Flags);
typedef NDIS_STATUS (*WM_SEND_HANDLER)(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE NdisLinkHandle,
				       PNDIS_WAN_PACKET Packet);
typedef NDIS_STATUS (*W_SET_INFORMATION_HANDLER)(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid,
						 PVOID InformationBuffer, ULONG InformationBufferLength,
						 PULONG BytesRead, PULONG BytesNeeded);
typedef NDIS_STATUS (*W_TRANSFER_DATA_HANDLER)(PNDIS_PACKET Packet, PUINT BytesTransferred,
					       NDIS_HANDLE MiniportAdapterContext,
					       NDIS_HANDLE MiniportReceiveContext, UINT ByteOffset,
					       UINT BytesToTransfer);
typedef NDIS_STATUS (*WM_TRANSFER_DATA_HANDLER)(VOID);
typedef VOID (*W_RETURN_PACKET_HANDLER)(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet);
typedef VOID (*W_SEND_PACKETS_HANDLER)(NDIS_HANDLE MiniportAdapterContext, PPNDIS_PACKET PacketArray,
				       UINT NumberOfPackets);
typedef VOID (*W_ALLOCATE_COMPLETE_HANDLER)(NDIS_HANDLE MiniportAdapterContext, PVOID VirtualAddress,
					    PNDIS_PHYSICAL_ADDRESS PhysicalAddress, ULONG Length,
					    PVOID Context);
typedef NDIS_STATUS (*W_CO_CREATE_VC_HANDLER)(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE NdisVcHandle,
					      PNDIS_HANDLE MiniportVcContext);
typedef NDIS_STATUS (*W_CO_DELETE_VC_HANDLER)(NDIS_HANDLE MiniportVcContext);
typedef NDIS_STATUS (*W_CO_ACTIVATE_VC_HANDLER)(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters);
typedef NDIS_STATUS (*W_CO_DEACTIVATE_VC_HANDLER)(NDIS_HANDLE MiniportVcContext);
typedef VOID (*W_CO_SEND_PACKETS_HANDLER)(NDIS_HANDLE MiniportVcContext, PPNDIS_PACKET PacketArray,
					  UINT NumberOfPackets);
typedef NDIS_STATUS (*W_CO_REQUEST_HANDLER)(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext,
					    PNDIS_REQUEST NdisRequest);
typedef VOID (*W_CANCEL_SEND_PACKETS_HANDLER)(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId);
typedef VOID (*W_PNP_EVENT_NOTIFY_HANDLER)(NDIS_HANDLE MiniportAdapterContext, NDIS_DEVICE_PNP_EVENT PnPEvent,
					   PVOID InformationBuffer, ULONG InformationBufferLength);
typedef VOID (*W_MINIPORT_SHUTDOWN_HANDLER)(NDIS_HANDLE MiniportAdapterContext);
typedef VOID (*ADAPTER_SHUTDOWN_HANDLER)(PVOID ShutdownContext);

/* The NDIS 3.0 part every later layout starts with. */
#define NDIS30_MINIPORT_CHARACTERISTICS_FIELDS                                                      \
	UCHAR MajorNdisVersion;                                                                     \
	UCHAR MinorNdisVersion;                                                                     \
	USHORT Filler;                                                                              \
	UINT Reserved;                                                                              \
	W_CHECK_FOR_HANG_HANDLER CheckForHangHandler;                                               \
	W_DISABLE_INTERRUPT_HANDLER DisableInterruptHandler;                                        \
	W_ENABLE_INTERRUPT_HANDLER EnableInterruptHandler;                                          \
	W_HALT_HANDLER HaltHandler;                                                                 \
	W_HANDLE_INTERRUPT_HANDLER HandleInterruptHandler;                                          \
	W_INITIALIZE_HANDLER InitializeHandler;                                                     \
	W_ISR_HANDLER ISRHandler;                                                                   \
	W_QUERY_INFORMATION_HANDLER QueryInformationHandler;                                        \
	W_RECONFIGURE_HANDLER ReconfigureHandler;                                                   \
	W_RESET_HANDLER ResetHandler;                                                               \
	union {                                                                                     \
		W_SEND_HANDLER SendHandler;                                                         \
		WM_SEND_HANDLER WanSendHandler;                                                     \
	};                                                                                          \
	W_SET_INFORMATION_HANDLER SetInformationHandler;                                            \
	union {                                                                                     \
		W_TRANSFER_DATA_HANDLER TransferDataHandler;                                        \
		WM_TRANSFER_DATA_HANDLER WanTransferDataHandler;                                    \
	};
#define NDIS40_MINIPORT_CHARACTERISTICS_FIELDS                                                      \
	NDIS30_MINIPORT_CHARACTERISTICS_FIELDS                                                      \
	W_RETURN_PACKET_HANDLER ReturnPacketHandler;                                                \
	W_SEND_PACKETS_HANDLER SendPacketsHandler;                                                  \
	W_ALLOCATE_COMPLETE_HANDLER AllocateCompleteHandler;
#define NDIS50_MINIPORT_CHARACTERISTICS_FIELDS                                                      \
	NDIS40_MINIPORT_CHARACTERISTICS_FIELDS                                                      \
	W_CO_CREATE_VC_HANDLER CoCreateVcHandler;                                                   \
	W_CO_DELETE_VC_HANDLER CoDeleteVcHandler;                                                   \
	W_CO_ACTIVATE_VC_HANDLER CoActivateVcHandler;                                               \
	W_CO_DEACTIVATE_VC_HANDLER CoDeactivateVcHandler;                                           \
	W_CO_SEND_PACKETS_HANDLER CoSendPacketsHandler;                                             \
	W_CO_REQUEST_HANDLER CoRequestHandler;
#define NDIS51_MINIPORT_CHARACTERISTICS_FIELDS                                                      \
	NDIS50_MINIPORT_CHARACTERISTICS_FIELDS                                                      \
	W_CANCEL_SEND_PACKETS_HANDLER CancelSendPacketsHandler;                                     \
	W_PNP_EVENT_NOTIFY_HANDLER PnPEventNotifyHandler;                                           \
	W_MINIPORT_SHUTDOWN_HANDLER AdapterShutdownHandler;                                         \
	PVOID Reserved1;                                                                            \
	PVOID Reserved2;                                                                            \
	PVOID Reserved3;                                                                            \
	PVOID Reserved4;

typedef struct _NDIS30_MINIPORT_CHARACTERISTICS {
	NDIS30_MINIPORT_CHARACTERISTICS_FIELDS
} NDIS30_MINIPORT_CHARACTERISTICS;
typedef struct _NDIS40_MINIPORT_CHARACTERISTICS {
	NDIS40_MINIPORT_CHARACTERISTICS_FIELDS
} NDIS40_MINIPORT_CHARACTERISTICS;
typedef struct _NDIS50_MINIPORT_CHARACTERISTICS {
	NDIS50_MINIPORT_CHARACTERISTICS_FIELDS
} NDIS50_MINIPORT_CHARACTERISTICS;
typedef struct _NDIS51_MINIPORT_CHARACTERISTICS {
	NDIS51_MINIPORT_CHARACTERISTICS_FIELDS
} NDIS51_MINIPORT_CHARACTERISTICS;
#if NDIS_MINIPORT_MAJOR_VERSION == 4
typedef NDIS40_MINIPORT_CHARACTERISTICS NDIS_MINIPORT_CHARACTERISTICS;
#elif NDIS_MINIPORT_MAJOR_VERSION == 5 && NDIS_MINIPORT_MINOR_VERSION == 0
typedef NDIS50_MINIPORT_CHARACTERISTICS NDIS_MINIPORT_CHARACTERISTICS;
#else
typedef NDIS51_MINIPORT_CHARACTERISTICS NDIS_MINIPORT_CHARACTERISTICS;
#endif
typedef NDIS_MINIPORT_CHARACTERISTICS *PNDIS_MINIPORT_CHARACTERISTICS;

/* NDIS 5 registration (DriverEntry) */
VOID NdisMInitializeWrapper(PNDIS_HANDLE NdisWrapperHandle, PVOID SystemSpecific1, PVOID SystemSpecific2,
			    PVOID SystemSpecific3);
#define NdisInitializeWrapper NdisMInitializeWrapper
NDIS_STATUS NdisMRegisterMiniport(NDIS_HANDLE NdisWrapperHandle,
				  PNDIS_MINIPORT_CHARACTERISTICS MiniportCharacteristics,
				  UINT CharacteristicsLength);
VOID NdisMRegisterUnloadHandler(NDIS_HANDLE NdisWrapperHandle, PDRIVER_UNLOAD UnloadHandler);
VOID NdisTerminateWrapper(NDIS_HANDLE NdisWrapperHandle, PVOID SystemSpecific);
VOID NdisMSetAttributes(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportAdapterContext,
			BOOLEAN BusMaster, NDIS_INTERFACE_TYPE AdapterType);
VOID NdisMSetAttributesEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportAdapterContext,
			  UINT CheckForHangTimeInSeconds, ULONG AttributeFlags, NDIS_INTERFACE_TYPE AdapterType);
VOID NdisMRegisterAdapterShutdownHandler(NDIS_HANDLE MiniportHandle, PVOID ShutdownContext,
					 ADAPTER_SHUTDOWN_HANDLER ShutdownHandler);
VOID NdisMDeregisterAdapterShutdownHandler(NDIS_HANDLE MiniportHandle);

/* NDIS 5 indications (send/receive/status paths; recorded, not modelled) */
VOID NdisMSendComplete(NDIS_HANDLE MiniportAdapterHandle, PNDIS_PACKET Packet, NDIS_STATUS Status);
VOID NdisMSendResourcesAvailable(NDIS_HANDLE MiniportAdapterHandle);
VOID NdisMIndicateReceivePacket(NDIS_HANDLE MiniportAdapterHandle, PPNDIS_PACKET ReceivePackets,
				UINT NumberOfPackets);
VOID NdisMEthIndicateReceive(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportReceiveContext,
			     PVOID HeaderBuffer, UINT HeaderBufferSize, PVOID LookaheadBuffer,
			     UINT LookaheadBufferSize, UINT PacketSize);
VOID NdisMEthIndicateReceiveComplete(NDIS_HANDLE MiniportAdapterHandle);
VOID NdisMTransferDataComplete(NDIS_HANDLE MiniportAdapterHandle, PNDIS_PACKET Packet, NDIS_STATUS Status,
			       UINT BytesTransferred);
VOID NdisMIndicateStatus(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS GeneralStatus, PVOID StatusBuffer,
			 UINT StatusBufferSize);
VOID NdisMIndicateStatusComplete(NDIS_HANDLE MiniportAdapterHandle);
VOID NdisMQueryInformationComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status);
VOID NdisMSetInformationComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status);
VOID NdisMResetComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status, BOOLEAN AddressingReset);
#define NdisMSendCompleteNoLock NdisMSendComplete

/* ================= NDIS 6 registration and attributes ================= */
typedef enum _NDIS_HALT_ACTION {
	NdisHaltDeviceDisabled,
	NdisHaltDeviceInstanceDeInitialized,
	NdisHaltDevicePoweredDown,
	NdisHaltDeviceSurpriseRemoved,
	NdisHaltDeviceFailed,
	NdisHaltDeviceInitializationFailed,
	NdisHaltDeviceStopped
} NDIS_HALT_ACTION, *PNDIS_HALT_ACTION;

typedef enum _NDIS_SHUTDOWN_ACTION { NdisShutdownPowerOff, NdisShutdownBugCheck } NDIS_SHUTDOWN_ACTION, *PNDIS_SHUTDOWN_ACTION;

typedef struct _NDIS_PORT_AUTHENTICATION_PARAMETERS NDIS_PORT_AUTHENTICATION_PARAMETERS, *PNDIS_PORT_AUTHENTICATION_PARAMETERS;
typedef struct _NDIS_PCI_DEVICE_CUSTOM_PROPERTIES {
	NDIS_OBJECT_HEADER Header;
	UINT32 DeviceType;
	UINT32 CurrentSpeedAndMode;
	UINT32 CurrentPayloadSize;
	UINT32 MaxPayloadSize;
	UINT32 MaxReadRequestSize;
	UINT32 CurrentLinkSpeed;
	UINT32 CurrentLinkWidth;
	UINT32 MaxLinkSpeed;
	UINT32 MaxLinkWidth;
	UINT32 PciExpressVersion;
	UINT32 InterruptType;
	UINT32 MaxInterruptMessages;
} NDIS_PCI_DEVICE_CUSTOM_PROPERTIES, *PNDIS_PCI_DEVICE_CUSTOM_PROPERTIES;

#define NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1 1
typedef struct _NDIS_MINIPORT_INIT_PARAMETERS {
	NDIS_OBJECT_HEADER Header; /* NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS */
	ULONG Flags;
	PNDIS_RESOURCE_LIST AllocatedResources; /* translated; NULL when the device has none */
	NDIS_HANDLE IMDeviceInstanceContext;
	NDIS_HANDLE MiniportAddDeviceContext;
	NET_IFINDEX IfIndex;
	NET_LUID NetLuid;
	PNDIS_PORT_AUTHENTICATION_PARAMETERS DefaultPortAuthStates;
	PNDIS_PCI_DEVICE_CUSTOM_PROPERTIES PciDeviceCustomProperties;
} NDIS_MINIPORT_INIT_PARAMETERS, *PNDIS_MINIPORT_INIT_PARAMETERS;
#define NDIS_SIZEOF_MINIPORT_INIT_PARAMETERS_REVISION_1                                            \
	RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_INIT_PARAMETERS, PciDeviceCustomProperties)

typedef struct _NDIS_MINIPORT_PAUSE_PARAMETERS {
	NDIS_OBJECT_HEADER Header;
	ULONG Flags;
	ULONG PauseReason;
} NDIS_MINIPORT_PAUSE_PARAMETERS, *PNDIS_MINIPORT_PAUSE_PARAMETERS;
typedef struct _NDIS_RESTART_ATTRIBUTES NDIS_RESTART_ATTRIBUTES, *PNDIS_RESTART_ATTRIBUTES;
struct _NDIS_RESTART_ATTRIBUTES {
	PNDIS_RESTART_ATTRIBUTES Next;
	NDIS_OID Oid;
	ULONG DataLength;
	UCHAR Data[1];
};
typedef struct _NDIS_MINIPORT_RESTART_PARAMETERS {
	NDIS_OBJECT_HEADER Header;
	PNDIS_RESTART_ATTRIBUTES RestartAttributes;
	ULONG Flags;
} NDIS_MINIPORT_RESTART_PARAMETERS, *PNDIS_MINIPORT_RESTART_PARAMETERS;
#define NDIS_PAUSE_NDIS_INTERNAL 0x00000001
#define NDIS_PAUSE_LOW_POWER 0x00000002
#define NDIS_PAUSE_BIND_PROTOCOL 0x00000004
#define NDIS_PAUSE_UNBIND_PROTOCOL 0x00000008
#define NDIS_PAUSE_ATTACH_FILTER 0x00000010
#define NDIS_PAUSE_DETACH_FILTER 0x00000020
#define NDIS_PAUSE_FILTER_RESTART_STACK 0x00000040
#define NDIS_PAUSE_MINIPORT_DEVICE_REMOVE 0x00000080

#define NDIS_OID_REQUEST_REVISION_1 1
#define NDIS_OID_REQUEST_NDIS_RESERVED_SIZE 16
typedef struct _NDIS_OID_REQUEST {
	NDIS_OBJECT_HEADER Header;
	NDIS_REQUEST_TYPE RequestType;
	NDIS_PORT_NUMBER PortNumber;
	UINT Timeout;
	PVOID RequestId;
	NDIS_HANDLE RequestHandle;
	union {
		struct {
			NDIS_OID Oid;
			PVOID InformationBuffer;
			UINT InformationBufferLength;
			UINT BytesWritten;
			UINT BytesNeeded;
		} QUERY_INFORMATION;
		struct {
			NDIS_OID Oid;
			PVOID InformationBuffer;
			UINT InformationBufferLength;
			UINT BytesRead;
			UINT BytesNeeded;
		} SET_INFORMATION;
		struct {
			NDIS_OID Oid;
			PVOID InformationBuffer;
			ULONG InputBufferLength;
			ULONG OutputBufferLength;
			ULONG MethodId;
			UINT BytesWritten;
			UINT BytesRead;
			UINT BytesNeeded;
		} METHOD_INFORMATION;
	} DATA;
	UCHAR NdisReserved[NDIS_OID_REQUEST_NDIS_RESERVED_SIZE * sizeof(PVOID)];
	UCHAR MiniportReserved[2 * sizeof(PVOID)];
	UCHAR SourceReserved[2 * sizeof(PVOID)];
	UCHAR SupportedRevision;
	UCHAR Reserved1;
	USHORT Reserved2;
} NDIS_OID_REQUEST, *PNDIS_OID_REQUEST;

#define NDIS_STATUS_INDICATION_REVISION_1 1
typedef struct _NDIS_STATUS_INDICATION {
	NDIS_OBJECT_HEADER Header;
	NDIS_HANDLE SourceHandle;
	NDIS_PORT_NUMBER PortNumber;
	NDIS_STATUS StatusCode;
	ULONG Flags;
	NDIS_HANDLE DestinationHandle;
	PVOID RequestId;
	PVOID StatusBuffer;
	ULONG StatusBufferSize;
	GUID Guid;
	PVOID NdisReserved[4];
} NDIS_STATUS_INDICATION, *PNDIS_STATUS_INDICATION;
#define NDIS_SIZEOF_STATUS_INDICATION_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_STATUS_INDICATION, NdisReserved)

typedef struct _NET_DEVICE_PNP_EVENT {
	NDIS_OBJECT_HEADER Header;
	NDIS_PORT_NUMBER PortNumber;
	NDIS_DEVICE_PNP_EVENT DevicePnPEvent;
	PVOID InformationBuffer;
	ULONG InformationBufferLength;
	UCHAR NdisReserved[2 * sizeof(PVOID)];
} NET_DEVICE_PNP_EVENT, *PNET_DEVICE_PNP_EVENT;
#define NET_DEVICE_PNP_EVENT_REVISION_1 1
#define NDIS_SIZEOF_NET_DEVICE_PNP_EVENT_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NET_DEVICE_PNP_EVENT, NdisReserved)

/* NDIS 6 miniport functions: the role types drivers declare with
 * (MINIPORT_INITIALIZE MyInitializeEx;) and their *_HANDLER pointers. */
typedef NDIS_STATUS SET_OPTIONS(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext);
typedef SET_OPTIONS(*SET_OPTIONS_HANDLER);
typedef SET_OPTIONS MINIPORT_SET_OPTIONS;
typedef NDIS_STATUS MINIPORT_INITIALIZE(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext,
					PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters);
typedef MINIPORT_INITIALIZE(*MINIPORT_INITIALIZE_HANDLER);
typedef VOID MINIPORT_HALT(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction);
typedef MINIPORT_HALT(*MINIPORT_HALT_HANDLER);
typedef VOID MINIPORT_UNLOAD(PDRIVER_OBJECT DriverObject);
typedef MINIPORT_UNLOAD(*MINIPORT_UNLOAD_HANDLER);
typedef MINIPORT_UNLOAD MINIPORT_DRIVER_UNLOAD;
typedef NDIS_STATUS MINIPORT_PAUSE(NDIS_HANDLE MiniportAdapterContext,
				   PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters);
typedef MINIPORT_PAUSE(*MINIPORT_PAUSE_HANDLER);
typedef NDIS_STATUS MINIPORT_RESTART(NDIS_HANDLE MiniportAdapterContext,
				     PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters);
typedef MINIPORT_RESTART(*MINIPORT_RESTART_HANDLER);
typedef NDIS_STATUS MINIPORT_OID_REQUEST(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest);
typedef MINIPORT_OID_REQUEST(*MINIPORT_OID_REQUEST_HANDLER);
typedef MINIPORT_OID_REQUEST MINIPORT_DIRECT_OID_REQUEST;
typedef MINIPORT_OID_REQUEST(*MINIPORT_DIRECT_OID_REQUEST_HANDLER);
typedef MINIPORT_OID_REQUEST MINIPORT_SYNCHRONOUS_OID_REQUEST;
typedef MINIPORT_OID_REQUEST(*MINIPORT_SYNCHRONOUS_OID_REQUEST_HANDLER);
typedef VOID MINIPORT_SEND_NET_BUFFER_LISTS(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferList,
					    NDIS_PORT_NUMBER PortNumber, ULONG SendFlags);
typedef MINIPORT_SEND_NET_BUFFER_LISTS(*MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER);
typedef VOID MINIPORT_RETURN_NET_BUFFER_LISTS(NDIS_HANDLE MiniportAdapterContext,
					      PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags);
typedef MINIPORT_RETURN_NET_BUFFER_LISTS(*MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER);
typedef VOID MINIPORT_CANCEL_SEND(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId);
typedef MINIPORT_CANCEL_SEND(*MINIPORT_CANCEL_SEND_HANDLER);
typedef BOOLEAN MINIPORT_CHECK_FOR_HANG(NDIS_HANDLE MiniportAdapterContext);
typedef MINIPORT_CHECK_FOR_HANG(*MINIPORT_CHECK_FOR_HANG_HANDLER);
typedef NDIS_STATUS MINIPORT_RESET(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset);
typedef MINIPORT_RESET(*MINIPORT_RESET_HANDLER);
typedef VOID MINIPORT_DEVICE_PNP_EVENT_NOTIFY(NDIS_HANDLE MiniportAdapterContext,
					      PNET_DEVICE_PNP_EVENT NetDevicePnPEvent);
typedef MINIPORT_DEVICE_PNP_EVENT_NOTIFY(*MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER);
typedef VOID MINIPORT_SHUTDOWN(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction);
typedef MINIPORT_SHUTDOWN(*MINIPORT_SHUTDOWN_HANDLER);
typedef VOID MINIPORT_CANCEL_OID_REQUEST(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId);
typedef MINIPORT_CANCEL_OID_REQUEST(*MINIPORT_CANCEL_OID_REQUEST_HANDLER);
typedef MINIPORT_CANCEL_OID_REQUEST MINIPORT_CANCEL_DIRECT_OID_REQUEST;
typedef MINIPORT_CANCEL_OID_REQUEST(*MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER);
typedef VOID MINIPORT_PROCESS_SG_LIST(PDEVICE_OBJECT pDO, PVOID Reserved, PSCATTER_GATHER_LIST pSGL,
				      PVOID Context);
typedef MINIPORT_PROCESS_SG_LIST(*MINIPORT_PROCESS_SG_LIST_HANDLER);
typedef VOID MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE(NDIS_HANDLE MiniportAdapterContext, PVOID VirtualAddress,
						   PNDIS_PHYSICAL_ADDRESS PhysicalAddress, ULONG Length,
						   PVOID Context);
typedef MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE(*MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE_HANDLER);
typedef NDIS_STATUS MINIPORT_ADD_DEVICE(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext);
typedef MINIPORT_ADD_DEVICE(*MINIPORT_ADD_DEVICE_HANDLER);
typedef VOID MINIPORT_REMOVE_DEVICE(NDIS_HANDLE MiniportAddDeviceContext);
typedef MINIPORT_REMOVE_DEVICE(*MINIPORT_REMOVE_DEVICE_HANDLER);
typedef NDIS_STATUS MINIPORT_FILTER_RESOURCE_REQUIREMENTS(NDIS_HANDLE MiniportAddDeviceContext, PIRP Irp);
typedef MINIPORT_FILTER_RESOURCE_REQUIREMENTS(*MINIPORT_FILTER_RESOURCE_REQUIREMENTS_HANDLER);
typedef NDIS_STATUS MINIPORT_START_DEVICE(NDIS_HANDLE MiniportAddDeviceContext, PIRP Irp);
typedef MINIPORT_START_DEVICE(*MINIPORT_START_DEVICE_HANDLER);

#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1 1
#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 2
#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3 3
typedef struct _NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
	NDIS_OBJECT_HEADER Header; /* NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS */
	UCHAR MajorNdisVersion;
	UCHAR MinorNdisVersion;
	UCHAR MajorDriverVersion;
	UCHAR MinorDriverVersion;
	ULONG Flags;
	SET_OPTIONS_HANDLER SetOptionsHandler;
	MINIPORT_INITIALIZE_HANDLER InitializeHandlerEx;
	MINIPORT_HALT_HANDLER HaltHandlerEx;
	MINIPORT_UNLOAD_HANDLER UnloadHandler;
	MINIPORT_PAUSE_HANDLER PauseHandler;
	MINIPORT_RESTART_HANDLER RestartHandler;
	MINIPORT_OID_REQUEST_HANDLER OidRequestHandler;
	MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER SendNetBufferListsHandler;
	MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER ReturnNetBufferListsHandler;
	MINIPORT_CANCEL_SEND_HANDLER CancelSendHandler;
	MINIPORT_CHECK_FOR_HANG_HANDLER CheckForHangHandlerEx;
	MINIPORT_RESET_HANDLER ResetHandlerEx;
	MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER DevicePnPEventNotifyHandler;
	MINIPORT_SHUTDOWN_HANDLER ShutdownHandlerEx;
	MINIPORT_CANCEL_OID_REQUEST_HANDLER CancelOidRequestHandler;
	MINIPORT_DIRECT_OID_REQUEST_HANDLER DirectOidRequestHandler;
	MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER CancelDirectOidRequestHandler;
	MINIPORT_SYNCHRONOUS_OID_REQUEST_HANDLER SynchronousOidRequestHandler;
} NDIS_MINIPORT_DRIVER_CHARACTERISTICS, *PNDIS_MINIPORT_DRIVER_CHARACTERISTICS;
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1                                     \
	RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, CancelOidRequestHandler)
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2                                     \
	RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, CancelDirectOidRequestHandler)
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3                                     \
	RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, SynchronousOidRequestHandler)
#define NDIS_WDM_DRIVER 0x00000001
#define NDIS_INTERMEDIATE_DRIVER 0x00000002

typedef struct _NDIS_MINIPORT_PNP_CHARACTERISTICS {
	NDIS_OBJECT_HEADER Header;
	MINIPORT_ADD_DEVICE_HANDLER MiniportAddDeviceHandler;
	MINIPORT_REMOVE_DEVICE_HANDLER MiniportRemoveDeviceHandler;
	MINIPORT_FILTER_RESOURCE_REQUIREMENTS_HANDLER MiniportFilterResourceRequirementsHandler;
	MINIPORT_START_DEVICE_HANDLER MiniportStartDeviceHandler;
	ULONG Flags;
} NDIS_MINIPORT_PNP_CHARACTERISTICS, *PNDIS_MINIPORT_PNP_CHARACTERISTICS;
#define NDIS_MINIPORT_PNP_CHARACTERISTICS_REVISION_1 1

NDIS_STATUS NdisMRegisterMiniportDriver(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath,
					NDIS_HANDLE MiniportDriverContext,
					PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics,
					PNDIS_HANDLE NdisMiniportDriverHandle);
VOID NdisMDeregisterMiniportDriver(NDIS_HANDLE NdisMiniportDriverHandle);
NDIS_STATUS NdisSetOptionalHandlers(NDIS_HANDLE NdisHandle, PNDIS_OBJECT_HEADER OptionalHandlers);

/* Adapter attributes (NdisMSetMiniportAttributes) */
#define NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE 0x00000001
#define NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM 0x00000002
#define NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK 0x00000004
#define NDIS_MINIPORT_ATTRIBUTES_NOT_CO_NDIS 0x00000008
#define NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO 0x00000010
#define NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND 0x00000020
#define NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER 0x00000040
#define NDIS_MINIPORT_ATTRIBUTES_CONTROLS_DEFAULT_PORT 0x00000080
#define NDIS_MINIPORT_ATTRIBUTES_NO_PAUSE_ON_SUSPEND 0x00000100
#define NDIS_MINIPORT_ATTRIBUTES_NO_OID_INTERCEPT_ON_NONDEFAULT_PORTS 0x00000200
#define NDIS_MINIPORT_ATTRIBUTES_REGISTER_BUGCHECK_CALLBACK 0x00000400

#define NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 1
#define NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2 2
typedef struct _NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
	NDIS_OBJECT_HEADER Header; /* NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES */
	NDIS_HANDLE MiniportAdapterContext;
	ULONG AttributeFlags;
	UINT CheckForHangTimeInSeconds;
	NDIS_INTERFACE_TYPE InterfaceType;
} NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
#define NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1                            \
	RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, InterfaceType)
#define NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2                            \
	RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, InterfaceType)

#define NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1 1
#define NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 2
typedef struct _NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
	NDIS_OBJECT_HEADER Header; /* NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES */
	ULONG Flags;
	NDIS_MEDIUM MediaType;
	NDIS_PHYSICAL_MEDIUM PhysicalMediumType;
	ULONG MtuSize;
	ULONG64 MaxXmitLinkSpeed;
	ULONG64 XmitLinkSpeed;
	ULONG64 MaxRcvLinkSpeed;
	ULONG64 RcvLinkSpeed;
	NDIS_MEDIA_CONNECT_STATE MediaConnectState;
	NDIS_MEDIA_DUPLEX_STATE MediaDuplexState;
	ULONG LookaheadSize;
	PNDIS_PNP_CAPABILITIES PowerManagementCapabilities;
	ULONG MacOptions;
	ULONG SupportedPacketFilters;
	ULONG MaxMulticastListSize;
	USHORT MacAddressLength;
	UCHAR PermanentMacAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
	UCHAR CurrentMacAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
	PNDIS_RECEIVE_SCALE_CAPABILITIES RecvScaleCapabilities;
	NET_IF_ACCESS_TYPE AccessType;
	NET_IF_DIRECTION_TYPE DirectionType;
	NET_IF_CONNECTION_TYPE ConnectionType;
	NET_IFTYPE IfType;
	BOOLEAN IfConnectorPresent;
	ULONG SupportedStatistics;
	ULONG SupportedPauseFunctions;
	ULONG DataBackFillSize;
	ULONG ContextBackFillSize;
	PNDIS_OID SupportedOidList;
	ULONG SupportedOidListLength;
	ULONG AutoNegotiationFlags;
	PNDIS_PM_CAPABILITIES PowerManagementCapabilitiesEx;
} NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
#define NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1                                 \
	RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, AutoNegotiationFlags)
#define NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2                                 \
	RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, PowerManagementCapabilitiesEx)

typedef struct _NDIS_TCP_CONNECTION_OFFLOAD NDIS_TCP_CONNECTION_OFFLOAD, *PNDIS_TCP_CONNECTION_OFFLOAD;
typedef struct _NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES {
	NDIS_OBJECT_HEADER Header; /* NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES */
	PNDIS_OFFLOAD DefaultOffloadConfiguration;
	PNDIS_OFFLOAD HardwareOffloadCapabilities;
	PNDIS_TCP_CONNECTION_OFFLOAD DefaultTcpConnectionOffloadConfiguration;
	PNDIS_TCP_CONNECTION_OFFLOAD TcpConnectionOffloadHardwareCapabilities;
} NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;
#define NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1 1
#define NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1                                 \
	RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, TcpConnectionOffloadHardwareCapabilities)

typedef struct _NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES {
	NDIS_OBJECT_HEADER Header;
	NDIS_HANDLE MiniportAddDeviceContext;
	ULONG Flags;
} NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES, *PNDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES;
#define NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES_REVISION_1 1

typedef struct _NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES {
	NDIS_OBJECT_HEADER Header;
	PVOID HDSplitAttributes;
	PVOID HardwareReceiveFilterCapabilities;
	PVOID CurrentReceiveFilterCapabilities;
	PVOID HardwareNicSwitchCapabilities;
	PVOID CurrentNicSwitchCapabilities;
} NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES;

typedef union _NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
	NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES AddDeviceRegistrationAttributes;
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES RegistrationAttributes;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES GeneralAttributes;
	NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES OffloadAttributes;
	NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES HardwareAssistAttributes;
} NDIS_MINIPORT_ADAPTER_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_ATTRIBUTES;

NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE NdisMiniportAdapterHandle,
				       PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes);

/* NDIS 6 indications (recorded, not modelled) */
VOID NdisMIndicateStatusEx(NDIS_HANDLE MiniportAdapterHandle, PNDIS_STATUS_INDICATION StatusIndication);
VOID NdisMOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status);
VOID NdisMDirectOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle, PNDIS_OID_REQUEST OidRequest,
				   NDIS_STATUS Status);
VOID NdisMPauseComplete(NDIS_HANDLE MiniportAdapterHandle);
VOID NdisMRestartComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status);
VOID NdisMIndicateReceiveNetBufferLists(NDIS_HANDLE MiniportAdapterHandle, PNET_BUFFER_LIST NetBufferList,
					NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists,
					ULONG ReceiveFlags);
VOID NdisMSendNetBufferListsComplete(NDIS_HANDLE MiniportAdapterHandle, PNET_BUFFER_LIST NetBufferList,
				     ULONG SendCompleteFlags);
#define NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_RECEIVE_FLAGS_RESOURCES 0x00000002
#define NDIS_RECEIVE_FLAGS_SINGLE_ETHER_TYPE 0x00000100
#define NDIS_RECEIVE_FLAGS_SINGLE_VLAN 0x00000200
#define NDIS_RECEIVE_FLAGS_PERFECT_FILTERED 0x00000400
#define NDIS_RECEIVE_FLAGS_SINGLE_QUEUE 0x00000800
#define NDIS_RECEIVE_FLAGS_SHARED_MEMORY_INFO_VALID 0x00001000
#define NDIS_RECEIVE_FLAGS_MORE_NBLS 0x00002000
#define NDIS_SEND_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK 0x00000002
#define NDIS_SEND_FLAGS_SINGLE_QUEUE 0x00000004
#define NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_SEND_COMPLETE_FLAGS_SINGLE_QUEUE 0x00000002
#define NDIS_RETURN_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_RETURN_FLAGS_SINGLE_QUEUE 0x00000002
#define NDIS_TEST_SEND_FLAG(_Flags, _Fl) (((_Flags) & (_Fl)) == (_Fl))
#define NDIS_SET_SEND_FLAG(_Flags, _Fl) ((_Flags) |= (_Fl))
#define NDIS_TEST_SEND_AT_DISPATCH_LEVEL(_Flags) NDIS_TEST_SEND_FLAG((_Flags), NDIS_SEND_FLAGS_DISPATCH_LEVEL)
#define NDIS_TEST_SEND_COMPLETE_FLAG(_Flags, _Fl) (((_Flags) & (_Fl)) == (_Fl))
#define NDIS_SET_SEND_COMPLETE_FLAG(_Flags, _Fl) ((_Flags) |= (_Fl))
#define NDIS_TEST_SEND_COMPLETE_AT_DISPATCH_LEVEL(_Flags)                                           \
	NDIS_TEST_SEND_COMPLETE_FLAG((_Flags), NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL)
#define NDIS_TEST_RETURN_FLAG(_Flags, _Fl) (((_Flags) & (_Fl)) == (_Fl))
#define NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(_Flags) NDIS_TEST_RETURN_FLAG((_Flags), NDIS_RETURN_FLAGS_DISPATCH_LEVEL)
#define NDIS_TEST_RECEIVE_FLAG(_Flags, _Fl) (((_Flags) & (_Fl)) == (_Fl))
#define NDIS_SET_RECEIVE_FLAG(_Flags, _Fl) ((_Flags) |= (_Fl))
#define NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(_Flags) NDIS_TEST_RECEIVE_FLAG((_Flags), NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL)
#define NDIS_TEST_RECEIVE_CANNOT_PEND(_Flags) NDIS_TEST_RECEIVE_FLAG((_Flags), NDIS_RECEIVE_FLAGS_RESOURCES)

/* ================= Resources and configuration ================= */
VOID NdisMQueryAdapterResources(PNDIS_STATUS Status, NDIS_HANDLE WrapperConfigurationContext,
				PNDIS_RESOURCE_LIST ResourceList, PUINT BufferSize);
NDIS_STATUS NdisMPciAssignResources(NDIS_HANDLE MiniportHandle, ULONG SlotNumber,
				    PNDIS_RESOURCE_LIST *AssignedResources);
ULONG NdisReadPciSlotInformation(NDIS_HANDLE NdisAdapterHandle, ULONG SlotNumber, ULONG Offset, PVOID Buffer,
				 ULONG Length);
ULONG NdisWritePciSlotInformation(NDIS_HANDLE NdisAdapterHandle, ULONG SlotNumber, ULONG Offset, PVOID Buffer,
				  ULONG Length);
ULONG NdisMGetBusData(NDIS_HANDLE NdisMiniportHandle, ULONG WhichSpace, ULONG Offset, PVOID Buffer, ULONG Length);
ULONG NdisMSetBusData(NDIS_HANDLE NdisMiniportHandle, ULONG WhichSpace, ULONG Offset, PVOID Buffer, ULONG Length);
VOID NdisMGetDeviceProperty(NDIS_HANDLE MiniportAdapterHandle, PDEVICE_OBJECT *PhysicalDeviceObject,
			    PDEVICE_OBJECT *FunctionalDeviceObject, PDEVICE_OBJECT *NextDeviceObject,
			    PCM_RESOURCE_LIST *AllocatedResources, PCM_RESOURCE_LIST *AllocatedResourcesTranslated);
VOID NdisReadNetworkAddress(PNDIS_STATUS Status, PVOID *NetworkAddress, PUINT NetworkAddressLength,
			    NDIS_HANDLE ConfigurationHandle);

typedef enum _NDIS_PARAMETER_TYPE {
	NdisParameterInteger,
	NdisParameterHexInteger,
	NdisParameterString,
	NdisParameterMultiString,
	NdisParameterBinary
} NDIS_PARAMETER_TYPE, *PNDIS_PARAMETER_TYPE;
typedef struct {
	USHORT Length;
	PVOID Buffer;
} BINARY_DATA;
typedef struct _NDIS_CONFIGURATION_PARAMETER {
	NDIS_PARAMETER_TYPE ParameterType;
	union {
		ULONG IntegerData;
		NDIS_STRING StringData;
		BINARY_DATA BinaryData;
	} ParameterData;
} NDIS_CONFIGURATION_PARAMETER, *PNDIS_CONFIGURATION_PARAMETER;

#define NDIS_CONFIGURATION_OBJECT_REVISION_1 1
#define NDIS_CONFIG_FLAG_FILTER_INSTANCE_CONFIGURATION 0x00000001
typedef struct _NDIS_CONFIGURATION_OBJECT {
	NDIS_OBJECT_HEADER Header; /* NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT */
	NDIS_HANDLE NdisHandle;    /* the miniport adapter handle */
	ULONG Flags;
} NDIS_CONFIGURATION_OBJECT, *PNDIS_CONFIGURATION_OBJECT;
#define NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_CONFIGURATION_OBJECT, Flags)

VOID NdisOpenConfiguration(PNDIS_STATUS Status, PNDIS_HANDLE ConfigurationHandle,
			   NDIS_HANDLE WrapperConfigurationContext);
NDIS_STATUS NdisOpenConfigurationEx(PNDIS_CONFIGURATION_OBJECT ConfigObject, PNDIS_HANDLE ConfigurationHandle);
VOID NdisOpenConfigurationKeyByName(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle, PNDIS_STRING SubKeyName,
				    PNDIS_HANDLE SubKeyHandle);
VOID NdisOpenConfigurationKeyByIndex(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle, ULONG Index,
				     PNDIS_STRING KeyName, PNDIS_HANDLE KeyHandle);
VOID NdisReadConfiguration(PNDIS_STATUS Status, PNDIS_CONFIGURATION_PARAMETER *ParameterValue,
			   NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword, NDIS_PARAMETER_TYPE ParameterType);
VOID NdisWriteConfiguration(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword,
			    PNDIS_CONFIGURATION_PARAMETER ParameterValue);
VOID NdisCloseConfiguration(NDIS_HANDLE ConfigurationHandle);

/* ================= I/O space, registers and ports ================= */
NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length);
VOID NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length);
NDIS_STATUS NdisMRegisterIoPortRange(PVOID *PortOffset, NDIS_HANDLE MiniportAdapterHandle, UINT InitialPort,
				     UINT NumberOfPorts);
VOID NdisMDeregisterIoPortRange(NDIS_HANDLE MiniportAdapterHandle, UINT InitialPort, UINT NumberOfPorts,
				PVOID PortOffset);

/* As in the WDK: macros over the real functions of wdm.h, so that each
 * access is a call from the driver's own line. */
#define NdisReadRegisterUchar(Register, Data) (*(Data) = READ_REGISTER_UCHAR((volatile UCHAR *)(Register)))
#define NdisReadRegisterUshort(Register, Data) (*(Data) = READ_REGISTER_USHORT((volatile USHORT *)(Register)))
#define NdisReadRegisterUlong(Register, Data) (*(Data) = READ_REGISTER_ULONG((volatile ULONG *)(Register)))
#define NdisWriteRegisterUchar(Register, Data) WRITE_REGISTER_UCHAR((volatile UCHAR *)(Register), (Data))
#define NdisWriteRegisterUshort(Register, Data) WRITE_REGISTER_USHORT((volatile USHORT *)(Register), (Data))
#define NdisWriteRegisterUlong(Register, Data) WRITE_REGISTER_ULONG((volatile ULONG *)(Register), (Data))
#define NdisRawReadPortUchar(Port, Data) (*(Data) = READ_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Port)))
#define NdisRawReadPortUshort(Port, Data) (*(Data) = READ_PORT_USHORT((PUSHORT)(ULONG_PTR)(Port)))
#define NdisRawReadPortUlong(Port, Data) (*(Data) = READ_PORT_ULONG((PULONG)(ULONG_PTR)(Port)))
#define NdisRawWritePortUchar(Port, Data) WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Port), (UCHAR)(Data))
#define NdisRawWritePortUshort(Port, Data) WRITE_PORT_USHORT((PUSHORT)(ULONG_PTR)(Port), (USHORT)(Data))
#define NdisRawWritePortUlong(Port, Data) WRITE_PORT_ULONG((PULONG)(ULONG_PTR)(Port), (ULONG)(Data))
#define NdisRawReadPortBufferUchar(Port, Buffer, Length) READ_PORT_BUFFER_UCHAR((PUCHAR)(ULONG_PTR)(Port), (PUCHAR)(Buffer), (Length))
#define NdisRawReadPortBufferUshort(Port, Buffer, Length) READ_PORT_BUFFER_USHORT((PUSHORT)(ULONG_PTR)(Port), (PUSHORT)(Buffer), (Length))
#define NdisRawReadPortBufferUlong(Port, Buffer, Length) READ_PORT_BUFFER_ULONG((PULONG)(ULONG_PTR)(Port), (PULONG)(Buffer), (Length))
#define NdisRawWritePortBufferUchar(Port, Buffer, Length) WRITE_PORT_BUFFER_UCHAR((PUCHAR)(ULONG_PTR)(Port), (PUCHAR)(Buffer), (Length))
#define NdisRawWritePortBufferUshort(Port, Buffer, Length) WRITE_PORT_BUFFER_USHORT((PUSHORT)(ULONG_PTR)(Port), (PUSHORT)(Buffer), (Length))
#define NdisRawWritePortBufferUlong(Port, Buffer, Length) WRITE_PORT_BUFFER_ULONG((PULONG)(ULONG_PTR)(Port), (PULONG)(Buffer), (Length))
#define NdisImmediateReadPortUchar(WrapperConfigurationContext, Port, Data) NdisRawReadPortUchar(Port, Data)
#define NdisImmediateReadPortUshort(WrapperConfigurationContext, Port, Data) NdisRawReadPortUshort(Port, Data)
#define NdisImmediateReadPortUlong(WrapperConfigurationContext, Port, Data) NdisRawReadPortUlong(Port, Data)
#define NdisImmediateWritePortUchar(WrapperConfigurationContext, Port, Data) NdisRawWritePortUchar(Port, Data)
#define NdisImmediateWritePortUshort(WrapperConfigurationContext, Port, Data) NdisRawWritePortUshort(Port, Data)
#define NdisImmediateWritePortUlong(WrapperConfigurationContext, Port, Data) NdisRawWritePortUlong(Port, Data)
#define NdisStallExecution(MicroSecondsToStall) KeStallExecutionProcessor(MicroSecondsToStall)
VOID NdisMSleep(ULONG MicrosecondsToSleep);
#define NdisGetCurrentSystemTime(pSystemTime) KeQuerySystemTime(pSystemTime)
VOID NdisGetSystemUpTime(PULONG pSystemUpTime);
VOID NdisGetSystemUpTimeEx(PLARGE_INTEGER pSystemUpTime);
VOID NdisGetCurrentProcessorCpuUsage(PULONG pCpuUsage);
VOID NdisGetCurrentProcessorCounts(PULONG pIdleCount, PULONG pKernelAndUser, PULONG pIndex);
#define NdisSystemProcessorCount() KeQueryActiveProcessorCount(NULL)
#define NdisGroupMaxProcessorCount(Group) KeQueryActiveProcessorCountEx(Group)
#define NdisCurrentProcessorIndex() ((ULONG)KeGetCurrentProcessorNumber())

/* ================= Memory, shared memory, DMA ================= */
NDIS_STATUS NdisAllocateMemory(PVOID *VirtualAddress, UINT Length, UINT MemoryFlags,
			       NDIS_PHYSICAL_ADDRESS HighestAcceptableAddress);
NDIS_STATUS NdisAllocateMemoryWithTag(PVOID *VirtualAddress, UINT Length, ULONG Tag);
PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag, EX_POOL_PRIORITY Priority);
VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags);
VOID NdisFreeMemoryWithTag(PVOID VirtualAddress, ULONG Tag);
VOID NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, ULONG Tag);
#define NdisZeroMemory(Destination, Length) RtlZeroMemory(Destination, Length)
#define NdisMoveMemory(Destination, Source, Length) RtlCopyMemory(Destination, Source, Length)
#define NdisFillMemory(Destination, Length, Fill) RtlFillMemory(Destination, Length, Fill)
#define NdisEqualMemory(Source1, Source2, Length) RtlEqualMemory(Source1, Source2, Length)
#define NdisRetrieveUlong(DestinationAddress, SourceAddress) RtlRetrieveUlong(DestinationAddress, SourceAddress)
#define NdisStoreUlong(DestinationAddress, Value) RtlStoreUlong(DestinationAddress, Value)
#define RtlRetrieveUlong(D, S) memcpy((D), (S), sizeof(ULONG))
#define RtlStoreUlong(D, V) do { ULONG ddk_v_ = (V); memcpy((D), &ddk_v_, sizeof(ULONG)); } while (0)
#define NdisMoveMappedMemory(Destination, Source, Length) RtlCopyMemory(Destination, Source, Length)
#define NdisZeroMappedMemory(Destination, Length) RtlZeroMemory(Destination, Length)
#define NdisMoveToMappedMemory(Destination, Source, Length) NdisMoveMappedMemory(Destination, Source, Length)
#define NdisMoveFromMappedMemory(Destination, Source, Length) NdisMoveMappedMemory(Destination, Source, Length)
#define NdisMUpdateSharedMemory(_H, _L, _V, _P) ((void)(_H), (void)(_L), (void)(_V), (void)(_P))
#define NDIS_BUFFER_TO_SPAN_PAGES(_Buffer)                                                          \
	(MmGetMdlByteCount(_Buffer) == 0 ? 1 : ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(_Buffer), MmGetMdlByteCount(_Buffer)))
#define NdisFlushBuffer(Buffer, WriteToDevice) ((void)(Buffer), (void)(WriteToDevice))
#define NdisQueryBufferSafeTag_(x) x

VOID NdisMAllocateSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached,
			       PVOID *VirtualAddress, PNDIS_PHYSICAL_ADDRESS PhysicalAddress);
VOID NdisMFreeSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached, PVOID VirtualAddress,
			   NDIS_PHYSICAL_ADDRESS PhysicalAddress);
NDIS_STATUS NdisMAllocateSharedMemoryAsync(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached,
					   PVOID Context);
NDIS_STATUS NdisMAllocateSharedMemoryAsyncEx(NDIS_HANDLE MiniportDmaHandle, ULONG Length, BOOLEAN Cached,
					     PVOID Context);
NDIS_STATUS NdisMInitializeScatterGatherDma(NDIS_HANDLE MiniportAdapterHandle, BOOLEAN Dma64BitAddresses,
					    ULONG MaximumPhysicalMapping);
NDIS_STATUS NdisMAllocateMapRegisters(NDIS_HANDLE MiniportAdapterHandle, UINT DmaChannel, NDIS_DMA_SIZE DmaSize,
				      ULONG BaseMapRegistersNeeded, ULONG MaximumPhysicalMapping);
VOID NdisMFreeMapRegisters(NDIS_HANDLE MiniportAdapterHandle);
ULONG NdisGetSharedDataAlignment(VOID);
ULONG NdisMGetDmaAlignment(NDIS_HANDLE MiniportAdapterHandle);

#define NDIS_SG_DMA_DESCRIPTION_REVISION_1 1
#define NDIS_SG_DMA_DESCRIPTION_REVISION_2 2
#define NDIS_SG_DMA_64_BIT_ADDRESS 0x00000001
#define NDIS_SG_DMA_V3_HAL_API 0x00000002
#define NDIS_SG_DMA_HYBRID_DMA 0x00000004
typedef struct _NDIS_SG_DMA_DESCRIPTION {
	NDIS_OBJECT_HEADER Header; /* NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION */
	ULONG Flags;
	ULONG MaximumPhysicalMapping;
	MINIPORT_PROCESS_SG_LIST_HANDLER ProcessSGListHandler;
	MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE_HANDLER SharedMemAllocateCompleteHandler;
	ULONG ScatterGatherListSize; /* out: what one SG list takes */
} NDIS_SG_DMA_DESCRIPTION, *PNDIS_SG_DMA_DESCRIPTION;
#define NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_SG_DMA_DESCRIPTION, ScatterGatherListSize)
#define NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_2 RTL_SIZEOF_THROUGH_FIELD(NDIS_SG_DMA_DESCRIPTION, ScatterGatherListSize)
NDIS_STATUS NdisMRegisterScatterGatherDma(NDIS_HANDLE MiniportAdapterHandle, PNDIS_SG_DMA_DESCRIPTION DmaDescription,
					  PNDIS_HANDLE NdisMiniportDmaHandle);
VOID NdisMDeregisterScatterGatherDma(NDIS_HANDLE NdisMiniportDmaHandle);
#define NDIS_SG_LIST_WRITE_TO_DEVICE 0x000000001
NDIS_STATUS NdisMAllocateNetBufferSGList(NDIS_HANDLE NdisMiniportDmaHandle, PNET_BUFFER NetBuffer, PVOID Context,
					 ULONG Flags, PVOID ScatterGatherListBuffer,
					 ULONG ScatterGatherListBufferSize);
VOID NdisMFreeNetBufferSGList(NDIS_HANDLE NdisMiniportDmaHandle, PSCATTER_GATHER_LIST pSGL, PNET_BUFFER NetBuffer);

/* ================= Interrupts ================= */
typedef struct _NDIS_MINIPORT_INTERRUPT {
	PKINTERRUPT InterruptObject;
	KSPIN_LOCK DpcCountLock;
	PVOID Reserved;
	W_ISR_HANDLER MiniportIsr;
	W_HANDLE_INTERRUPT_HANDLER MiniportDpc;
	KDPC InterruptDpc;
	PNDIS_MINIPORT_BLOCK Miniport;
	UCHAR DpcCount;
	BOOLEAN Filler1;
	KEVENT DpcsCompletedEvent;
	BOOLEAN SharedInterrupt;
	BOOLEAN IsrRequested;
} NDIS_MINIPORT_INTERRUPT, *PNDIS_MINIPORT_INTERRUPT;

NDIS_STATUS NdisMRegisterInterrupt(PNDIS_MINIPORT_INTERRUPT Interrupt, NDIS_HANDLE MiniportAdapterHandle,
				   UINT InterruptVector, UINT InterruptLevel, BOOLEAN RequestIsr,
				   BOOLEAN SharedInterrupt, NDIS_INTERRUPT_MODE InterruptMode);
VOID NdisMDeregisterInterrupt(PNDIS_MINIPORT_INTERRUPT Interrupt);
BOOLEAN NdisMSynchronizeWithInterrupt(PNDIS_MINIPORT_INTERRUPT Interrupt, PVOID SynchronizeFunction,
				      PVOID SynchronizeContext);

typedef struct _NDIS_RECEIVE_THROTTLE_PARAMETERS {
	ULONG MaxNblsToIndicate;
	ULONG MoreNblsPending : 1;
} NDIS_RECEIVE_THROTTLE_PARAMETERS, *PNDIS_RECEIVE_THROTTLE_PARAMETERS;
#define NDIS_INDICATE_ALL_NBLS ((ULONG)~0u) /* ~0ul on Windows, where long is 32 bits */
typedef BOOLEAN MINIPORT_ISR(NDIS_HANDLE MiniportInterruptContext, PBOOLEAN QueueDefaultInterruptDpc,
			     PULONG TargetProcessors);
typedef MINIPORT_ISR(*MINIPORT_ISR_HANDLER);
typedef MINIPORT_ISR MINIPORT_INTERRUPT_ISR;
typedef VOID MINIPORT_INTERRUPT_DPC(NDIS_HANDLE MiniportInterruptContext, PVOID MiniportDpcContext,
				    PVOID ReceiveThrottleParameters, PVOID NdisReserved2);
typedef MINIPORT_INTERRUPT_DPC(*MINIPORT_INTERRUPT_DPC_HANDLER);
typedef VOID MINIPORT_DISABLE_INTERRUPT(NDIS_HANDLE MiniportInterruptContext);
typedef MINIPORT_DISABLE_INTERRUPT(*MINIPORT_DISABLE_INTERRUPT_HANDLER);
typedef VOID MINIPORT_ENABLE_INTERRUPT(NDIS_HANDLE MiniportInterruptContext);
typedef MINIPORT_ENABLE_INTERRUPT(*MINIPORT_ENABLE_INTERRUPT_HANDLER);
typedef BOOLEAN MINIPORT_MESSAGE_INTERRUPT(NDIS_HANDLE MiniportInterruptContext, ULONG MessageId,
					   PBOOLEAN QueueDefaultInterruptDpc, PULONG TargetProcessors);
typedef MINIPORT_MESSAGE_INTERRUPT(*MINIPORT_MSI_ISR_HANDLER);
typedef VOID MINIPORT_MESSAGE_INTERRUPT_DPC(NDIS_HANDLE MiniportInterruptContext, ULONG MessageId,
					    PVOID MiniportDpcContext, PVOID ReceiveThrottleParameters,
					    PVOID NdisReserved2);
typedef MINIPORT_MESSAGE_INTERRUPT_DPC(*MINIPORT_MSI_INTERRUPT_DPC_HANDLER);
typedef VOID MINIPORT_DISABLE_MESSAGE_INTERRUPT(NDIS_HANDLE MiniportInterruptContext, ULONG MessageId);
typedef MINIPORT_DISABLE_MESSAGE_INTERRUPT(*MINIPORT_DISABLE_MSI_INTERRUPT_HANDLER);
typedef VOID MINIPORT_ENABLE_MESSAGE_INTERRUPT(NDIS_HANDLE MiniportInterruptContext, ULONG MessageId);
typedef MINIPORT_ENABLE_MESSAGE_INTERRUPT(*MINIPORT_ENABLE_MSI_INTERRUPT_HANDLER);
typedef BOOLEAN MINIPORT_SYNCHRONIZE_INTERRUPT(NDIS_HANDLE SynchronizeContext);
typedef MINIPORT_SYNCHRONIZE_INTERRUPT(*MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER);
typedef MINIPORT_SYNCHRONIZE_INTERRUPT MINIPORT_SYNCHRONIZE_MESSAGE_INTERRUPT;
typedef MINIPORT_SYNCHRONIZE_INTERRUPT(*MINIPORT_SYNCHRONIZE_MESSAGE_INTERRUPT_HANDLER);
typedef enum _NDIS_INTERRUPT_TYPE { NDIS_CONNECT_LINE_BASED = 1, NDIS_CONNECT_MESSAGE_BASED } NDIS_INTERRUPT_TYPE, *PNDIS_INTERRUPT_TYPE;
typedef struct _IO_INTERRUPT_MESSAGE_INFO_ENTRY {
	PHYSICAL_ADDRESS MessageAddress;
	KAFFINITY TargetProcessorSet;
	PKINTERRUPT InterruptObject;
	ULONG MessageData;
	ULONG Vector;
	KIRQL Irql;
	KINTERRUPT_MODE Mode;
	KINTERRUPT_POLARITY Polarity;
} IO_INTERRUPT_MESSAGE_INFO_ENTRY, *PIO_INTERRUPT_MESSAGE_INFO_ENTRY;
typedef struct _IO_INTERRUPT_MESSAGE_INFO {
	KIRQL UnifiedIrql;
	ULONG MessageCount;
	IO_INTERRUPT_MESSAGE_INFO_ENTRY MessageInfo[1];
} IO_INTERRUPT_MESSAGE_INFO, *PIO_INTERRUPT_MESSAGE_INFO;

#define NDIS_MINIPORT_INTERRUPT_REVISION_1 1
#define NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1 1
#define NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_2 2
typedef struct _NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS {
	NDIS_OBJECT_HEADER Header; /* NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT */
	MINIPORT_ISR_HANDLER InterruptHandler;
	MINIPORT_INTERRUPT_DPC_HANDLER InterruptDpcHandler;
	MINIPORT_DISABLE_INTERRUPT_HANDLER DisableInterruptHandler;
	MINIPORT_ENABLE_INTERRUPT_HANDLER EnableInterruptHandler;
	BOOLEAN MsiSupported;
	BOOLEAN MsiSyncWithAllMessages;
	MINIPORT_MSI_ISR_HANDLER MessageInterruptHandler;
	MINIPORT_MSI_INTERRUPT_DPC_HANDLER MessageInterruptDpcHandler;
	MINIPORT_DISABLE_MSI_INTERRUPT_HANDLER DisableMessageInterruptHandler;
	MINIPORT_ENABLE_MSI_INTERRUPT_HANDLER EnableMessageInterruptHandler;
	NDIS_INTERRUPT_TYPE InterruptType; /* out */
	PIO_INTERRUPT_MESSAGE_INFO MessageInfoTable; /* out */
} NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, *PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS;
#define NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1                                  \
	RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, MessageInfoTable)

NDIS_STATUS NdisMRegisterInterruptEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportInterruptContext,
				     PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS MiniportInterruptCharacteristics,
				     PNDIS_HANDLE NdisInterruptHandle);
VOID NdisMDeregisterInterruptEx(NDIS_HANDLE NdisInterruptHandle);
BOOLEAN NdisMSynchronizeWithInterruptEx(NDIS_HANDLE NdisInterruptHandle, ULONG MessageId,
					MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER SynchronizeFunction,
					PVOID SynchronizeContext);
BOOLEAN NdisMQueueDpc(NDIS_HANDLE NdisInterruptHandle, ULONG MessageId, ULONG TargetProcessors,
		      PVOID MiniportDpcContext);

/* ================= Timers ================= */
VOID NdisMInitializeTimer(PNDIS_MINIPORT_TIMER Timer, NDIS_HANDLE MiniportAdapterHandle,
			  PNDIS_TIMER_FUNCTION TimerFunction, PVOID FunctionContext);
VOID NdisMSetTimer(PNDIS_MINIPORT_TIMER Timer, UINT MillisecondsToDelay);
VOID NdisMSetPeriodicTimer(PNDIS_MINIPORT_TIMER Timer, UINT MillisecondPeriod);
VOID NdisMCancelTimer(PNDIS_MINIPORT_TIMER Timer, PBOOLEAN TimerCancelled);
VOID NdisInitializeTimer(PNDIS_TIMER Timer, PNDIS_TIMER_FUNCTION TimerFunction, PVOID FunctionContext);
VOID NdisSetTimer(PNDIS_TIMER Timer, UINT MillisecondsToDelay);
VOID NdisCancelTimer(PNDIS_TIMER Timer, PBOOLEAN TimerCancelled);

#define NDIS_TIMER_CHARACTERISTICS_REVISION_1 1
typedef struct _NDIS_TIMER_CHARACTERISTICS {
	NDIS_OBJECT_HEADER Header; /* NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS */
	ULONG AllocationTag;
	PNDIS_TIMER_FUNCTION TimerFunction;
	PVOID FunctionContext;
} NDIS_TIMER_CHARACTERISTICS, *PNDIS_TIMER_CHARACTERISTICS;
#define NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_TIMER_CHARACTERISTICS, FunctionContext)
NDIS_STATUS NdisAllocateTimerObject(NDIS_HANDLE NdisHandle, PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
				    PNDIS_HANDLE pTimerObject);
BOOLEAN NdisSetTimerObject(NDIS_HANDLE TimerObject, LARGE_INTEGER DueTime, LONG MillisecondsPeriod,
			   PVOID FunctionContext);
BOOLEAN NdisCancelTimerObject(NDIS_HANDLE TimerObject);
VOID NdisFreeTimerObject(NDIS_HANDLE TimerObject);

/* ================= Work items ================= */
#define NdisInitializeWorkItem(_WI_, _R_, _C_)                                                      \
	do {                                                                                        \
		(_WI_)->Context = (_C_);                                                            \
		(_WI_)->Routine = (_R_);                                                            \
	} while (0)
NDIS_STATUS NdisScheduleWorkItem(PNDIS_WORK_ITEM WorkItem);
typedef VOID NDIS_IO_WORKITEM_FUNCTION(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle);
typedef NDIS_IO_WORKITEM_FUNCTION(*NDIS_IO_WORKITEM_ROUTINE);
typedef NDIS_IO_WORKITEM_FUNCTION NDIS_IO_WORKITEM;
NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle);
VOID NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle, NDIS_IO_WORKITEM_ROUTINE Routine, PVOID WorkItemContext);
VOID NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle);

/* ================= Locks and events ================= */
VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock);
#define NdisInitializeReadWriteLock(Lock) NdisZeroMemory((Lock), sizeof(NDIS_RW_LOCK))
VOID NdisAcquireReadWriteLock(PNDIS_RW_LOCK Lock, BOOLEAN fWrite, PLOCK_STATE LockState);
VOID NdisReleaseReadWriteLock(PNDIS_RW_LOCK Lock, PLOCK_STATE LockState);
PNDIS_RW_LOCK_EX NdisAllocateRWLock(NDIS_HANDLE NdisHandle);
VOID NdisFreeRWLock(PNDIS_RW_LOCK_EX Lock);
VOID NdisAcquireRWLockRead(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags);
VOID NdisAcquireRWLockWrite(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags);
VOID NdisReleaseRWLock(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState);
VOID NdisInitializeEvent(PNDIS_EVENT Event);
VOID NdisSetEvent(PNDIS_EVENT Event);
VOID NdisResetEvent(PNDIS_EVENT Event);
BOOLEAN NdisWaitEvent(PNDIS_EVENT Event, UINT MsToWait);
#define NdisInterlockedIncrement(Addend) InterlockedIncrement(Addend)
#define NdisInterlockedDecrement(Addend) InterlockedDecrement(Addend)
#define NdisInterlockedAddLargeStatistic(Addend, Increment) InterlockedExchangeAdd64((LONG64 *)(Addend), (LONG64)(Increment))
#define NdisInterlockedExchange(Target, Value) InterlockedExchange(Target, Value)
#define NdisInterlockedCompareExchange(Destination, Exchange, Comparand) InterlockedCompareExchange(Destination, Exchange, Comparand)
VOID NdisInterlockedAddUlong(PULONG Addend, ULONG Increment, PNDIS_SPIN_LOCK SpinLock);
PLIST_ENTRY NdisInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock);
PLIST_ENTRY NdisInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock);
PLIST_ENTRY NdisInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PNDIS_SPIN_LOCK SpinLock);
#define NdisInterlockedPushEntryList(ListHead, ListEntry, Lock) ExInterlockedPushEntryList(ListHead, ListEntry, &(Lock)->SpinLock)
#define NdisInterlockedPopEntryList(ListHead, Lock) ExInterlockedPopEntryList(ListHead, &(Lock)->SpinLock)
#define NdisInitializeListHead(ListHead) InitializeListHead(ListHead)
#define NdisInitializeSListHead(SListHead) InitializeSListHead(SListHead)
#define NdisQueryDepthSList(SListHead) QueryDepthSList(SListHead)
#define NdisInterlockedPushEntrySList(SListHead, SListEntry, Lock) ExInterlockedPushEntrySList(SListHead, SListEntry, &(Lock)->SpinLock)
#define NdisInterlockedPopEntrySList(SListHead, Lock) ExInterlockedPopEntrySList(SListHead, &(Lock)->SpinLock)
#define NdisGetCurrentIrql() KeGetCurrentIrql()
#define NDIS_CURRENT_IRQL() KeGetCurrentIrql()
#define NDIS_RAISE_IRQL_TO_DISPATCH(_pIrql_) KeRaiseIrql(DISPATCH_LEVEL, _pIrql_)
#define NDIS_LOWER_IRQL(_OldIrql_, _CurIrql_) KeLowerIrql(_OldIrql_)

#define NdisInitializeNPagedLookasideList(_L, _AR, _FR, _Fl, _S, _T, _D)                          \
	ExInitializeNPagedLookasideList(_L, _AR, _FR, _Fl, _S, _T, _D)
#define NdisDeleteNPagedLookasideList(_L) ExDeleteNPagedLookasideList(_L)
#define NdisAllocateFromNPagedLookasideList(_L) ExAllocateFromNPagedLookasideList(_L)
#define NdisFreeToNPagedLookasideList(_L, _I) ExFreeToNPagedLookasideList(_L, _I)

/* ================= Strings, errors, odds and ends ================= */
#define NdisInitUnicodeString(Destination, Source) RtlInitUnicodeString(Destination, Source)
#define NdisInitAnsiString(Destination, Source) RtlInitAnsiString(Destination, Source)
#define NdisEqualString(String1, String2, CaseInsensitive) RtlEqualUnicodeString(String1, String2, CaseInsensitive)
#define NdisEqualUnicodeString(String1, String2, CaseInsensitive) RtlEqualUnicodeString(String1, String2, CaseInsensitive)
#define NdisUnicodeStringToAnsiString(Destination, Source) RtlUnicodeStringToAnsiString(Destination, Source, FALSE)
#define NdisAnsiStringToUnicodeString(Destination, Source) RtlAnsiStringToUnicodeString(Destination, Source, FALSE)
VOID NdisInitializeString(PNDIS_STRING Destination, PUCHAR Source);
#define NdisFreeString(String) NdisFreeMemory((String).Buffer, (String).MaximumLength, 0)
#define NdisPrintString(String) DbgPrint("%ls", (String).Buffer)
NDIS_STATUS NdisUpcaseUnicodeString(PUNICODE_STRING DestinationString, PUNICODE_STRING SourceString);
VOID NdisWriteErrorLogEntry(NDIS_HANDLE NdisAdapterHandle, NDIS_ERROR_CODE ErrorCode, ULONG NumberOfErrorValues, ...);
ULONG NdisReadPcmciaAttributeMemory(NDIS_HANDLE NdisAdapterHandle, ULONG Offset, PVOID Buffer, ULONG Length);
ULONG NdisWritePcmciaAttributeMemory(NDIS_HANDLE NdisAdapterHandle, ULONG Offset, PVOID Buffer, ULONG Length);
UINT NdisGetVersion(VOID);
NDIS_STATUS NdisMRemoveMiniport(NDIS_HANDLE MiniportAdapterHandle);

/* Device objects for a driver's private interface (NDIS 5 and 6) */
typedef struct _NDIS_DEVICE_OBJECT_ATTRIBUTES {
	NDIS_OBJECT_HEADER Header;
	PNDIS_STRING DeviceName;
	PNDIS_STRING SymbolicName;
	PDRIVER_DISPATCH *MajorFunctions;
	ULONG ExtensionSize;
	PVOID DefaultSDDLString;
	LPCGUID DeviceClassGuid;
} NDIS_DEVICE_OBJECT_ATTRIBUTES, *PNDIS_DEVICE_OBJECT_ATTRIBUTES;
#define NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1 1
NDIS_STATUS NdisMRegisterDevice(NDIS_HANDLE NdisWrapperHandle, PNDIS_STRING DeviceName, PNDIS_STRING SymbolicName,
				PDRIVER_DISPATCH MajorFunctions[], PDEVICE_OBJECT *pDeviceObject,
				NDIS_HANDLE *NdisDeviceHandle);
NDIS_STATUS NdisMDeregisterDevice(NDIS_HANDLE NdisDeviceHandle);
NDIS_STATUS NdisRegisterDeviceEx(NDIS_HANDLE NdisHandle, PNDIS_DEVICE_OBJECT_ATTRIBUTES DeviceObjectAttributes,
				 PDEVICE_OBJECT *pDeviceObject, PNDIS_HANDLE NdisDeviceHandle);
VOID NdisDeregisterDeviceEx(NDIS_HANDLE NdisDeviceHandle);
PVOID NdisGetDeviceReservedExtension(PDEVICE_OBJECT DeviceObject);

#define NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(_Type)
#define NDIS_DECLARE_MINIPORT_INTERRUPT_CONTEXT(_Type)
#define NDIS_DECLARE_FILTER_MODULE_CONTEXT(_Type)
#define NDIS_DECLARE_PROTOCOL_BINDING_CONTEXT(_Type)
#define NDIS_INIT_OBJECT_HEADER(_Hdr, _Type, _Rev, _Size)                                           \
	do {                                                                                        \
		(_Hdr)->Type = (_Type);                                                             \
		(_Hdr)->Revision = (_Rev);                                                          \
		(_Hdr)->Size = (_Size);                                                             \
	} while (0)

#endif
