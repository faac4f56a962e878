/* mfs6.h: the "mfs6" NDIS 6.20 miniport for the mapfuzz test NIC.
 *
 * Its failure paths share one release routine, MfsFreeResources
 * (mfs6_main.c), which releases whatever the adapter holds and leaves the
 * adapter block to its caller.  One caller gets it wrong:
 *
 * planted: CALL-INIT-ALIVE drv.init -- NdisMAllocateSharedMemory returns no status, so when the receive ring allocation fails MfsInitializeEx runs MfsFreeResources (unmap, rings, interrupt, DMA) and returns Status, which still holds NdisMRegisterInterruptEx's SUCCESS
 * symptom: CALL-INIT-ALIVE drv.reinit
 * symptom: CALL-UNMAP-EXACT drv.halt
 * symptom: CALL-RELEASE-MATCH drv.halt
 * symptom: CALL-UNMAP-EXACT drv.remove
 * symptom: CALL-RELEASE-MATCH drv.remove
 */
#ifndef MFS6_H
#define MFS6_H

#include <ndis.h>

#include "../common/mfnic_hw.h"

#define MFS_TAG 'sFM6'
#define MFS_NDIS_MAJOR 6
#define MFS_NDIS_MINOR 20
#define MFS_TX_DESC 32
#define MFS_RX_DESC 16
#define MFS_WATCHDOG_MS 2000
#define MFS_LINK_SPEED 1000000000ULL /* bits per second */

typedef enum _MFS_STATE {
	MfsStateInitializing,
	MfsStatePaused,
	MfsStateRunning,
	MfsStateHalted
} MFS_STATE;

#define MFS_HW_STARTED 0x01
#define MFS_REMOVED 0x02

typedef struct _MFS_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	MFS_STATE State;
	ULONG Flags;
	NDIS_SPIN_LOCK Lock;

	/* PCI and resources */
	USHORT VendorId;
	USHORT DeviceId;
	UCHAR Revision;
	PHYSICAL_ADDRESS CsrPhysical;
	ULONG CsrLength;
	BOOLEAN HaveInterrupt;

	/* claimed */
	PUCHAR CsrBase;
	NDIS_HANDLE InterruptHandle;
	NDIS_HANDLE DmaHandle;
	NDIS_HANDLE NblPool;
	NDIS_HANDLE WatchdogTimer;

	PVOID TxRing;
	NDIS_PHYSICAL_ADDRESS TxRingPa;
	ULONG TxRingSize;
	PVOID RxRing;
	NDIS_PHYSICAL_ADDRESS RxRingPa;
	ULONG RxRingSize;

	UCHAR PermanentAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
	UCHAR CurrentAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
	ULONG PacketFilter;
	ULONG LookAhead;
	BOOLEAN LinkUp;
	ULONG64 TxFrames;
	ULONG64 RxFrames;
	ULONG PendingCause;
} MFS_ADAPTER, *PMFS_ADAPTER;

#define MFS_RD(A, R) READ_REGISTER_ULONG((volatile ULONG *)((A)->CsrBase + (R)))
#define MFS_WR(A, R, V) WRITE_REGISTER_ULONG((volatile ULONG *)((A)->CsrBase + (R)), (V))
#define MFS_CSR(A, R) (*(volatile ULONG *)((A)->CsrBase + (R)))

MINIPORT_INITIALIZE MfsInitializeEx;
MINIPORT_HALT MfsHaltEx;
MINIPORT_OID_REQUEST MfsOidRequest;
MINIPORT_CANCEL_OID_REQUEST MfsCancelOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS MfsSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS MfsReturnNetBufferLists;
MINIPORT_CANCEL_SEND MfsCancelSend;
MINIPORT_CHECK_FOR_HANG MfsCheckForHang;
MINIPORT_RESET MfsReset;
MINIPORT_ISR MfsIsr;
MINIPORT_INTERRUPT_DPC MfsDpc;
MINIPORT_DISABLE_INTERRUPT MfsDisableInterrupt;
MINIPORT_ENABLE_INTERRUPT MfsEnableInterrupt;
MINIPORT_PROCESS_SG_LIST MfsProcessSgList;

/* mfs6_hw.c */
NDIS_STATUS MfsResetHardware(PMFS_ADAPTER Adapter);
VOID MfsReadPermanentAddress(PMFS_ADAPTER Adapter);
VOID MfsStartHardware(PMFS_ADAPTER Adapter);
VOID MfsStopHardware(PMFS_ADAPTER Adapter);
NDIS_TIMER_FUNCTION MfsWatchdog;

/* mfs6_oid.c */
extern const NDIS_OID MfsSupportedOids[];
extern const ULONG MfsSupportedOidsSize;

#endif
