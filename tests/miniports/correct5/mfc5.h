/* mfc5.h: adapter block and register access of the mfc5 NDIS 5.1 miniport
 * for the mapfuzz test NIC (PCI 4D46:4E49).
 *
 * This is the conforming driver of tests/miniports/: every failure path
 * of MfcInitialize releases what it acquired, in reverse order, with the
 * arguments it acquired it with; MfcHalt releases everything.
 *
 * planted: none
 */
#ifndef MFC5_H
#define MFC5_H

#include <ndis.h>

#include "../common/mfnic_hw.h"

#define MFC_NDIS_MAJOR 5
#define MFC_NDIS_MINOR 1
#define MFC_DRIVER_VERSION 0x00010004 /* 1.4 */
#define MFC_TAG 'c5FM'                /* "MF5c" in a pool dump */

#define MFC_DEFAULT_TX 16
#define MFC_DEFAULT_RX 8
#define MFC_MIN_DESC 4
#define MFC_MAX_RX 32
#define MFC_MAX_TX 64
#define MFC_MAX_MULTICAST 16
#define MFC_LINK_POLL_MS 2000
#define MFC_HANG_SECONDS 4

/* Adapter flags */
#define fMFC_HW_STARTED 0x00000001
#define fMFC_SURPRISE_REMOVED 0x00000002
#define fMFC_LINK_UP 0x00000004
#define fMFC_IO_WINDOW 0x00000008 /* BAR1 registered */
#define fMFC_HALTING 0x00000010

#define MFC_SET_FLAG(A, F) ((A)->Flags |= (F))
#define MFC_CLEAR_FLAG(A, F) ((A)->Flags &= ~(F))
#define MFC_TEST_FLAG(A, F) (((A)->Flags & (F)) != 0)

/* A transmit or receive descriptor as the chip reads it. */
#include <pshpack1.h>
typedef struct _MFC_DESC {
	ULONGLONG BufferAddress;
	USHORT Length;
	USHORT Status;
	ULONG Reserved;
} MFC_DESC, *PMFC_DESC;
#include <poppack.h>

C_ASSERT(sizeof(MFC_DESC) == MFNIC_DESC_SIZE);

typedef struct _MFC_ADAPTER {
	NDIS_HANDLE MiniportHandle;
	ULONG Flags;
	NDIS_SPIN_LOCK Lock;

	/* PCI identity, read in MfcReadPciInfo */
	USHORT VendorId;
	USHORT DeviceId;
	UCHAR RevisionId;
	USHORT SubsystemId;

	/* Resources from NdisMQueryAdapterResources */
	NDIS_PHYSICAL_ADDRESS CsrPhysical;
	ULONG CsrLength;
	ULONG IoBase;
	ULONG IoLength;
	ULONG InterruptLevel;
	ULONG InterruptVector;
	BOOLEAN InterruptShared;
	BOOLEAN InterruptLatched;

	/* What is claimed */
	PUCHAR CsrBase;    /* NdisMMapIoSpace */
	PVOID IoOffset;    /* NdisMRegisterIoPortRange */
	NDIS_MINIPORT_INTERRUPT Interrupt;
	BOOLEAN InterruptRegistered;
	NDIS_MINIPORT_TIMER LinkTimer;
	BOOLEAN LinkTimerSet;

	/* Configuration (registry) */
	ULONG NumTxDesc;
	ULONG NumRxDesc;
	ULONG SpeedDuplex;
	BOOLEAN AddressOverride;
	UCHAR PermanentAddress[ETH_LENGTH_OF_ADDRESS];
	UCHAR CurrentAddress[ETH_LENGTH_OF_ADDRESS];

	/* Shared memory */
	PMFC_DESC TxRing;
	NDIS_PHYSICAL_ADDRESS TxRingPhysical;
	ULONG TxRingSize;
	PMFC_DESC RxRing;
	NDIS_PHYSICAL_ADDRESS RxRingPhysical;
	ULONG RxRingSize;
	PUCHAR RxBuffers; /* cached: the CPU copies out of them */
	NDIS_PHYSICAL_ADDRESS RxBuffersPhysical;
	ULONG RxBuffersSize;

	/* Receive indication */
	NDIS_HANDLE RxPacketPool;
	NDIS_HANDLE RxBufferPool;
	PNDIS_PACKET RxPacket[MFC_MAX_RX];
	PNDIS_BUFFER RxNdisBuffer[MFC_MAX_RX];
	ULONG RxPacketCount; /* packets (and buffers) allocated */
	ULONG RxNext;
	ULONG TxNext;
	ULONG TxFree;

	/* Filters and counters */
	ULONG PacketFilter;
	ULONG MulticastCount;
	UCHAR Multicast[MFC_MAX_MULTICAST][ETH_LENGTH_OF_ADDRESS];
	ULONG LinkSpeed; /* in 100 bps units, as NDIS 5 reports it */
	ULONG64 RxOk;
	ULONG64 TxOk;
	ULONG64 RxErrors;
	ULONG64 TxErrors;
	ULONG InterruptCause; /* saved by the ISR for the DPC */
	ULONG HangCount;
} MFC_ADAPTER, *PMFC_ADAPTER;

/* Register access.  The NDIS macros for the normal path, a raw volatile
 * view for the ISR (which must not take anything but the register). */
#define MFC_READ_CSR(A, R, pV) NdisReadRegisterUlong((PULONG)((A)->CsrBase + (R)), (pV))
#define MFC_WRITE_CSR(A, R, V) NdisWriteRegisterUlong((PULONG)((A)->CsrBase + (R)), (V))
#define MFC_CSR(A, R) (*(volatile ULONG *)((A)->CsrBase + (R)))

/* mfc5_main.c */
NDIS_STATUS MfcInitialize(PNDIS_STATUS OpenErrorStatus, PUINT SelectedMediumIndex,
			  PNDIS_MEDIUM MediumArray, UINT MediumArraySize,
			  NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE WrapperConfigurationContext);
VOID MfcHalt(NDIS_HANDLE MiniportAdapterContext);

/* mfc5_res.c */
NDIS_STATUS MfcReadConfiguration(PMFC_ADAPTER Adapter, NDIS_HANDLE WrapperConfigurationContext);
NDIS_STATUS MfcReadPciInfo(PMFC_ADAPTER Adapter);
NDIS_STATUS MfcQueryResources(PMFC_ADAPTER Adapter, NDIS_HANDLE WrapperConfigurationContext);

/* mfc5_hw.c */
NDIS_STATUS MfcResetChip(PMFC_ADAPTER Adapter);
VOID MfcReadStationAddress(PMFC_ADAPTER Adapter);
VOID MfcStartChip(PMFC_ADAPTER Adapter);
VOID MfcStopChip(PMFC_ADAPTER Adapter);
VOID MfcDisableInterrupt(NDIS_HANDLE MiniportAdapterContext);
VOID MfcEnableInterrupt(NDIS_HANDLE MiniportAdapterContext);
VOID MfcIsr(PBOOLEAN InterruptRecognized, PBOOLEAN QueueMiniportHandleInterrupt,
	    NDIS_HANDLE MiniportAdapterContext);
VOID MfcHandleInterrupt(NDIS_HANDLE MiniportAdapterContext);
VOID MfcUpdateLink(PMFC_ADAPTER Adapter);
VOID MfcLinkTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
		  PVOID SystemSpecific3);

/* mfc5_mem.c */
NDIS_STATUS MfcAllocateRings(PMFC_ADAPTER Adapter);
VOID MfcFreeRings(PMFC_ADAPTER Adapter);
NDIS_STATUS MfcAllocateRxPackets(PMFC_ADAPTER Adapter);
VOID MfcFreeRxPackets(PMFC_ADAPTER Adapter);

/* mfc5_req.c */
NDIS_STATUS MfcQueryInformation(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid,
				PVOID InformationBuffer, ULONG InformationBufferLength,
				PULONG BytesWritten, PULONG BytesNeeded);
NDIS_STATUS MfcSetInformation(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid,
			      PVOID InformationBuffer, ULONG InformationBufferLength,
			      PULONG BytesRead, PULONG BytesNeeded);
VOID MfcSendPackets(NDIS_HANDLE MiniportAdapterContext, PPNDIS_PACKET PacketArray,
		    UINT NumberOfPackets);
VOID MfcReturnPacket(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet);
NDIS_STATUS MfcReset(PBOOLEAN AddressingReset, NDIS_HANDLE MiniportAdapterContext);
BOOLEAN MfcCheckForHang(NDIS_HANDLE MiniportAdapterContext);

#endif
