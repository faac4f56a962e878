/* nb5.h: the "nb5" NDIS 5.1 miniport for the mapfuzz test NIC, in the
 * style of an older vendor driver: one adapter block, CSR through the
 * memory BAR, a few registers through the I/O window.
 *
 * Two slips in the failure paths of Nb5Initialize (nb5_init.c):
 *
 * planted: CALL-NULL-VA drv.init-fail -- the status of NdisMMapIoSpace is overwritten by NdisMRegisterIoPortRange's before anyone looks at it; when the map fails Nb5ResetChip writes CTRL through the NULL CSR base two calls later
 * planted: CALL-UNMAP-MISSING drv.init-fail -- (a second fault, in the cleanup) the failure ladder allocates a register dump for the event log and, when that allocation fails too, returns from the middle of the ladder: the CSR mapping stays
 * planted: CALL-RELEASE-MISSING drv.init-fail -- the same return leaves the port range, the rings, the pools and the adapter block
 */
#ifndef NB5_H
#define NB5_H

#include <ndis.h>

#include "../common/mfnic_hw.h"

#define NB5_TAG 'b5FM'
#define NB5_RX_DEFAULT 8
#define NB5_RX_MAX 16
#define NB5_TX_COUNT 16
#define NB5_DUMP_REGISTERS 16 /* CSR 0x000..0x03C go to the event log */

typedef struct _NB5_DESC {
	ULONGLONG Address;
	USHORT Length;
	USHORT Status;
	ULONG Reserved;
} NB5_DESC, *PNB5_DESC;

typedef struct _NB5_ADAPTER {
	NDIS_HANDLE AdapterHandle;

	/* resources */
	NDIS_PHYSICAL_ADDRESS CsrPa;
	UINT CsrSize;
	UINT PortStart;
	UINT PortCount;
	UINT IrqLevel;
	UINT IrqVector;

	/* claimed */
	volatile UCHAR *Csr;
	PVOID PortBase;
	BOOLEAN PortsRegistered;
	NDIS_MINIPORT_INTERRUPT Interrupt;

	/* rings: one shared block, transmit ring first */
	PVOID RingVa;
	NDIS_PHYSICAL_ADDRESS RingPa;
	ULONG RingSize;
	PNB5_DESC TxRing;
	PNB5_DESC RxRing;
	PVOID RxBufVa;
	NDIS_PHYSICAL_ADDRESS RxBufPa;
	ULONG RxBufSize;

	NDIS_HANDLE PacketPool;
	NDIS_HANDLE BufferPool;
	PNDIS_PACKET RxPackets[NB5_RX_MAX];
	PNDIS_BUFFER RxBuffers[NB5_RX_MAX];
	UINT RxCount;

	UCHAR StationAddress[6];
	BOOLEAN HaveRegistryAddress;
	ULONG ChipRevision;
	ULONG PacketFilter;
	BOOLEAN LinkUp;
	BOOLEAN Removed;
} NB5_ADAPTER, *PNB5_ADAPTER;

/* CSR access: both the WDK macros and the raw pointer are in use here. */
#define NB5_RD(A, R, V) NdisReadRegisterUlong((PULONG)((A)->Csr + (R)), (V))
#define NB5_WR(A, R, V) NdisWriteRegisterUlong((PULONG)((A)->Csr + (R)), (V))
#define NB5_REG(A, R) (*(volatile ULONG *)((A)->Csr + (R)))
#define NB5_PORT(A, P) ((ULONG_PTR)(A)->PortBase + (P))

/* nb5_init.c */
NDIS_STATUS Nb5Initialize(PNDIS_STATUS OpenErrorStatus, PUINT SelectedMediumIndex,
			  PNDIS_MEDIUM MediumArray, UINT MediumArraySize, NDIS_HANDLE AdapterHandle,
			  NDIS_HANDLE ConfigContext);
VOID Nb5Halt(NDIS_HANDLE Context);

/* nb5_hw.c */
NDIS_STATUS Nb5ResetChip(PNB5_ADAPTER Adapter);
VOID Nb5ReadAddress(PNB5_ADAPTER Adapter);
VOID Nb5StartChip(PNB5_ADAPTER Adapter);
VOID Nb5StopChip(PNB5_ADAPTER Adapter);
VOID Nb5DumpRegisters(PNB5_ADAPTER Adapter, PULONG Dump);
VOID Nb5Isr(PBOOLEAN Recognized, PBOOLEAN QueueDpc, NDIS_HANDLE Context);
VOID Nb5HandleInterrupt(NDIS_HANDLE Context);

/* nb5_oid.c */
NDIS_STATUS Nb5Query(NDIS_HANDLE Context, NDIS_OID Oid, PVOID Buffer, ULONG Length,
		     PULONG Written, PULONG Needed);
NDIS_STATUS Nb5Set(NDIS_HANDLE Context, NDIS_OID Oid, PVOID Buffer, ULONG Length, PULONG Read,
		   PULONG Needed);
VOID Nb5SendPackets(NDIS_HANDLE Context, PPNDIS_PACKET Packets, UINT Count);
VOID Nb5ReturnPacket(NDIS_HANDLE Context, PNDIS_PACKET Packet);
BOOLEAN Nb5CheckForHang(NDIS_HANDLE Context);
NDIS_STATUS Nb5Reset(PBOOLEAN AddressingReset, NDIS_HANDLE Context);

#endif
