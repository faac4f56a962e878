/* ml5.h: the "ml5" NDIS 5.1 miniport for the mapfuzz test NIC: a small
 * Fast Ethernet driver in one adapter block, memory-mapped CSR only.
 *
 * Two slips, one in each direction of the CSR mapping's life:
 *
 * planted: CALL-RELEASE-MISSING drv.init-fail -- when NdisMMapIoSpace fails, Ml5Initialize returns NDIS_STATUS_RESOURCES at once: the adapter block (and its spin lock) stay allocated
 * planted: CALL-UNMAP-EXACT drv.halt -- Ml5Initialize maps the length the resource list gives, Ml5Halt unmaps ML5_CSR_LENGTH (0x1000): a board whose BAR0 is larger is unmapped short
 */
#ifndef ML5_H
#define ML5_H

#include <ndis.h>

#include "../common/mfnic_hw.h"

#define ML5_CSR_LENGTH MFNIC_CSR_SIZE
#define ML5_TX_DESC 8
#define ML5_RX_DESC 8
#define ML5_WATCHDOG_MS 1000

typedef struct _ML5_ADAPTER {
	NDIS_HANDLE Handle;
	NDIS_SPIN_LOCK Lock;

	NDIS_PHYSICAL_ADDRESS IoPhysAddr;
	ULONG IoLength;
	PUCHAR IoAddr; /* mapped CSR */
	ULONG Irq;
	ULONG IrqLevel;
	NDIS_MINIPORT_INTERRUPT Interrupt;
	NDIS_MINIPORT_TIMER Watchdog;

	/* one block of shared memory: transmit then receive descriptors */
	PUCHAR DescVa;
	NDIS_PHYSICAL_ADDRESS DescPa;
	ULONG DescLength;
	/* and one of packet buffers */
	PUCHAR BufVa;
	NDIS_PHYSICAL_ADDRESS BufPa;
	ULONG BufLength;

	UCHAR MacAddr[6];
	ULONG Filter;
	ULONG MediaState;
	ULONG TxHead;
	ULONG TxTail;
	BOOLEAN InHalt;
} ML5_ADAPTER, *PML5_ADAPTER;

#define ML5_READ(A, R) READ_REGISTER_ULONG((PULONG)((A)->IoAddr + (R)))
#define ML5_WRITE(A, R, V) WRITE_REGISTER_ULONG((PULONG)((A)->IoAddr + (R)), (V))

NDIS_STATUS Ml5Initialize(PNDIS_STATUS OpenError, PUINT Medium, PNDIS_MEDIUM Media, UINT MediaCount,
			  NDIS_HANDLE Handle, NDIS_HANDLE Config);
VOID Ml5Halt(NDIS_HANDLE Context);

BOOLEAN Ml5ResetChip(PML5_ADAPTER A);
VOID Ml5ReadMac(PML5_ADAPTER A);
VOID Ml5InitRings(PML5_ADAPTER A);
VOID Ml5EnableChip(PML5_ADAPTER A);
VOID Ml5DisableChip(PML5_ADAPTER A);
VOID Ml5Isr(PBOOLEAN Recognized, PBOOLEAN Queue, NDIS_HANDLE Context);
VOID Ml5Dpc(NDIS_HANDLE Context);
VOID Ml5WatchdogFn(PVOID S1, PVOID Context, PVOID S2, PVOID S3);

NDIS_STATUS Ml5Query(NDIS_HANDLE Context, NDIS_OID Oid, PVOID Buf, ULONG Len, PULONG Written,
		     PULONG Needed);
NDIS_STATUS Ml5Set(NDIS_HANDLE Context, NDIS_OID Oid, PVOID Buf, ULONG Len, PULONG Read,
		   PULONG Needed);
NDIS_STATUS Ml5Send(NDIS_HANDLE Context, PNDIS_PACKET Packet, UINT Flags);
NDIS_STATUS Ml5Reset(PBOOLEAN AddressingReset, NDIS_HANDLE Context);

#endif
