/* mfn6.h: the "mfn6" NDIS 6.30 miniport for the mapfuzz test NIC.  One
 * routine, MfnCleanup (mfn6_init.c), takes an adapter apart on every
 * failure of MfnInitializeEx after the map and in MfnHaltEx.
 *
 * planted: CALL-UNMAP-MISSING drv.halt -- MfnCleanup releases every resource but the CSR mapping: nothing in the driver calls NdisMUnmapIoSpace
 * planted: CALL-UNMAP-MISSING drv.init-fail -- the same MfnCleanup on every failure after the map
 * planted: CALL-NULL-VA drv.init-fail -- a failed NdisMMapIoSpace goes to MfnCleanup, which first quiets the chip: it writes IMC and CTRL through the CSR base the failed map left NULL
 * symptom: CALL-UNMAP-MISSING drv.remove
 */
#ifndef MFN6_H
#define MFN6_H

#include <ndis.h>

#include "../common/mfnic_hw.h"

#define MFN_TAG 'n6FM'
#define MFN_TX_RING 64
#define MFN_RX_RING 32
#define MFN_LINK_CHECK_MS 1000

typedef struct _MFN_RING {
	PVOID Va;
	NDIS_PHYSICAL_ADDRESS Pa;
	ULONG Bytes;
	ULONG Count;
	ULONG Next;
} MFN_RING, *PMFN_RING;

typedef struct _MFN_ADAPTER {
	NDIS_HANDLE NdisHandle;

	/* from AllocatedResources */
	NDIS_PHYSICAL_ADDRESS CsrPa;
	ULONG CsrBytes;
	ULONG IoPort;
	ULONG IoBytes;

	PUCHAR Csr;
	NDIS_HANDLE Interrupt;
	NDIS_HANDLE SgDma;
	NDIS_HANDLE NblPool;
	NDIS_HANDLE LinkTimer;
	NDIS_HANDLE LinkWorkItem;
	MFN_RING Tx;
	MFN_RING Rx;

	UCHAR Mac[ETH_LENGTH_OF_ADDRESS];
	ULONG Filter;
	ULONG RxBufferSize;
	NDIS_MEDIA_CONNECT_STATE Link;
	BOOLEAN Paused;
	BOOLEAN SurpriseRemoved;
	LONG LinkCheckQueued;
} MFN_ADAPTER, *PMFN_ADAPTER;

#define MFN_READ(A, R) READ_REGISTER_ULONG((PULONG)((A)->Csr + (R)))
#define MFN_WRITE(A, R, V) WRITE_REGISTER_ULONG((PULONG)((A)->Csr + (R)), (V))

MINIPORT_INITIALIZE MfnInitializeEx;
MINIPORT_HALT MfnHaltEx;
MINIPORT_ISR MfnIsr;
MINIPORT_INTERRUPT_DPC MfnDpc;
MINIPORT_DISABLE_INTERRUPT MfnDisableInterrupt;
MINIPORT_ENABLE_INTERRUPT MfnEnableInterrupt;
MINIPORT_PROCESS_SG_LIST MfnProcessSgList;
NDIS_TIMER_FUNCTION MfnLinkTimer;
NDIS_IO_WORKITEM_FUNCTION MfnLinkWork;

/* mfn6_hw.c */
BOOLEAN MfnResetChip(PMFN_ADAPTER A);
VOID MfnStationAddress(PMFN_ADAPTER A);
VOID MfnStart(PMFN_ADAPTER A);
VOID MfnQuiet(PMFN_ADAPTER A);

/* mfn6_req.c */
MINIPORT_OID_REQUEST MfnOidRequest;
MINIPORT_CANCEL_OID_REQUEST MfnCancelOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS MfnSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS MfnReturnNetBufferLists;
MINIPORT_CANCEL_SEND MfnCancelSend;
MINIPORT_CHECK_FOR_HANG MfnCheckForHang;
MINIPORT_RESET MfnReset;
MINIPORT_PAUSE MfnPause;
MINIPORT_RESTART MfnRestart;
extern NDIS_OID MfnOidList[];
extern ULONG MfnOidListBytes;

#endif
