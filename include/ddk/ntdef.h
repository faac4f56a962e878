/* The miniport kit (include/ddk/): the WDK's ntdef.h, written for mapfuzz
 * from the WDK documentation.  Base types with their Windows widths on an
 * LP64 Linux host (ULONG and LONG are 32 bits, pointers 64), the macros
 * MSVC-era driver code takes for granted, and the compiler keywords of
 * MSVC (__declspec, __stdcall, __int64, __forceinline ...) spelt for gcc
 * and clang.
 *
 * WCHAR is the host's wchar_t (4 bytes here, 2 on Windows) so that L"..."
 * literals, which drivers put in UNICODE_STRINGs, have the type WCHAR
 * strings have; every length the kit computes uses sizeof(WCHAR). */
#ifndef MAPFUZZ_DDK_NTDEF_H
#define MAPFUZZ_DDK_NTDEF_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>
#include <sal.h>

/* Pool tags are four-character constants ('gaTx') throughout driver code:
 * their value is implementation-defined but the same in gcc, clang and
 * MSVC, so the warning about them says nothing here. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmultichar"
#endif

/* ---- MSVC keywords ---- */
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef _stdcall
#define _stdcall
#endif
#ifndef _cdecl
#define _cdecl
#endif
#ifndef __int64
#define __int64 long long
#endif
#ifndef __int32
#define __int32 int
#endif
#ifndef __int16
#define __int16 short
#endif
#ifndef __int8
#define __int8 char
#endif
#ifndef __forceinline
#define __forceinline __inline__ __attribute__((__always_inline__))
#endif
#ifndef __unaligned
#define __unaligned
#endif
#ifndef __ptr64
#define __ptr64
#endif
#ifndef __ptr32
#define __ptr32
#endif
#ifndef __restrict
#define __restrict __restrict__
#endif
/* __declspec(x) becomes __ddk_declspec_x: each spelling drivers use is
 * defined below (align(n) keeps its meaning, the rest are linkage hints). */
#ifndef __declspec
#define __declspec(x) __ddk_declspec_##x
#endif
#define __ddk_declspec_align(n) __attribute__((__aligned__(n)))
#define __ddk_declspec_noinline __attribute__((__noinline__))
#define __ddk_declspec_noreturn __attribute__((__noreturn__))
#define __ddk_declspec_selectany __attribute__((__weak__))
#define __ddk_declspec_deprecated __attribute__((__deprecated__))
#define __ddk_declspec_dllimport
#define __ddk_declspec_dllexport
#define __ddk_declspec_nothrow
#define __ddk_declspec_novtable
#define __ddk_declspec_restrict
#define __ddk_declspec_noalias
#define __ddk_declspec_naked
#define __ddk_declspec_thread __thread
#define __ddk_declspec_allocate(s)
#define __ddk_declspec_code_seg(s)
#define __ddk_declspec_uuid(s)
#define __ddk_declspec_safebuffers
#define __ddk_declspec_guard(x)
#define __ddk_declspec_empty_bases
#define __ddk_declspec_intrin_type

#define NTAPI
#define EXTERN_C extern
#define EXTERN_C_START
#define EXTERN_C_END
#define NTAPI_INLINE
#define NTSYSAPI
#define NTSYSCALLAPI
#define NTKERNELAPI
#define NTHALAPI
#define NDISAPI
#define DDKAPI
#define WINAPI
#define APIENTRY
#define CALLBACK
#define FASTCALL
#define EXPORT
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT
#define DECLSPEC_NORETURN __attribute__((__noreturn__))
#define DECLSPEC_NOINLINE __attribute__((__noinline__))
#define DECLSPEC_ALIGN(n) __attribute__((__aligned__(n)))
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(64)
#define DECLSPEC_SELECTANY __attribute__((__weak__))
#define DECLSPEC_DEPRECATED __attribute__((__deprecated__))
#define DECLSPEC_DEPRECATED_DDK
#define DECLSPEC_NOTHROW
#define DECLSPEC_NOVTABLE
#define DECLSPEC_GUARDNOCF
#define DECLSPEC_RESTRICT
#define DECLSPEC_SAFEBUFFERS
#define DECLSPEC_ADDRSAFE
/* Not static: drivers write both FORCEINLINE and static FORCEINLINE. */
#define FORCEINLINE __inline__ __attribute__((__always_inline__))
#define NOINLINE __attribute__((__noinline__))
#ifndef INLINE
#define INLINE __inline__
#endif
#define NTAPI_INLINE
#define ALLOC_PRAGMA_NOT_USED
/* Code-section pragmas (#pragma alloc_text, code_seg) are MSVC's; gcc and
 * clang ignore unknown pragmas under -Wno-unknown-pragmas and warn
 * otherwise, which for foreign code is shown, not fatal. */
#define PAGED_CODE() ((void)0)
#define PAGED_CODE_LOCKED() ((void)0)
#define INIT_CODE_SEG
#define PAGE_CODE_SEG

/* ---- Parameter markers ---- */
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef VOID
#define VOID void
#endif
#define UNALIGNED
#define UNALIGNED64
#define RESTRICTED_POINTER
#define POINTER_64
#define POINTER_32
#define POINTER_SIGNED
#define POINTER_UNSIGNED
#define SPOOFED_LOCAL

/* ---- Base types ---- */
typedef char CHAR, *PCHAR, *PSZ, *LPSTR, *PSTR;
typedef const char *PCSZ, *LPCSTR, *PCSTR, *PCCH;
typedef char CCHAR;
typedef unsigned char UCHAR, *PUCHAR, BYTE, *PBYTE, *LPBYTE;
typedef short SHORT, *PSHORT, CSHORT, *PCSHORT;
typedef unsigned short USHORT, *PUSHORT, WORD, *PWORD, *LPWORD;
typedef int INT, *PINT, *LPINT;
typedef unsigned int UINT, *PUINT, *LPUINT;
typedef int32_t LONG, *PLONG, *LPLONG;
typedef uint32_t ULONG, *PULONG, DWORD, *PDWORD, *LPDWORD, DWORD32, *PDWORD32;
typedef int32_t LONG32, *PLONG32, INT32, *PINT32;
typedef uint32_t ULONG32, *PULONG32, UINT32, *PUINT32;
typedef long long LONGLONG, *PLONGLONG, LONG64, *PLONG64, INT64, *PINT64;
typedef unsigned long long ULONGLONG, *PULONGLONG, ULONG64, *PULONG64, DWORD64, *PDWORD64,
	UINT64, *PUINT64, DWORDLONG, *PDWORDLONG;
typedef signed char INT8, *PINT8;
typedef unsigned char UINT8, *PUINT8;
typedef short INT16, *PINT16;
typedef unsigned short UINT16, *PUINT16;
typedef intptr_t LONG_PTR, *PLONG_PTR, INT_PTR, *PINT_PTR, SSIZE_T, *PSSIZE_T;
typedef uintptr_t ULONG_PTR, *PULONG_PTR, UINT_PTR, *PUINT_PTR, SIZE_T, *PSIZE_T, DWORD_PTR,
	*PDWORD_PTR, KAFFINITY, *PKAFFINITY;
typedef float FLOAT;
typedef double DOUBLE;
typedef void *PVOID, *LPVOID;
typedef const void *PCVOID, *LPCVOID;
typedef void *PVOID64;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef int BOOL, *PBOOL, *LPBOOL;
typedef wchar_t WCHAR, *PWCHAR, *PWSTR, *LPWSTR, *PWCH, *LPWCH, *PNZWCH;
typedef const wchar_t *PCWSTR, *LPCWSTR, *PCWCH, *LPCWCH, *PCNZWCH;
typedef char *PCH, *LPCH, *PNZCH;
#ifdef _UNICODE
typedef WCHAR TCHAR, *PTCHAR, TBYTE, *PTBYTE;
#else
typedef char TCHAR, *PTCHAR;
typedef unsigned char TBYTE, *PTBYTE;
#endif
typedef const char *PCNZCH;
typedef PVOID HANDLE, *PHANDLE;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef LONG HRESULT;
typedef UCHAR KIRQL, *PKIRQL;
typedef CCHAR KPROCESSOR_MODE;
typedef ULONG LCID;
typedef ULONG LOGICAL, *PLOGICAL;
typedef ULONG EXECUTION_STATE;
typedef USHORT RTL_ATOM;
typedef ULONG CLONG;
typedef LONG KPRIORITY;
typedef UCHAR KPROCESSOR_NUMBER_BYTE;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif
#define NULL64 ((void *)0)

#define MINCHAR 0x80
#define MAXCHAR 0x7f
#define MINSHORT 0x8000
#define MAXSHORT 0x7fff
#define MINLONG 0x80000000
#define MAXLONG 0x7fffffff
#define MAXUCHAR 0xff
#define MAXUSHORT 0xffff
#define MAXULONG 0xffffffff
#define MAXLONGLONG (0x7fffffffffffffffLL)
#define MAXULONGLONG (0xffffffffffffffffULL)
#define MAXULONG_PTR (~(ULONG_PTR)0)
#define MAXLONG_PTR ((LONG_PTR)(MAXULONG_PTR >> 1))
#define MAXSIZE_T MAXULONG_PTR
#define MAXUINT ((UINT)~((UINT)0))
#define MAXINT ((INT)(MAXUINT >> 1))
#define ANYSIZE_ARRAY 1

typedef union _LARGE_INTEGER {
	struct {
		ULONG LowPart;
		LONG HighPart;
	};
	struct {
		ULONG LowPart;
		LONG HighPart;
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
	struct {
		ULONG LowPart;
		ULONG HighPart;
	};
	struct {
		ULONG LowPart;
		ULONG HighPart;
	} u;
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _LUID {
	ULONG LowPart;
	LONG HighPart;
} LUID, *PLUID;

typedef struct _LIST_ENTRY {
	struct _LIST_ENTRY *Flink;
	struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY, *PRLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
	struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY, SLIST_ENTRY, *PSLIST_ENTRY;

typedef union DECLSPEC_ALIGN(16) _SLIST_HEADER {
	struct {
		ULONGLONG Alignment;
		ULONGLONG Region;
	};
	SINGLE_LIST_ENTRY Next;
} SLIST_HEADER, *PSLIST_HEADER;

typedef struct _STRING {
	USHORT Length;
	USHORT MaximumLength;
	PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING *PCSTRING;
typedef const ANSI_STRING *PCANSI_STRING;

typedef struct _UNICODE_STRING {
	USHORT Length;        /* bytes, without a terminator */
	USHORT MaximumLength; /* bytes of Buffer */
	PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;
#define UNICODE_NULL ((WCHAR)0)
#define ANSI_NULL ((CHAR)0)
#define UNICODE_STRING_MAX_BYTES ((USHORT)65534)
#define UNICODE_STRING_MAX_CHARS (32767)

typedef struct _OBJECT_ATTRIBUTES {
	ULONG Length;
	HANDLE RootDirectory;
	PUNICODE_STRING ObjectName;
	ULONG Attributes;
	PVOID SecurityDescriptor;
	PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
#define OBJ_INHERIT 0x00000002L
#define OBJ_PERMANENT 0x00000010L
#define OBJ_EXCLUSIVE 0x00000020L
#define OBJ_CASE_INSENSITIVE 0x00000040L
#define OBJ_OPENIF 0x00000080L
#define OBJ_OPENLINK 0x00000100L
#define OBJ_KERNEL_HANDLE 0x00000200L
#define InitializeObjectAttributes(p, n, a, r, s)                                                   \
	do {                                                                                        \
		(p)->Length = sizeof(OBJECT_ATTRIBUTES);                                            \
		(p)->RootDirectory = (r);                                                           \
		(p)->Attributes = (a);                                                              \
		(p)->ObjectName = (n);                                                              \
		(p)->SecurityDescriptor = (s);                                                      \
		(p)->SecurityQualityOfService = NULL;                                               \
	} while (0)

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _TIMER_TYPE { NotificationTimer, SynchronizationTimer } TIMER_TYPE;
typedef enum _WAIT_TYPE { WaitAll, WaitAny, WaitNotification, WaitDequeue } WAIT_TYPE;
typedef enum _NT_PRODUCT_TYPE { NtProductWinNt = 1, NtProductLanManNt, NtProductServer } NT_PRODUCT_TYPE;

typedef struct _GROUP_AFFINITY {
	KAFFINITY Mask;
	USHORT Group;
	USHORT Reserved[3];
} GROUP_AFFINITY, *PGROUP_AFFINITY;

typedef struct _PROCESSOR_NUMBER {
	USHORT Group;
	UCHAR Number;
	UCHAR Reserved;
} PROCESSOR_NUMBER, *PPROCESSOR_NUMBER;

/* ---- NTSTATUS classes ---- */
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status) ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status) ((((ULONG)(Status)) >> 30) == 3)
#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)

/* ---- Macros drivers take for granted ---- */
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define UFIELD_OFFSET(type, field) ((ULONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field) (offsetof(type, field) + RTL_FIELD_SIZE(type, field))
#define RTL_CONTAINS_FIELD(Struct, Size, Field)                                                     \
	((((PCHAR)(&(Struct)->Field)) + sizeof((Struct)->Field)) <= (((PCHAR)(Struct)) + (Size)))
#define RTL_NUMBER_OF(A) (sizeof(A) / sizeof((A)[0]))
#define RTL_NUMBER_OF_V1(A) RTL_NUMBER_OF(A)
#define RTL_NUMBER_OF_V2(A) RTL_NUMBER_OF(A)
#define ARRAYSIZE(A) RTL_NUMBER_OF(A)
#define _ARRAYSIZE(A) RTL_NUMBER_OF(A)
#ifndef _countof
#define _countof(A) RTL_NUMBER_OF(A)
#endif
#define RTL_PADDING_BETWEEN_FIELDS(T, F1, F2)                                                       \
	((FIELD_OFFSET(T, F2) > FIELD_OFFSET(T, F1))                                                \
		 ? (FIELD_OFFSET(T, F2) - FIELD_OFFSET(T, F1) - RTL_FIELD_SIZE(T, F1))              \
		 : (FIELD_OFFSET(T, F1) - FIELD_OFFSET(T, F2) - RTL_FIELD_SIZE(T, F2)))
#define CONTAINING_RECORD(address, type, field)                                                     \
	((type *)((PCHAR)(address) - (ULONG_PTR)offsetof(type, field)))
#define TYPE_ALIGNMENT(t) _Alignof(t)
#define PROBE_ALIGNMENT(t) TYPE_ALIGNMENT(t)
#define ALIGN_DOWN_BY(length, alignment) ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#define ALIGN_UP_BY(length, alignment) (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), alignment))
#define ALIGN_DOWN_POINTER_BY(address, alignment) ((PVOID)ALIGN_DOWN_BY(address, alignment))
#define ALIGN_UP_POINTER_BY(address, alignment) ((PVOID)ALIGN_UP_BY(address, alignment))
#define ALIGN_DOWN(length, type) ALIGN_DOWN_BY(length, sizeof(type))
#define ALIGN_UP(length, type) ALIGN_UP_BY(length, sizeof(type))
#define ALIGN_DOWN_POINTER(address, type) ALIGN_DOWN_POINTER_BY(address, sizeof(type))
#define ALIGN_UP_POINTER(address, type) ALIGN_UP_POINTER_BY(address, sizeof(type))
#define C_ASSERT(e) _Static_assert((e), #e)
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define MAKELONG(a, b) ((LONG)(((WORD)((ULONG_PTR)(a) & 0xffff)) | ((DWORD)((WORD)((ULONG_PTR)(b) & 0xffff))) << 16))
#define MAKEWORD(a, b) ((WORD)(((BYTE)((ULONG_PTR)(a) & 0xff)) | ((WORD)((BYTE)((ULONG_PTR)(b) & 0xff))) << 8))
#define LOWORD(l) ((WORD)((ULONG_PTR)(l) & 0xffff))
#define HIWORD(l) ((WORD)((((ULONG_PTR)(l)) >> 16) & 0xffff))
#define LOBYTE(w) ((BYTE)((ULONG_PTR)(w) & 0xff))
#define HIBYTE(w) ((BYTE)((((ULONG_PTR)(w)) >> 8) & 0xff))
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#define Int32x32To64(a, b) (((LONGLONG)((LONG)(a))) * ((LONGLONG)((LONG)(b))))
#define UInt32x32To64(a, b) (((ULONGLONG)((ULONG)(a))) * ((ULONGLONG)((ULONG)(b))))
#define PtrToUlong(p) ((ULONG)(ULONG_PTR)(p))
#define PtrToLong(p) ((LONG)(LONG_PTR)(p))
#define PtrToUint(p) ((UINT)(UINT_PTR)(p))
#define PtrToInt(p) ((INT)(INT_PTR)(p))
#define PtrToUshort(p) ((USHORT)(ULONG_PTR)(p))
#define PtrToShort(p) ((SHORT)(LONG_PTR)(p))
#define UlongToPtr(u) ((PVOID)(ULONG_PTR)(ULONG)(u))
#define LongToPtr(l) ((PVOID)(LONG_PTR)(LONG)(l))
#define UintToPtr(u) ((PVOID)(UINT_PTR)(UINT)(u))
#define IntToPtr(i) ((PVOID)(INT_PTR)(INT)(i))
#define ULongToPtr(u) UlongToPtr(u)
#define PtrToPtr64(p) ((PVOID64)(p))
#define Ptr64ToPtr(p) ((PVOID)(p))
#define HandleToUlong(h) ((ULONG)(ULONG_PTR)(h))
#define HandleToLong(h) ((LONG)(LONG_PTR)(h))
#define UlongToHandle(u) ((HANDLE)(ULONG_PTR)(u))
#define LongToHandle(l) ((HANDLE)(LONG_PTR)(l))
#define BooleanFlagOn(F, SF) ((BOOLEAN)(((F) & (SF)) != 0))
#define FlagOn(_F, _SF) ((_F) & (_SF))
#define SetFlag(_F, _SF) ((_F) |= (_SF))
#define ClearFlag(_F, _SF) ((_F) &= ~(_SF))
#define DEFINE_ENUM_FLAG_OPERATORS(T)
#define _ReturnAddress() __builtin_return_address(0)
#define _AddressOfReturnAddress() __builtin_frame_address(0)
#define __debugbreak() __builtin_trap()
#define __assume(e) ((void)0)
#define __noop(...) ((void)0)
#define _alloca __builtin_alloca
#ifndef __FUNCTION__
#define __FUNCTION__ __func__
#endif
#ifdef _UNICODE
#define __TEXT(s) L##s
#else
#define __TEXT(s) s
#endif
#define TEXT(s) __TEXT(s)
#define _T(s) __TEXT(s)

#define RTL_CONSTANT_STRING(s) {sizeof(s) - sizeof((s)[0]), sizeof(s), (s)}
#define DECLARE_CONST_UNICODE_STRING(_var, _string)                                                 \
	const WCHAR _var##_buffer[] = _string;                                                      \
	const UNICODE_STRING _var = {sizeof(_string) - sizeof(WCHAR), sizeof(_string), (PWCH)_var##_buffer}
#define DECLARE_UNICODE_STRING_SIZE(_var, _size)                                                    \
	WCHAR _var##_buffer[_size];                                                                 \
	UNICODE_STRING _var = {0, (_size) * sizeof(WCHAR), _var##_buffer}
#define DECLARE_GLOBAL_CONST_UNICODE_STRING(_var, _str)                                             \
	extern const UNICODE_STRING _var;                                                           \
	const UNICODE_STRING _var = RTL_CONSTANT_STRING(_str)

#endif
