/* Interrupts, timers, work items, locks and events.  One processor, never
 * preempted: an interrupt never fires, a timer never expires, a work item
 * or DPC is recorded but never run (what initialize and halt do with them
 * is what the caller contract checks: that each is released).  A wait for
 * something that nothing else can signal is the runner's TIMEOUT. */
#include "kit.h"

#include <stdlib.h>

KIRQL dk_irql;
volatile CCHAR KeNumberProcessors = 1;

/* ---- IRQL ---- */
KIRQL KeGetCurrentIrql(VOID)
{
	return dk_irql;
}

VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql)
{
	*OldIrql = dk_irql;
	dk_irql = NewIrql;
}

KIRQL ddk_kf_raise_irql(KIRQL NewIrql)
{
	KIRQL old = dk_irql;
	dk_irql = NewIrql;
	return old;
}

VOID KeLowerIrql(KIRQL NewIrql)
{
	dk_irql = NewIrql;
}

KIRQL KeRaiseIrqlToDpcLevel(VOID)
{
	return ddk_kf_raise_irql(DISPATCH_LEVEL);
}

/* ---- Spin locks (a held lock is 1) ---- */
VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
	*SpinLock = 0;
}

VOID KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql)
{
	*OldIrql = ddk_kf_raise_irql(DISPATCH_LEVEL);
	*SpinLock = 1;
}

KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
{
	KIRQL old = ddk_kf_raise_irql(DISPATCH_LEVEL);
	*SpinLock = 1;
	return old;
}

VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
	*SpinLock = 0;
	dk_irql = NewIrql;
}

VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
	*SpinLock = 1;
}

VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
	*SpinLock = 0;
}

VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
	LockHandle->LockQueue.Lock = SpinLock;
	LockHandle->LockQueue.Next = NULL;
	KeAcquireSpinLock(SpinLock, &LockHandle->OldIrql);
}

VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
	KeReleaseSpinLock(LockHandle->LockQueue.Lock, LockHandle->OldIrql);
}

VOID KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
	LockHandle->LockQueue.Lock = SpinLock;
	*SpinLock = 1;
}

VOID KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle)
{
	*LockHandle->LockQueue.Lock = 0;
}

/* NDIS spin locks are ledger entries at warning severity: NDIS on x86 and
 * x64 allocates nothing for them, so one never freed costs nothing today. */
VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	SpinLock->SpinLock = 0;
	SpinLock->OldIrql = PASSIVE_LEVEL;
	dk_acquire(DK_RES_SPIN_LOCK, NULL, (uintptr_t)SpinLock, 0, 0, 0, DK_CALLER);
}

VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	dk_release(DK_RES_SPIN_LOCK, NULL, (uintptr_t)SpinLock, 0, 0, 0, DK_CALLER);
}

VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	KeAcquireSpinLock(&SpinLock->SpinLock, &SpinLock->OldIrql);
}

VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	KeReleaseSpinLock(&SpinLock->SpinLock, SpinLock->OldIrql);
}

VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	SpinLock->SpinLock = 1;
}

VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	SpinLock->SpinLock = 0;
}

VOID NdisAcquireReadWriteLock(PNDIS_RW_LOCK Lock, BOOLEAN fWrite, PLOCK_STATE LockState)
{
	(void)fWrite;
	KeAcquireSpinLock(&Lock->SpinLock, &LockState->OldIrql);
	LockState->LockState = 1;
}

VOID NdisReleaseReadWriteLock(PNDIS_RW_LOCK Lock, PLOCK_STATE LockState)
{
	LockState->LockState = 0;
	KeReleaseSpinLock(&Lock->SpinLock, LockState->OldIrql);
}

struct _NDIS_RW_LOCK_EX {
	KSPIN_LOCK lock;
};

PNDIS_RW_LOCK_EX NdisAllocateRWLock(NDIS_HANDLE NdisHandle)
{
	uintptr_t caller = DK_CALLER;
	(void)NdisHandle;
	if (dk_fail(DK_SITE_ALLOCATE_MEMORY, caller))
		return NULL;
	return ko_alloc(KO_RW_LOCK, sizeof(NDIS_RW_LOCK_EX), 1, 0, NULL, 0);
}

VOID NdisFreeRWLock(PNDIS_RW_LOCK_EX Lock)
{
	ko_entry *e = ko_find(Lock);
	if (e && e->kind == KO_RW_LOCK)
		ko_free(Lock);
}

VOID NdisAcquireRWLockRead(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags)
{
	LockState->Flags = Flags;
	LockState->OldIrql = (Flags & NDIS_RWL_AT_DISPATCH_LEVEL) ? dk_irql : ddk_kf_raise_irql(DISPATCH_LEVEL);
	Lock->lock = 1;
}

VOID NdisAcquireRWLockWrite(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags)
{
	NdisAcquireRWLockRead(Lock, LockState, Flags);
}

VOID NdisReleaseRWLock(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState)
{
	Lock->lock = 0;
	dk_irql = LockState->OldIrql;
}

/* ---- Events and other dispatcher objects ---- */
VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
	memset(Event, 0, sizeof *Event);
	Event->Header.Type = (UCHAR)Type;
	Event->Header.SignalState = State ? 1 : 0;
	InitializeListHead(&Event->Header.WaitListHead);
}

LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
	(void)Increment;
	(void)Wait;
	LONG old = Event->Header.SignalState;
	Event->Header.SignalState = 1;
	return old;
}

LONG KeResetEvent(PRKEVENT Event)
{
	LONG old = Event->Header.SignalState;
	Event->Header.SignalState = 0;
	return old;
}

VOID KeClearEvent(PRKEVENT Event)
{
	Event->Header.SignalState = 0;
}

LONG KeReadStateEvent(PRKEVENT Event)
{
	return Event->Header.SignalState;
}

/* A wait on an unsignalled object: only time passes (nothing else runs to
 * signal it); with no timeout it never ends. */
static NTSTATUS wait_object(DISPATCHER_HEADER *h, uint64_t us, uintptr_t caller)
{
	if (h->SignalState > 0) {
		if (h->Type == SynchronizationEvent)
			h->SignalState = 0;
		return STATUS_SUCCESS;
	}
	dk_stall(us, caller);
	return STATUS_TIMEOUT;
}

NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
			       PLARGE_INTEGER Timeout)
{
	uintptr_t caller = DK_CALLER;
	(void)WaitReason;
	(void)WaitMode;
	(void)Alertable;
	uint64_t us = DK_FOREVER_US;
	if (Timeout)
		us = Timeout->QuadPart < 0 ? (uint64_t)(-(Timeout->QuadPart / 10)) : 0;
	return wait_object(Object, us, caller);
}

VOID NdisInitializeEvent(PNDIS_EVENT Event)
{
	KeInitializeEvent(&Event->Event, NotificationEvent, FALSE);
}

VOID NdisSetEvent(PNDIS_EVENT Event)
{
	KeSetEvent(&Event->Event, 0, FALSE);
}

VOID NdisResetEvent(PNDIS_EVENT Event)
{
	KeResetEvent(&Event->Event);
}

BOOLEAN NdisWaitEvent(PNDIS_EVENT Event, UINT MsToWait)
{
	uintptr_t caller = DK_CALLER;
	uint64_t us = MsToWait ? (uint64_t)MsToWait * 1000 : DK_FOREVER_US;
	return wait_object(&Event->Event.Header, us, caller) == STATUS_SUCCESS;
}

VOID KeInitializeMutex(PRKMUTEX Mutex, ULONG Level)
{
	(void)Level;
	memset(Mutex, 0, sizeof *Mutex);
	Mutex->Header.SignalState = 1;
}

LONG KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
	(void)Wait;
	LONG old = Mutex->Header.SignalState;
	Mutex->Header.SignalState = 1;
	return old;
}

VOID KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
	memset(Semaphore, 0, sizeof *Semaphore);
	Semaphore->Header.SignalState = Count;
	Semaphore->Limit = Limit;
}

LONG KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment, BOOLEAN Wait)
{
	(void)Increment;
	(void)Wait;
	LONG old = Semaphore->Header.SignalState;
	Semaphore->Header.SignalState += Adjustment;
	return old;
}

VOID ExInitializeFastMutex(PFAST_MUTEX FastMutex)
{
	memset(FastMutex, 0, sizeof *FastMutex);
	FastMutex->Count = 1;
}

VOID ExAcquireFastMutex(PFAST_MUTEX FastMutex)
{
	FastMutex->Count = 0;
	FastMutex->OldIrql = ddk_kf_raise_irql(APC_LEVEL);
}

VOID ExReleaseFastMutex(PFAST_MUTEX FastMutex)
{
	FastMutex->Count = 1;
	dk_irql = (KIRQL)FastMutex->OldIrql;
}

/* ---- DPCs and kernel timers: recorded, never run ---- */
VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
	memset(Dpc, 0, sizeof *Dpc);
	Dpc->DeferredRoutine = DeferredRoutine;
	Dpc->DeferredContext = DeferredContext;
}

BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
	BOOLEAN was = Dpc->DpcData != NULL;
	Dpc->SystemArgument1 = SystemArgument1;
	Dpc->SystemArgument2 = SystemArgument2;
	Dpc->DpcData = Dpc; /* queued */
	return !was;
}

BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc)
{
	BOOLEAN was = Dpc->DpcData != NULL;
	Dpc->DpcData = NULL;
	return was;
}

VOID KeFlushQueuedDpcs(VOID)
{
}

VOID KeInitializeTimer(PKTIMER Timer)
{
	KeInitializeTimerEx(Timer, NotificationTimer);
}

VOID KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
	memset(Timer, 0, sizeof *Timer);
	Timer->Header.Type = (UCHAR)Type;
	InitializeListHead(&Timer->TimerListEntry);
}

/* Header.Signalling says a timer is set (queued). */
BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc)
{
	BOOLEAN was = Timer->Header.Signalling;
	Timer->DueTime.QuadPart = (ULONGLONG)DueTime.QuadPart;
	Timer->Period = Period;
	Timer->Dpc = Dpc;
	Timer->Header.Signalling = 1;
	return was;
}

BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
	return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}

BOOLEAN KeCancelTimer(PKTIMER Timer)
{
	BOOLEAN was = Timer->Header.Signalling;
	Timer->Header.Signalling = 0;
	return was;
}

BOOLEAN KeReadStateTimer(PKTIMER Timer)
{
	return Timer->Header.SignalState != 0;
}

/* ---- NDIS 5 timers: a ledger entry (b = 5) at warning severity, since
 * NDIS 5 has no routine that frees one. ---- */
VOID NdisMInitializeTimer(PNDIS_MINIPORT_TIMER Timer, NDIS_HANDLE MiniportAdapterHandle,
			  PNDIS_TIMER_FUNCTION TimerFunction, PVOID FunctionContext)
{
	uintptr_t caller = DK_CALLER;
	KeInitializeTimer(&Timer->Timer);
	KeInitializeDpc(&Timer->Dpc, NULL, Timer);
	Timer->MiniportTimerFunction = TimerFunction;
	Timer->MiniportTimerContext = FunctionContext;
	Timer->Miniport = MiniportAdapterHandle;
	Timer->NextDeferredTimer = NULL;
	dk_acquire(DK_RES_TIMER, dk_adapter_of(MiniportAdapterHandle), (uintptr_t)Timer, 0, 5, 0, caller);
}

VOID NdisMSetTimer(PNDIS_MINIPORT_TIMER Timer, UINT MillisecondsToDelay)
{
	LARGE_INTEGER due;
	due.QuadPart = -(LONGLONG)MillisecondsToDelay * 10000;
	KeSetTimer(&Timer->Timer, due, &Timer->Dpc);
}

VOID NdisMSetPeriodicTimer(PNDIS_MINIPORT_TIMER Timer, UINT MillisecondPeriod)
{
	LARGE_INTEGER due;
	due.QuadPart = -(LONGLONG)MillisecondPeriod * 10000;
	KeSetTimerEx(&Timer->Timer, due, (LONG)MillisecondPeriod, &Timer->Dpc);
}

VOID NdisMCancelTimer(PNDIS_MINIPORT_TIMER Timer, PBOOLEAN TimerCancelled)
{
	*TimerCancelled = KeCancelTimer(&Timer->Timer);
}

VOID NdisInitializeTimer(PNDIS_TIMER Timer, PNDIS_TIMER_FUNCTION TimerFunction, PVOID FunctionContext)
{
	uintptr_t caller = DK_CALLER;
	KeInitializeTimer(&Timer->Timer);
	KeInitializeDpc(&Timer->Dpc, NULL, Timer);
	Timer->TimerFunction = TimerFunction;
	Timer->FunctionContext = FunctionContext;
	dk_acquire(DK_RES_TIMER, NULL, (uintptr_t)Timer, 0, 5, 0, caller);
}

VOID NdisSetTimer(PNDIS_TIMER Timer, UINT MillisecondsToDelay)
{
	LARGE_INTEGER due;
	due.QuadPart = -(LONGLONG)MillisecondsToDelay * 10000;
	KeSetTimer(&Timer->Timer, due, &Timer->Dpc);
}

VOID NdisCancelTimer(PNDIS_TIMER Timer, PBOOLEAN TimerCancelled)
{
	*TimerCancelled = KeCancelTimer(&Timer->Timer);
}

/* ---- NDIS 6 timer objects (ledger b = 6) ---- */
typedef struct {
	void *adapter;
	NDIS_TIMER_CHARACTERISTICS chars;
	BOOLEAN set;
	LONG period;
	PVOID context;
} dk_timer;

NDIS_STATUS NdisAllocateTimerObject(NDIS_HANDLE NdisHandle, PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
				    PNDIS_HANDLE pTimerObject)
{
	uintptr_t caller = DK_CALLER;
	*pTimerObject = NULL;
	if (!TimerCharacteristics || TimerCharacteristics->Header.Type != NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (dk_fail(DK_SITE_ALLOCATE_TIMER, caller))
		return NDIS_STATUS_RESOURCES;
	dk_timer *t = ko_alloc(KO_TIMER, sizeof *t, 1, 0, NULL, 0);
	if (!t)
		return NDIS_STATUS_RESOURCES;
	t->adapter = dk_adapter_of(NdisHandle);
	t->chars = *TimerCharacteristics;
	t->context = TimerCharacteristics->FunctionContext;
	dk_acquire(DK_RES_TIMER, t->adapter, (uintptr_t)t, 0, 6, 0, caller);
	*pTimerObject = t;
	return NDIS_STATUS_SUCCESS;
}

static dk_timer *timer_of(NDIS_HANDLE h)
{
	ko_entry *e = ko_find(h);
	return e && e->kind == KO_TIMER ? h : NULL;
}

BOOLEAN NdisSetTimerObject(NDIS_HANDLE TimerObject, LARGE_INTEGER DueTime, LONG MillisecondsPeriod,
			   PVOID FunctionContext)
{
	(void)DueTime;
	dk_timer *t = timer_of(TimerObject);
	if (!t)
		return FALSE;
	BOOLEAN was = t->set;
	t->set = TRUE;
	t->period = MillisecondsPeriod;
	if (FunctionContext)
		t->context = FunctionContext;
	return was;
}

BOOLEAN NdisCancelTimerObject(NDIS_HANDLE TimerObject)
{
	dk_timer *t = timer_of(TimerObject);
	if (!t)
		return FALSE;
	BOOLEAN was = t->set;
	t->set = FALSE;
	return was;
}

VOID NdisFreeTimerObject(NDIS_HANDLE TimerObject)
{
	dk_timer *t = timer_of(TimerObject);
	if (dk_release(DK_RES_TIMER, t ? t->adapter : NULL, (uintptr_t)TimerObject, 0, 6, 0, DK_CALLER) && t)
		ko_free(t);
}

/* ---- Work items: queued, never run ---- */
NDIS_STATUS NdisScheduleWorkItem(PNDIS_WORK_ITEM WorkItem)
{
	WorkItem->WrapperReserved[0] = 1; /* queued */
	return NDIS_STATUS_SUCCESS;
}

typedef struct {
	void *adapter;
	NDIS_IO_WORKITEM_ROUTINE routine;
	PVOID context;
} dk_work_item;

NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle)
{
	uintptr_t caller = DK_CALLER;
	if (dk_fail(DK_SITE_ALLOCATE_WORK_ITEM, caller))
		return NULL;
	dk_work_item *w = ko_alloc(KO_WORK_ITEM, sizeof *w, 1, 0, NULL, 0);
	if (!w)
		return NULL;
	w->adapter = dk_adapter_of(NdisObjectHandle);
	dk_acquire(DK_RES_WORK_ITEM, w->adapter, (uintptr_t)w, 0, 0, 0, caller);
	return w;
}

VOID NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle, NDIS_IO_WORKITEM_ROUTINE Routine, PVOID WorkItemContext)
{
	ko_entry *e = ko_find(NdisIoWorkItemHandle);
	if (!e || e->kind != KO_WORK_ITEM)
		return;
	dk_work_item *w = NdisIoWorkItemHandle;
	w->routine = Routine;
	w->context = WorkItemContext;
}

VOID NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle)
{
	ko_entry *e = ko_find(NdisIoWorkItemHandle);
	dk_work_item *w = e && e->kind == KO_WORK_ITEM ? NdisIoWorkItemHandle : NULL;
	if (dk_release(DK_RES_WORK_ITEM, w ? w->adapter : NULL, (uintptr_t)NdisIoWorkItemHandle, 0, 0, 0, DK_CALLER) && w)
		ko_free(w);
}

/* ---- Interrupts: registered, never fired ---- */
NDIS_STATUS NdisMRegisterInterrupt(PNDIS_MINIPORT_INTERRUPT Interrupt, NDIS_HANDLE MiniportAdapterHandle,
				   UINT InterruptVector, UINT InterruptLevel, BOOLEAN RequestIsr,
				   BOOLEAN SharedInterrupt, NDIS_INTERRUPT_MODE InterruptMode)
{
	uintptr_t caller = DK_CALLER;
	(void)InterruptMode;
	if (dk_fail(DK_SITE_REGISTER_INTERRUPT, caller))
		return NDIS_STATUS_RESOURCES;
	memset(Interrupt, 0, sizeof *Interrupt);
	Interrupt->Miniport = MiniportAdapterHandle;
	Interrupt->SharedInterrupt = SharedInterrupt;
	Interrupt->IsrRequested = RequestIsr;
	KeInitializeEvent(&Interrupt->DpcsCompletedEvent, NotificationEvent, TRUE);
	dk_acquire(DK_RES_INTERRUPT, dk_adapter_of(MiniportAdapterHandle), (uintptr_t)Interrupt, InterruptVector,
		   InterruptLevel, 0, caller);
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMDeregisterInterrupt(PNDIS_MINIPORT_INTERRUPT Interrupt)
{
	uintptr_t caller = DK_CALLER;
	/* The vector and level are not arguments here: the ledger's own. */
	dk_release(DK_RES_INTERRUPT, dk_adapter_of(Interrupt ? Interrupt->Miniport : NULL), (uintptr_t)Interrupt, 0, 0,
		   0, caller);
}

BOOLEAN NdisMSynchronizeWithInterrupt(PNDIS_MINIPORT_INTERRUPT Interrupt, PVOID SynchronizeFunction,
				      PVOID SynchronizeContext)
{
	(void)Interrupt;
	BOOLEAN (*fn)(PVOID) = (BOOLEAN(*)(PVOID))SynchronizeFunction;
	KIRQL old = ddk_kf_raise_irql(HIGH_LEVEL);
	BOOLEAN r = fn ? fn(SynchronizeContext) : FALSE;
	dk_irql = old;
	return r;
}

typedef struct {
	void *adapter;
	NDIS_HANDLE context;
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS chars;
} dk_interrupt;

NDIS_STATUS NdisMRegisterInterruptEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportInterruptContext,
				     PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS MiniportInterruptCharacteristics,
				     PNDIS_HANDLE NdisInterruptHandle)
{
	uintptr_t caller = DK_CALLER;
	*NdisInterruptHandle = NULL;
	PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS c = MiniportInterruptCharacteristics;
	if (!c || c->Header.Type != NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT || !c->InterruptHandler ||
	    !c->InterruptDpcHandler)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (dk_fail(DK_SITE_REGISTER_INTERRUPT, caller))
		return NDIS_STATUS_RESOURCES;
	dk_interrupt *i = ko_alloc(KO_INTERRUPT, sizeof *i, 1, 0, NULL, 0);
	if (!i)
		return NDIS_STATUS_RESOURCES;
	i->adapter = dk_adapter_of(MiniportAdapterHandle);
	i->context = MiniportInterruptContext;
	i->chars = *c;
	c->InterruptType = NDIS_CONNECT_LINE_BASED;
	c->MessageInfoTable = NULL;
	dk_acquire(DK_RES_INTERRUPT, i->adapter, (uintptr_t)i, 0, 0, 0, caller);
	*NdisInterruptHandle = i;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMDeregisterInterruptEx(NDIS_HANDLE NdisInterruptHandle)
{
	ko_entry *e = ko_find(NdisInterruptHandle);
	dk_interrupt *i = e && e->kind == KO_INTERRUPT ? NdisInterruptHandle : NULL;
	if (dk_release(DK_RES_INTERRUPT, i ? i->adapter : NULL, (uintptr_t)NdisInterruptHandle, 0, 0, 0, DK_CALLER) && i)
		ko_free(i);
}

BOOLEAN NdisMSynchronizeWithInterruptEx(NDIS_HANDLE NdisInterruptHandle, ULONG MessageId,
					MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER SynchronizeFunction,
					PVOID SynchronizeContext)
{
	(void)NdisInterruptHandle;
	(void)MessageId;
	KIRQL old = ddk_kf_raise_irql(HIGH_LEVEL);
	BOOLEAN r = SynchronizeFunction ? SynchronizeFunction(SynchronizeContext) : FALSE;
	dk_irql = old;
	return r;
}

BOOLEAN NdisMQueueDpc(NDIS_HANDLE NdisInterruptHandle, ULONG MessageId, ULONG TargetProcessors,
		      PVOID MiniportDpcContext)
{
	(void)NdisInterruptHandle;
	(void)MessageId;
	(void)TargetProcessors;
	(void)MiniportDpcContext;
	return TRUE; /* queued, never run */
}

/* ---- Processors ---- */
ULONG KeGetCurrentProcessorNumber(VOID)
{
	return 0;
}

ULONG KeGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER ProcNumber)
{
	if (ProcNumber)
		memset(ProcNumber, 0, sizeof *ProcNumber);
	return 0;
}

ULONG KeQueryActiveProcessorCount(PKAFFINITY ActiveProcessors)
{
	if (ActiveProcessors)
		*ActiveProcessors = 1;
	return 1;
}

ULONG KeQueryActiveProcessorCountEx(USHORT GroupNumber)
{
	(void)GroupNumber;
	return 1;
}

ULONG KeQueryMaximumProcessorCount(VOID)
{
	return 1;
}

KAFFINITY KeQueryActiveProcessors(VOID)
{
	return 1;
}

/* A bug check is the driver stopping the machine: a crash. */
VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
	dk_violation("CRASH", DK_CALLER, "KeBugCheckEx(0x%x, 0x%lx, 0x%lx, 0x%lx, 0x%lx)", BugCheckCode,
		     (unsigned long)P1, (unsigned long)P2, (unsigned long)P3, (unsigned long)P4);
	abort();
}

VOID KeBugCheck(ULONG BugCheckCode)
{
	dk_violation("CRASH", DK_CALLER, "KeBugCheck(0x%x)", BugCheckCode);
	abort();
}

/* ---- Interlocked lists under a spin lock ---- */
PLIST_ENTRY ExInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PKSPIN_LOCK Lock)
{
	(void)Lock;
	PLIST_ENTRY first = IsListEmpty(ListHead) ? NULL : ListHead->Flink;
	InsertHeadList(ListHead, ListEntry);
	return first;
}

PLIST_ENTRY ExInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PKSPIN_LOCK Lock)
{
	(void)Lock;
	PLIST_ENTRY last = IsListEmpty(ListHead) ? NULL : ListHead->Blink;
	InsertTailList(ListHead, ListEntry);
	return last;
}

PLIST_ENTRY ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
	(void)Lock;
	return IsListEmpty(ListHead) ? NULL : RemoveHeadList(ListHead);
}

PSINGLE_LIST_ENTRY ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
	(void)Lock;
	return PopEntryList(ListHead);
}

PSINGLE_LIST_ENTRY ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY ListEntry, PKSPIN_LOCK Lock)
{
	(void)Lock;
	PSINGLE_LIST_ENTRY first = ListHead->Next;
	PushEntryList(ListHead, ListEntry);
	return first;
}

VOID InitializeSListHead(PSLIST_HEADER SListHead)
{
	memset(SListHead, 0, sizeof *SListHead);
}

/* Alignment counts the depth. */
PSLIST_ENTRY InterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry)
{
	PSLIST_ENTRY first = ListHead->Next.Next;
	ListEntry->Next = first;
	ListHead->Next.Next = ListEntry;
	ListHead->Region++;
	return first;
}

PSLIST_ENTRY InterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
	PSLIST_ENTRY first = ListHead->Next.Next;
	if (first) {
		ListHead->Next.Next = first->Next;
		ListHead->Region--;
	}
	return first;
}

PSLIST_ENTRY InterlockedFlushSList(PSLIST_HEADER ListHead)
{
	PSLIST_ENTRY first = ListHead->Next.Next;
	ListHead->Next.Next = NULL;
	ListHead->Region = 0;
	return first;
}

USHORT QueryDepthSList(PSLIST_HEADER SListHead)
{
	return (USHORT)SListHead->Region;
}

PSLIST_ENTRY ExInterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry, PKSPIN_LOCK Lock)
{
	(void)Lock;
	return InterlockedPushEntrySList(ListHead, ListEntry);
}

PSLIST_ENTRY ExInterlockedPopEntrySList(PSLIST_HEADER ListHead, PKSPIN_LOCK Lock)
{
	(void)Lock;
	return InterlockedPopEntrySList(ListHead);
}

VOID NdisInterlockedAddUlong(PULONG Addend, ULONG Increment, PNDIS_SPIN_LOCK SpinLock)
{
	(void)SpinLock;
	*Addend += Increment;
}

PLIST_ENTRY NdisInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock)
{
	return ExInterlockedInsertHeadList(ListHead, ListEntry, &SpinLock->SpinLock);
}

PLIST_ENTRY NdisInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock)
{
	return ExInterlockedInsertTailList(ListHead, ListEntry, &SpinLock->SpinLock);
}

PLIST_ENTRY NdisInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PNDIS_SPIN_LOCK SpinLock)
{
	return ExInterlockedRemoveHeadList(ListHead, &SpinLock->SpinLock);
}

NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
				  KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
				  PKWAIT_BLOCK WaitBlockArray)
{
	uintptr_t caller = DK_CALLER;
	(void)WaitReason;
	(void)WaitMode;
	(void)Alertable;
	(void)WaitBlockArray;
	ULONG signalled = 0, first = Count;
	for (ULONG i = 0; i < Count; i++) {
		if (((DISPATCHER_HEADER *)Object[i])->SignalState > 0) {
			signalled++;
			if (first == Count)
				first = i;
		}
	}
	if ((WaitType == WaitAny && first < Count) || (WaitType == WaitAll && signalled == Count && Count))
		return WaitType == WaitAny ? (NTSTATUS)(STATUS_WAIT_0 + (NTSTATUS)first) : STATUS_SUCCESS;
	uint64_t us = DK_FOREVER_US;
	if (Timeout)
		us = Timeout->QuadPart < 0 ? (uint64_t)(-(Timeout->QuadPart / 10)) : 0;
	dk_stall(us, caller);
	return STATUS_TIMEOUT;
}

/* A system thread's object: a dispatcher header, signalled (finished). */
typedef struct {
	DISPATCHER_HEADER Header;
	PKSTART_ROUTINE routine;
	PVOID context;
} dk_thread;

NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
			      HANDLE ProcessHandle, PVOID ClientId, PKSTART_ROUTINE StartRoutine, PVOID StartContext)
{
	uintptr_t caller = DK_CALLER;
	(void)DesiredAccess;
	(void)ObjectAttributes;
	(void)ProcessHandle;
	(void)ClientId;
	*ThreadHandle = NULL;
	if (dk_fail(DK_SITE_ALLOCATE_MEMORY, caller))
		return STATUS_INSUFFICIENT_RESOURCES;
	dk_thread *t = ko_alloc(KO_THREAD, sizeof *t, 1, 0, NULL, 0);
	if (!t)
		return STATUS_INSUFFICIENT_RESOURCES;
	t->Header.SignalState = 1;
	InitializeListHead(&t->Header.WaitListHead);
	t->routine = StartRoutine;
	t->context = StartContext;
	*ThreadHandle = t;
	return STATUS_SUCCESS;
}

NTSTATUS PsTerminateSystemThread(NTSTATUS ExitStatus)
{
	(void)ExitStatus;
	return STATUS_SUCCESS;
}

NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ULONG DesiredAccess, PVOID ObjectType, KPROCESSOR_MODE AccessMode,
				   PVOID *Object, PVOID HandleInformation)
{
	(void)DesiredAccess;
	(void)ObjectType;
	(void)AccessMode;
	(void)HandleInformation;
	if (!ko_find(Handle)) {
		*Object = NULL;
		return STATUS_INVALID_HANDLE;
	}
	*Object = Handle; /* the handle is the object itself */
	return STATUS_SUCCESS;
}
