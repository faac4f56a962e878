/* mfk6.h: the "mfk6" NDIS 6.0 miniport for the mapfuzz test NIC.  Receive
 * buffers live in one cached shared-memory area, each described by an MDL
 * and carried up in a NET_BUFFER_LIST of the adapter's pool.
 *
 * planted: CALL-RELEASE-MATCH drv.halt -- the receive area is allocated with Cached TRUE (mfk6_rx.c) and MfkFreeRxArea frees it with FALSE
 * planted: CALL-RELEASE-MATCH drv.init-fail -- MfkInitializeEx's failure ladder frees the receive area through the same MfkFreeRxArea
 * planted: CALL-RELEASE-MISSING drv.init-fail -- (register contents) when STATUS.RST_BUSY never clears, MfkInitializeEx unmaps the CSR and returns NDIS_STATUS_DEVICE_FAILED, leaving the adapter block; only a device whose reset never finishes reaches it (mapfuzz/10-reset-stuck.mfd)
 * symptom: CALL-RELEASE-MATCH drv.remove
 */
#ifndef MFK6_H
#define MFK6_H

#include <ndis.h>

#include "../common/mfnic_hw.h"

#define MFK_POOL_TAG 'k6FM'
#define MFK_RX_COUNT 8
#define MFK_TX_COUNT 16

typedef struct _MFK_RX_BUFFER {
	PUCHAR Va;
	ULONGLONG Pa;
	PMDL Mdl;
	PNET_BUFFER_LIST Nbl;
} MFK_RX_BUFFER, *PMFK_RX_BUFFER;

typedef struct _MFK_ADAPTER {
	NDIS_HANDLE MiniportAdapterHandle;
	BOOLEAN Running;
	BOOLEAN Removed;
	BOOLEAN Started;

	/* hardware resources */
	NDIS_PHYSICAL_ADDRESS RegsPhysical;
	ULONG RegsLength;
	volatile ULONG *Regs; /* mapped BAR0, indexed in ULONGs */
	NDIS_HANDLE InterruptHandle;
	NDIS_HANDLE DmaHandle;

	/* descriptor rings: one allocation, transmit ring first */
	PUCHAR RingsVa;
	NDIS_PHYSICAL_ADDRESS RingsPa;
	ULONG RingsLength;

	/* receive area: cached, the CPU reads every frame out of it */
	PUCHAR RxAreaVa;
	NDIS_PHYSICAL_ADDRESS RxAreaPa;
	ULONG RxAreaLength;
	NDIS_HANDLE RxNblPool;
	MFK_RX_BUFFER Rx[MFK_RX_COUNT];
	ULONG RxNext;

	UCHAR MacAddress[ETH_LENGTH_OF_ADDRESS];
	ULONG PacketFilter;
	BOOLEAN MediaConnected;
	ULONG64 FramesReceived;
	ULONG64 FramesSent;
} MFK_ADAPTER, *PMFK_ADAPTER;

/* Registers as an array of ULONGs, the way this chip family's code
 * always addressed them. */
#define MFK_REG(A, Off) ((A)->Regs[(Off) / sizeof(ULONG)])
#define MFK_READ(A, Off) READ_REGISTER_ULONG((PULONG) & MFK_REG(A, Off))
#define MFK_WRITE(A, Off, V) WRITE_REGISTER_ULONG((PULONG) & MFK_REG(A, Off), (V))

MINIPORT_INITIALIZE MfkInitializeEx;
MINIPORT_HALT MfkHaltEx;
MINIPORT_OID_REQUEST MfkOidRequest;
MINIPORT_CANCEL_OID_REQUEST MfkCancelOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS MfkSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS MfkReturnNetBufferLists;
MINIPORT_CANCEL_SEND MfkCancelSend;
MINIPORT_CHECK_FOR_HANG MfkCheckForHang;
MINIPORT_RESET MfkReset;
MINIPORT_ISR MfkIsr;
MINIPORT_INTERRUPT_DPC MfkDpc;
MINIPORT_DISABLE_INTERRUPT MfkDisableInterrupt;
MINIPORT_ENABLE_INTERRUPT MfkEnableInterrupt;
MINIPORT_PROCESS_SG_LIST MfkProcessSgList;

/* mfk6_hw.c */
NDIS_STATUS MfkResetHw(PMFK_ADAPTER Adapter);
VOID MfkReadMac(PMFK_ADAPTER Adapter);
VOID MfkStartHw(PMFK_ADAPTER Adapter);
VOID MfkStopHw(PMFK_ADAPTER Adapter);

/* mfk6_rx.c */
NDIS_STATUS MfkAllocateRings(PMFK_ADAPTER Adapter);
VOID MfkFreeRings(PMFK_ADAPTER Adapter);
NDIS_STATUS MfkAllocateRxArea(PMFK_ADAPTER Adapter);
VOID MfkFreeRxArea(PMFK_ADAPTER Adapter);
NDIS_STATUS MfkAllocateRxNbls(PMFK_ADAPTER Adapter);
VOID MfkFreeRxNbls(PMFK_ADAPTER Adapter);
VOID MfkReceive(PMFK_ADAPTER Adapter);

/* mfk6_oid.c */
extern const NDIS_OID MfkOids[];
extern const ULONG MfkOidsLength;

#endif
