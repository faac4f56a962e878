/* The miniport kit: the few Win32 base names (windef.h, minwindef.h) some
 * drivers include; the types themselves are in ntdef.h. */
#ifndef MAPFUZZ_DDK_WINDEF_H
#define MAPFUZZ_DDK_WINDEF_H
#include <ntdef.h>
typedef PVOID HINSTANCE, HMODULE;
typedef LONG_PTR LPARAM;
typedef UINT_PTR WPARAM;
typedef LONG_PTR LRESULT;
#endif
