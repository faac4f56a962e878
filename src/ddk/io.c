/* I/O space, registers, ports and time.  NdisMMapIoSpace and
 * NdisMUnmapIoSpace are the runner's dk_map_io_space/dk_unmap_io_space:
 * mapfuzz's reference core on the platform, with a real pointer onto the
 * device's register file (its fault site is the core's own failure, so
 * the kit injects none here).  Every register and port access is a real
 * function whose return address is the driver's line, checked by the
 * runner against the live mappings and registered port ranges. */
#include "kit.h"

#define DK_NOINLINE __attribute__((__noinline__))

NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length)
{
	uintptr_t caller = DK_CALLER;
	void *va = NULL;
	NDIS_STATUS st = dk_map_io_space(&va, MiniportAdapterHandle, (uint64_t)PhysicalAddress.QuadPart, Length, caller);
	*VirtualAddress = va;
	return st;
}

VOID NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length)
{
	dk_unmap_io_space(MiniportAdapterHandle, VirtualAddress, Length, DK_CALLER);
}

/* On x86 and x64 Windows the port offset is the port number itself. */
NDIS_STATUS NdisMRegisterIoPortRange(PVOID *PortOffset, NDIS_HANDLE MiniportAdapterHandle, UINT InitialPort,
				     UINT NumberOfPorts)
{
	uintptr_t caller = DK_CALLER;
	*PortOffset = NULL;
	if (dk_fail(DK_SITE_REGISTER_IO_PORT, caller))
		return NDIS_STATUS_RESOURCES;
	*PortOffset = (PVOID)(ULONG_PTR)InitialPort;
	dk_acquire(DK_RES_PORT_RANGE, dk_adapter_of(MiniportAdapterHandle), (uintptr_t)InitialPort, NumberOfPorts, 0,
		   InitialPort, caller);
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMDeregisterIoPortRange(NDIS_HANDLE MiniportAdapterHandle, UINT InitialPort, UINT NumberOfPorts,
				PVOID PortOffset)
{
	dk_release(DK_RES_PORT_RANGE, dk_adapter_of(MiniportAdapterHandle), (uintptr_t)PortOffset, NumberOfPorts, 0,
		   InitialPort, DK_CALLER);
}

/* ---- Registers ---- */
DK_NOINLINE UCHAR READ_REGISTER_UCHAR(volatile UCHAR *Register)
{
	return (UCHAR)dk_reg_read(Register, 1, DK_CALLER);
}
DK_NOINLINE USHORT READ_REGISTER_USHORT(volatile USHORT *Register)
{
	return (USHORT)dk_reg_read(Register, 2, DK_CALLER);
}
DK_NOINLINE ULONG READ_REGISTER_ULONG(volatile ULONG *Register)
{
	return dk_reg_read(Register, 4, DK_CALLER);
}
DK_NOINLINE VOID WRITE_REGISTER_UCHAR(volatile UCHAR *Register, UCHAR Value)
{
	dk_reg_write(Register, 1, Value, DK_CALLER);
}
DK_NOINLINE VOID WRITE_REGISTER_USHORT(volatile USHORT *Register, USHORT Value)
{
	dk_reg_write(Register, 2, Value, DK_CALLER);
}
DK_NOINLINE VOID WRITE_REGISTER_ULONG(volatile ULONG *Register, ULONG Value)
{
	dk_reg_write(Register, 4, Value, DK_CALLER);
}
/* The buffer forms access one register Count times (a FIFO). */
DK_NOINLINE VOID READ_REGISTER_BUFFER_UCHAR(volatile UCHAR *Register, PUCHAR Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		Buffer[i] = (UCHAR)dk_reg_read(Register, 1, caller);
}
DK_NOINLINE VOID READ_REGISTER_BUFFER_USHORT(volatile USHORT *Register, PUSHORT Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		Buffer[i] = (USHORT)dk_reg_read(Register, 2, caller);
}
DK_NOINLINE VOID READ_REGISTER_BUFFER_ULONG(volatile ULONG *Register, PULONG Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		Buffer[i] = dk_reg_read(Register, 4, caller);
}
DK_NOINLINE VOID WRITE_REGISTER_BUFFER_UCHAR(volatile UCHAR *Register, PUCHAR Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		dk_reg_write(Register, 1, Buffer[i], caller);
}
DK_NOINLINE VOID WRITE_REGISTER_BUFFER_USHORT(volatile USHORT *Register, PUSHORT Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		dk_reg_write(Register, 2, Buffer[i], caller);
}
DK_NOINLINE VOID WRITE_REGISTER_BUFFER_ULONG(volatile ULONG *Register, PULONG Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		dk_reg_write(Register, 4, Buffer[i], caller);
}

/* ---- Ports ---- */
DK_NOINLINE UCHAR READ_PORT_UCHAR(PUCHAR Port)
{
	return (UCHAR)dk_port_read((uintptr_t)Port, 1, DK_CALLER);
}
DK_NOINLINE USHORT READ_PORT_USHORT(PUSHORT Port)
{
	return (USHORT)dk_port_read((uintptr_t)Port, 2, DK_CALLER);
}
DK_NOINLINE ULONG READ_PORT_ULONG(PULONG Port)
{
	return dk_port_read((uintptr_t)Port, 4, DK_CALLER);
}
DK_NOINLINE VOID WRITE_PORT_UCHAR(PUCHAR Port, UCHAR Value)
{
	dk_port_write((uintptr_t)Port, 1, Value, DK_CALLER);
}
DK_NOINLINE VOID WRITE_PORT_USHORT(PUSHORT Port, USHORT Value)
{
	dk_port_write((uintptr_t)Port, 2, Value, DK_CALLER);
}
DK_NOINLINE VOID WRITE_PORT_ULONG(PULONG Port, ULONG Value)
{
	dk_port_write((uintptr_t)Port, 4, Value, DK_CALLER);
}
DK_NOINLINE VOID READ_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		Buffer[i] = (UCHAR)dk_port_read((uintptr_t)Port, 1, caller);
}
DK_NOINLINE VOID READ_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		Buffer[i] = (USHORT)dk_port_read((uintptr_t)Port, 2, caller);
}
DK_NOINLINE VOID READ_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		Buffer[i] = dk_port_read((uintptr_t)Port, 4, caller);
}
DK_NOINLINE VOID WRITE_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		dk_port_write((uintptr_t)Port, 1, Buffer[i], caller);
}
DK_NOINLINE VOID WRITE_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		dk_port_write((uintptr_t)Port, 2, Buffer[i], caller);
}
DK_NOINLINE VOID WRITE_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count)
{
	uintptr_t caller = DK_CALLER;
	for (ULONG i = 0; i < Count; i++)
		dk_port_write((uintptr_t)Port, 4, Buffer[i], caller);
}

/* ---- Time: virtual, advanced only by the driver's own waits ---- */
/* 2026-01-01 00:00:00 UTC in 100 ns units since 1601: a fixed boot time,
 * so that KeQuerySystemTime is the same in every run. */
#define DK_BOOT_TIME_100NS INT64_C(134116992000000000)
#define DK_TICK_100NS 156250 /* 15.625 ms, the default timer tick */

DK_NOINLINE VOID KeStallExecutionProcessor(ULONG MicroSeconds)
{
	dk_stall(MicroSeconds, DK_CALLER);
}

DK_NOINLINE VOID NdisMSleep(ULONG MicrosecondsToSleep)
{
	dk_stall(MicrosecondsToSleep, DK_CALLER);
}

NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Interval)
{
	uintptr_t caller = DK_CALLER;
	(void)WaitMode;
	(void)Alertable;
	LONGLONG t = Interval ? Interval->QuadPart : 0;
	/* Negative: relative, in 100 ns; positive: an absolute system time. */
	uint64_t us = t < 0 ? (uint64_t)(-(t / 10)) : 0;
	if (t > 0) {
		LONGLONG now = DK_BOOT_TIME_100NS + (LONGLONG)dk_time_100ns();
		us = t > now ? (uint64_t)((t - now) / 10) : 0;
	}
	dk_stall(us, caller);
	return STATUS_SUCCESS;
}

VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
	CurrentTime->QuadPart = DK_BOOT_TIME_100NS + (LONGLONG)dk_time_100ns();
}

VOID KeQueryTickCount(PLARGE_INTEGER TickCount)
{
	TickCount->QuadPart = (LONGLONG)(dk_time_100ns() / DK_TICK_100NS);
}

ULONG KeQueryTimeIncrement(VOID)
{
	return DK_TICK_100NS;
}

ULONGLONG KeQueryInterruptTime(VOID)
{
	return dk_time_100ns();
}

LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
	LARGE_INTEGER r;
	if (PerformanceFrequency)
		PerformanceFrequency->QuadPart = 10000000; /* the counter counts 100 ns */
	r.QuadPart = (LONGLONG)dk_time_100ns();
	return r;
}

VOID NdisGetSystemUpTime(PULONG pSystemUpTime)
{
	*pSystemUpTime = (ULONG)(dk_time_100ns() / 10000);
}

VOID NdisGetSystemUpTimeEx(PLARGE_INTEGER pSystemUpTime)
{
	pSystemUpTime->QuadPart = (LONGLONG)(dk_time_100ns() / 10000);
}

VOID NdisGetCurrentProcessorCpuUsage(PULONG pCpuUsage)
{
	*pCpuUsage = 0;
}

VOID NdisGetCurrentProcessorCounts(PULONG pIdleCount, PULONG pKernelAndUser, PULONG pIndex)
{
	*pIdleCount = 0;
	*pKernelAndUser = (ULONG)(dk_time_100ns() / DK_TICK_100NS);
	*pIndex = 0;
}

/* MmMapIoSpace(Ex): the same core as NdisMMapIoSpace, with no adapter
 * handle (the runner charges the adapter being initialized or halted). */
PVOID MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType)
{
	uintptr_t caller = DK_CALLER;
	(void)CacheType;
	void *va = NULL;
	if (NumberOfBytes > UINT32_MAX)
		return NULL;
	dk_map_io_space(&va, NULL, (uint64_t)PhysicalAddress.QuadPart, (uint32_t)NumberOfBytes, caller);
	return va;
}

PVOID MmMapIoSpaceEx(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, ULONG Protect)
{
	uintptr_t caller = DK_CALLER;
	(void)Protect;
	void *va = NULL;
	if (NumberOfBytes > UINT32_MAX)
		return NULL;
	dk_map_io_space(&va, NULL, (uint64_t)PhysicalAddress.QuadPart, (uint32_t)NumberOfBytes, caller);
	return va;
}

VOID MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
	dk_unmap_io_space(NULL, BaseAddress, (uint32_t)NumberOfBytes, DK_CALLER);
}
