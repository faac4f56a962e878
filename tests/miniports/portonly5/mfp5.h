/* mfp5.h: the "mfp5" NDIS 5.1 miniport for the mapfuzz test NIC, driving
 * it through its I/O window (BAR1) only, as the board's first DOS-era
 * driver did: no memory mapping at all.  Ports 0x00..0xEF mirror CSR
 * 0x000..0x0EF; the ring registers (0x100 and up) are reached through
 * IOADDR/IODATA.
 *
 * planted: CALL-RELEASE-MISSING drv.halt -- MfpHalt frees the transmit ring and the receive buffers but not the receive ring (MfpInitialize allocated three blocks of shared memory, MfpFreeSharedMemory in halt names two)
 * planted: CALL-RELEASE-MATCH drv.halt -- MfpInitialize allocates the receive buffers as MFP_RX_BUFFER_BYTES (2 KiB a buffer), MfpFreeSharedMemory frees them as MFP_RX_AREA_BYTES, the frame-sized length of the first release
 * symptom: CALL-RELEASE-MISSING drv.remove
 * symptom: CALL-RELEASE-MATCH drv.remove
 */
#ifndef MFP5_H
#define MFP5_H

#include <ndis.h>

#include "../common/mfnic_hw.h"

#define MFP_TAG 'p5FM'
#define MFP_TX_DESC 8
#define MFP_RX_DESC 8

typedef struct _MFP_ADAPTER {
	NDIS_HANDLE MiniportAdapterHandle;
	NDIS_SPIN_LOCK SendLock;

	UINT IoBase;
	UINT IoLength;
	PVOID PortOffset; /* NdisMRegisterIoPortRange's answer */
	UINT InterruptVector;
	UINT InterruptLevel;
	NDIS_MINIPORT_INTERRUPT Interrupt;
	NDIS_MINIPORT_TIMER ResetTimer;

	PVOID TxRing;
	NDIS_PHYSICAL_ADDRESS TxRingPa;
	PVOID RxRing;
	NDIS_PHYSICAL_ADDRESS RxRingPa;
	PVOID RxBuffers;
	NDIS_PHYSICAL_ADDRESS RxBuffersPa;

	NDIS_HANDLE PacketPool;

	UCHAR NodeAddress[ETH_LENGTH_OF_ADDRESS];
	ULONG CurrentFilter;
	BOOLEAN Connected;
	BOOLEAN Removed;
	ULONG TxIndex;
} MFP_ADAPTER, *PMFP_ADAPTER;

#define MFP_TX_RING_BYTES (MFP_TX_DESC * MFNIC_DESC_SIZE)
#define MFP_RX_RING_BYTES (MFP_RX_DESC * MFNIC_DESC_SIZE)
#define MFP_RX_BUFFER_BYTES (MFP_RX_DESC * MFNIC_RX_BUFFER)
/* The receive area as the first release sized it (frame-sized buffers). */
#define MFP_RX_AREA_BYTES (MFP_RX_DESC * MFNIC_MAX_FRAME)

/* Direct ports (CSR below 0xF0) and the indirect pair. */
#define MFP_PORT(A, R) ((ULONG_PTR)(A)->PortOffset + (R))
#define MFP_IN(A, R, pV) NdisRawReadPortUlong(MFP_PORT(A, R), (pV))
#define MFP_OUT(A, R, V) NdisRawWritePortUlong(MFP_PORT(A, R), (V))

NDIS_STATUS MfpInitialize(PNDIS_STATUS OpenErrorStatus, PUINT SelectedMediumIndex,
			  PNDIS_MEDIUM MediumArray, UINT MediumArraySize,
			  NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE WrapperConfigurationContext);
VOID MfpHalt(NDIS_HANDLE MiniportAdapterContext);

/* mfp5_io.c */
VOID MfpWriteCsr(PMFP_ADAPTER A, ULONG Csr, ULONG Value);
ULONG MfpReadCsr(PMFP_ADAPTER A, ULONG Csr);
BOOLEAN MfpResetNic(PMFP_ADAPTER A);
VOID MfpGetNodeAddress(PMFP_ADAPTER A);
VOID MfpStartNic(PMFP_ADAPTER A);
VOID MfpStopNic(PMFP_ADAPTER A);
VOID MfpIsr(PBOOLEAN InterruptRecognized, PBOOLEAN QueueMiniportHandleInterrupt,
	    NDIS_HANDLE MiniportAdapterContext);
VOID MfpHandleInterrupt(NDIS_HANDLE MiniportAdapterContext);
VOID MfpResetTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
		   PVOID SystemSpecific3);

/* mfp5_req.c */
NDIS_STATUS MfpQueryInformation(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid,
				PVOID InformationBuffer, ULONG InformationBufferLength,
				PULONG BytesWritten, PULONG BytesNeeded);
NDIS_STATUS MfpSetInformation(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid,
			      PVOID InformationBuffer, ULONG InformationBufferLength,
			      PULONG BytesRead, PULONG BytesNeeded);
VOID MfpSendPackets(NDIS_HANDLE MiniportAdapterContext, PPNDIS_PACKET PacketArray,
		    UINT NumberOfPackets);
VOID MfpReturnPacket(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet);
NDIS_STATUS MfpReset(PBOOLEAN AddressingReset, NDIS_HANDLE MiniportAdapterContext);

#endif
