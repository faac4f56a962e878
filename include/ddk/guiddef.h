/* The miniport kit: GUIDs.  DEFINE_GUID declares one, or defines it where
 * <initguid.h> came first (INITGUID), as the WDK's guiddef.h does. */
#ifndef MAPFUZZ_DDK_GUIDDEF_H
#define MAPFUZZ_DDK_GUIDDEF_H

#include <ntdef.h>
#include <string.h>

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
	ULONG Data1;
	USHORT Data2;
	USHORT Data3;
	UCHAR Data4[8];
} GUID;
#endif
typedef GUID *PGUID, *LPGUID;
typedef const GUID *PCGUID, *LPCGUID;
typedef GUID IID, CLSID, FMTID;
#define REFGUID const GUID *
#define REFIID const IID *
#define REFCLSID const CLSID *
#define IsEqualGUID(a, b) (memcmp((a), (b), sizeof(GUID)) == 0)
#define InlineIsEqualGUID(a, b) IsEqualGUID(a, b)
#define IsEqualIID(a, b) IsEqualGUID(a, b)

#endif

/* Outside the guard: a later <initguid.h> switches DEFINE_GUID to defining. */
#undef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                               \
	const GUID DECLSPEC_SELECTANY name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) extern const GUID name
#endif
