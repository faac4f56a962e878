/* The kit's NDIS, Ke and debugging routines: the error log, the adapter
 * block and its context slot, Driver Verifier's view, the bugcheck. */
#include <stdarg.h>
#include <stdio.h>

#include "kit.h"

#ifndef WDK_DBGPRINT
#define WDK_DBGPRINT 0
#endif

VOID NdisWriteErrorLogEntry(NDIS_HANDLE NdisAdapterHandle, NDIS_ERROR_CODE ErrorCode, ULONG NumberOfErrorValues, ...)
{
	ULONG v[3] = {0, 0, 0};
	va_list ap;
	va_start(ap, NumberOfErrorValues);
	for (ULONG i = 0; i < NumberOfErrorValues && i < 3; i++)
		v[i] = va_arg(ap, ULONG);
	va_end(ap);
	uint64_t start = v[0], length = v[1];
	if (NumberOfErrorValues >= 3) {
		start = (uint64_t)v[0] | (uint64_t)v[1] << 32;
		length = v[2];
	}
	/* A dropped entry is counted by the platform; NDIS returns nothing. */
	(void)seam_errlog_write(NdisAdapterHandle, ErrorCode, start, length);
	KIT_DONE();
}

PVOID *NdisMiniportContext(NDIS_HANDLE MiniportAdapterHandle)
{
	return plat_adapter_context(MiniportAdapterHandle);
}

VOID NdisMGetDeviceProperty(NDIS_HANDLE MiniportAdapterHandle, PDEVICE_OBJECT *PhysicalDeviceObject,
			    PDEVICE_OBJECT *FunctionalDeviceObject, PDEVICE_OBJECT *NextDeviceObject,
			    PCM_RESOURCE_LIST *AllocatedResources, PCM_RESOURCE_LIST *AllocatedResourcesTranslated)
{
	PDEVICE_OBJECT self = (PDEVICE_OBJECT)MiniportAdapterHandle;
	if (PhysicalDeviceObject)
		*PhysicalDeviceObject = self;
	if (FunctionalDeviceObject)
		*FunctionalDeviceObject = self;
	if (NextDeviceObject)
		*NextDeviceObject = self;
	if (AllocatedResources)
		*AllocatedResources = NULL;
	if (AllocatedResourcesTranslated)
		*AllocatedResourcesTranslated = NULL;
}

NDIS_KIT_PHASE NdisKitMiniportPhase(NDIS_HANDLE MiniportAdapterHandle)
{
	SEAM_ADAPTER_INFO info;
	NDIS_KIT_PHASE phase = seam_adapter_query(MiniportAdapterHandle, &info) ? (NDIS_KIT_PHASE)info.phase : NdisKitPhaseGone;
	KIT_DONE();
	return phase;
}

VOID NdisKitVerifierReport(NDIS_KIT_VERIFIER_EVENT Kind, NDIS_HANDLE MiniportAdapterHandle, ULONG64 A, ULONG64 B)
{
	seam_verifier_event((SEAM_VERIFIER_KIND)Kind, MiniportAdapterHandle, A, B);
	KIT_DONE();
}

_Noreturn VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1, ULONG_PTR BugCheckParameter2,
			    ULONG_PTR BugCheckParameter3, ULONG_PTR BugCheckParameter4)
{
	plat_bugcheck_from((uintptr_t)__builtin_return_address(0), BugCheckCode, BugCheckParameter1, BugCheckParameter2,
			   BugCheckParameter3, BugCheckParameter4);
}

ULONG DbgPrint(PCSTR Format, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, Format);
	int n = vsnprintf(line, sizeof(line), Format, ap);
	va_end(ap);
	if (WDK_DBGPRINT)
		fputs(line, stderr);
	return n < 0 ? 0u : (ULONG)n;
}
