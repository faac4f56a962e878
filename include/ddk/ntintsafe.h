/* The miniport kit: overflow-checked integer arithmetic (ntintsafe.h):
 * each returns STATUS_INTEGER_OVERFLOW and leaves the documented error
 * value in *Result when the true result does not fit. */
#ifndef MAPFUZZ_DDK_NTINTSAFE_H
#define MAPFUZZ_DDK_NTINTSAFE_H

#include <ntdef.h>
#include <ntstatus.h>

#define DDK_INTSAFE_OP(name, T, builtin, err)                                                       \
	static __inline__ NTSTATUS name(T a, T b, T *r)                                             \
	{                                                                                           \
		if (builtin(a, b, r)) {                                                             \
			*r = (err);                                                                 \
			return STATUS_INTEGER_OVERFLOW;                                             \
		}                                                                                   \
		return STATUS_SUCCESS;                                                              \
	}
DDK_INTSAFE_OP(RtlULongAdd, ULONG, __builtin_add_overflow, (ULONG)-1)
DDK_INTSAFE_OP(RtlULongSub, ULONG, __builtin_sub_overflow, (ULONG)-1)
DDK_INTSAFE_OP(RtlULongMult, ULONG, __builtin_mul_overflow, (ULONG)-1)
DDK_INTSAFE_OP(RtlUIntAdd, UINT, __builtin_add_overflow, (UINT)-1)
DDK_INTSAFE_OP(RtlUIntSub, UINT, __builtin_sub_overflow, (UINT)-1)
DDK_INTSAFE_OP(RtlUIntMult, UINT, __builtin_mul_overflow, (UINT)-1)
DDK_INTSAFE_OP(RtlUShortAdd, USHORT, __builtin_add_overflow, (USHORT)-1)
DDK_INTSAFE_OP(RtlUShortSub, USHORT, __builtin_sub_overflow, (USHORT)-1)
DDK_INTSAFE_OP(RtlUShortMult, USHORT, __builtin_mul_overflow, (USHORT)-1)
DDK_INTSAFE_OP(RtlSizeTAdd, SIZE_T, __builtin_add_overflow, (SIZE_T)-1)
DDK_INTSAFE_OP(RtlSizeTSub, SIZE_T, __builtin_sub_overflow, (SIZE_T)-1)
DDK_INTSAFE_OP(RtlSizeTMult, SIZE_T, __builtin_mul_overflow, (SIZE_T)-1)
DDK_INTSAFE_OP(RtlULongLongAdd, ULONGLONG, __builtin_add_overflow, (ULONGLONG)-1)
DDK_INTSAFE_OP(RtlULongLongSub, ULONGLONG, __builtin_sub_overflow, (ULONGLONG)-1)
DDK_INTSAFE_OP(RtlULongLongMult, ULONGLONG, __builtin_mul_overflow, (ULONGLONG)-1)
DDK_INTSAFE_OP(RtlULongPtrAdd, ULONG_PTR, __builtin_add_overflow, (ULONG_PTR)-1)
DDK_INTSAFE_OP(RtlULongPtrSub, ULONG_PTR, __builtin_sub_overflow, (ULONG_PTR)-1)
DDK_INTSAFE_OP(RtlULongPtrMult, ULONG_PTR, __builtin_mul_overflow, (ULONG_PTR)-1)
DDK_INTSAFE_OP(RtlLongAdd, LONG, __builtin_add_overflow, 0)
DDK_INTSAFE_OP(RtlLongSub, LONG, __builtin_sub_overflow, 0)
DDK_INTSAFE_OP(RtlLongMult, LONG, __builtin_mul_overflow, 0)
#undef DDK_INTSAFE_OP

static __inline__ NTSTATUS RtlULongLongToULong(ULONGLONG v, ULONG *r)
{
	if (v > 0xffffffffULL) {
		*r = (ULONG)-1;
		return STATUS_INTEGER_OVERFLOW;
	}
	*r = (ULONG)v;
	return STATUS_SUCCESS;
}
static __inline__ NTSTATUS RtlSizeTToULong(SIZE_T v, ULONG *r)
{
	return RtlULongLongToULong((ULONGLONG)v, r);
}
static __inline__ NTSTATUS RtlULongToUShort(ULONG v, USHORT *r)
{
	if (v > 0xffffu) {
		*r = (USHORT)-1;
		return STATUS_INTEGER_OVERFLOW;
	}
	*r = (USHORT)v;
	return STATUS_SUCCESS;
}

#endif
