/* Strings and the Rtl odds and ends: counted strings (WCHAR is the host's
 * wchar_t, every length in bytes of it), the safe string routines of
 * ntstrsafe.h, debug output, error log entries, device objects for a
 * driver's private interface. */
#include "kit.h"
#include <ntstrsafe.h>

#include <stdio.h>
#include <stdlib.h>
#include <wctype.h>
#include <ctype.h>

static size_t wlen(PCWSTR s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
	size_t n = SourceString ? wlen(SourceString) * sizeof(WCHAR) : 0;
	if (n > UNICODE_STRING_MAX_BYTES - sizeof(WCHAR))
		n = UNICODE_STRING_MAX_BYTES - sizeof(WCHAR);
	DestinationString->Buffer = (PWCH)SourceString;
	DestinationString->Length = (USHORT)n;
	DestinationString->MaximumLength = SourceString ? (USHORT)(n + sizeof(WCHAR)) : 0;
}

NTSTATUS RtlInitUnicodeStringEx(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
	if (SourceString && wlen(SourceString) * sizeof(WCHAR) > UNICODE_STRING_MAX_BYTES - sizeof(WCHAR))
		return STATUS_INVALID_PARAMETER;
	RtlInitUnicodeString(DestinationString, SourceString);
	return STATUS_SUCCESS;
}

VOID RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString)
{
	size_t n = SourceString ? strlen(SourceString) : 0;
	if (n > 0xfffe)
		n = 0xfffe;
	DestinationString->Buffer = (PCHAR)SourceString;
	DestinationString->Length = (USHORT)n;
	DestinationString->MaximumLength = SourceString ? (USHORT)(n + 1) : 0;
}

VOID RtlInitString(PSTRING DestinationString, PCSZ SourceString)
{
	RtlInitAnsiString(DestinationString, SourceString);
}

VOID RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
	if (!SourceString) {
		DestinationString->Length = 0;
		return;
	}
	USHORT n = SourceString->Length < DestinationString->MaximumLength ? SourceString->Length
									   : DestinationString->MaximumLength;
	memmove(DestinationString->Buffer, SourceString->Buffer, n);
	DestinationString->Length = n;
	if (n + sizeof(WCHAR) <= DestinationString->MaximumLength)
		DestinationString->Buffer[n / sizeof(WCHAR)] = 0;
}

VOID RtlCopyString(PSTRING DestinationString, const STRING *SourceString)
{
	if (!SourceString) {
		DestinationString->Length = 0;
		return;
	}
	USHORT n = SourceString->Length < DestinationString->MaximumLength ? SourceString->Length
									   : DestinationString->MaximumLength;
	memmove(DestinationString->Buffer, SourceString->Buffer, n);
	DestinationString->Length = n;
}

NTSTATUS RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source)
{
	if ((size_t)Destination->Length + Source->Length > Destination->MaximumLength)
		return STATUS_BUFFER_TOO_SMALL;
	memmove((PUCHAR)Destination->Buffer + Destination->Length, Source->Buffer, Source->Length);
	Destination->Length = (USHORT)(Destination->Length + Source->Length);
	if ((size_t)Destination->Length + sizeof(WCHAR) <= Destination->MaximumLength)
		Destination->Buffer[Destination->Length / sizeof(WCHAR)] = 0;
	return STATUS_SUCCESS;
}

NTSTATUS RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source)
{
	UNICODE_STRING s;
	RtlInitUnicodeString(&s, Source);
	return RtlAppendUnicodeStringToString(Destination, &s);
}

LONG RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
	size_t n1 = String1->Length / sizeof(WCHAR), n2 = String2->Length / sizeof(WCHAR);
	for (size_t i = 0; i < n1 && i < n2; i++) {
		WCHAR a = String1->Buffer[i], b = String2->Buffer[i];
		if (CaseInSensitive) {
			a = (WCHAR)towupper((wint_t)a);
			b = (WCHAR)towupper((wint_t)b);
		}
		if (a != b)
			return a < b ? -1 : 1;
	}
	return n1 == n2 ? 0 : n1 < n2 ? -1 : 1;
}

BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
	return String1->Length == String2->Length && RtlCompareUnicodeString(String1, String2, CaseInSensitive) == 0;
}

LONG RtlCompareString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
	size_t n1 = String1->Length, n2 = String2->Length;
	for (size_t i = 0; i < n1 && i < n2; i++) {
		int a = (unsigned char)String1->Buffer[i], b = (unsigned char)String2->Buffer[i];
		if (CaseInSensitive) {
			a = toupper(a);
			b = toupper(b);
		}
		if (a != b)
			return a < b ? -1 : 1;
	}
	return n1 == n2 ? 0 : n1 < n2 ? -1 : 1;
}

BOOLEAN RtlEqualString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
	return String1->Length == String2->Length && RtlCompareString(String1, String2, CaseInSensitive) == 0;
}

/* Strings the Rtl routines allocate are pool memory the driver frees with
 * RtlFree*String: ledger entries like any other. */
static void *string_alloc(size_t n, uintptr_t caller)
{
	if (dk_fail(DK_SITE_ALLOCATE_MEMORY, caller))
		return NULL;
	void *p = ko_alloc(KO_MEMORY, n, 1, 0, NULL, 0);
	if (p)
		dk_acquire(DK_RES_MEMORY, NULL, (uintptr_t)p, n, 0, 0, caller);
	return p;
}

static void string_free(void *p, uintptr_t caller)
{
	ko_entry *e = ko_find(p);
	if (!p)
		return;
	if (dk_release(DK_RES_MEMORY, NULL, (uintptr_t)p, e ? e->len : 0, e ? e->aux : 0, 0, caller) && e &&
	    e->kind == KO_MEMORY)
		ko_free(p);
}

NTSTATUS RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString, PCANSI_STRING SourceString,
				      BOOLEAN AllocateDestinationString)
{
	uintptr_t caller = DK_CALLER;
	size_t n = SourceString->Length;
	size_t bytes = (n + 1) * sizeof(WCHAR);
	if (bytes > UNICODE_STRING_MAX_BYTES)
		return STATUS_INVALID_PARAMETER_2;
	if (AllocateDestinationString) {
		DestinationString->Buffer = string_alloc(bytes, caller);
		if (!DestinationString->Buffer)
			return STATUS_NO_MEMORY;
		DestinationString->MaximumLength = (USHORT)bytes;
	} else if (n * sizeof(WCHAR) > DestinationString->MaximumLength) {
		return STATUS_BUFFER_OVERFLOW;
	}
	for (size_t i = 0; i < n; i++)
		DestinationString->Buffer[i] = (WCHAR)(unsigned char)SourceString->Buffer[i];
	DestinationString->Length = (USHORT)(n * sizeof(WCHAR));
	if (DestinationString->Length + sizeof(WCHAR) <= DestinationString->MaximumLength)
		DestinationString->Buffer[n] = 0;
	return STATUS_SUCCESS;
}

NTSTATUS RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
				      BOOLEAN AllocateDestinationString)
{
	uintptr_t caller = DK_CALLER;
	size_t n = SourceString->Length / sizeof(WCHAR);
	if (AllocateDestinationString) {
		DestinationString->Buffer = string_alloc(n + 1, caller);
		if (!DestinationString->Buffer)
			return STATUS_NO_MEMORY;
		DestinationString->MaximumLength = (USHORT)(n + 1);
	} else if (n > DestinationString->MaximumLength) {
		return STATUS_BUFFER_OVERFLOW;
	}
	for (size_t i = 0; i < n; i++) {
		WCHAR c = SourceString->Buffer[i];
		DestinationString->Buffer[i] = c < 0x80 ? (CHAR)c : '?';
	}
	DestinationString->Length = (USHORT)n;
	if (n < DestinationString->MaximumLength)
		DestinationString->Buffer[n] = 0;
	return STATUS_SUCCESS;
}

VOID RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
	string_free(UnicodeString->Buffer, DK_CALLER);
	UnicodeString->Buffer = NULL;
	UnicodeString->Length = UnicodeString->MaximumLength = 0;
}

VOID RtlFreeAnsiString(PANSI_STRING AnsiString)
{
	string_free(AnsiString->Buffer, DK_CALLER);
	AnsiString->Buffer = NULL;
	AnsiString->Length = AnsiString->MaximumLength = 0;
}

ULONG RtlxAnsiStringToUnicodeSize(PCANSI_STRING AnsiString)
{
	return (ULONG)((AnsiString->Length + 1) * sizeof(WCHAR));
}

static int digit_of(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* The documented prefixes (0x, 0o, 0b) pick the base when Base is 0. */
static NTSTATUS to_integer(const char *s, size_t n, ULONG Base, PULONG Value)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	int neg = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (Base == 0) {
		Base = 10;
		if (i + 1 < n && s[i] == '0') {
			char p = s[i + 1];
			if (p == 'x' || p == 'X')
				Base = 16;
			else if (p == 'o' || p == 'O')
				Base = 8;
			else if (p == 'b' || p == 'B')
				Base = 2;
			if (Base != 10)
				i += 2;
		}
	} else if (Base != 2 && Base != 8 && Base != 10 && Base != 16) {
		return STATUS_INVALID_PARAMETER;
	}
	ULONG v = 0;
	for (; i < n; i++) {
		int d = digit_of((unsigned char)s[i]);
		if (d >= (int)Base)
			break;
		v = v * Base + (ULONG)d;
	}
	*Value = neg ? (ULONG)(0u - v) : v;
	return STATUS_SUCCESS;
}

NTSTATUS RtlCharToInteger(PCSZ String, ULONG Base, PULONG Value)
{
	return to_integer(String, strlen(String), Base, Value);
}

NTSTATUS RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value)
{
	char buf[80];
	size_t n = String->Length / sizeof(WCHAR);
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = String->Buffer[i] < 0x80 ? (char)String->Buffer[i] : '?';
	buf[n] = 0;
	return to_integer(buf, n, Base, Value);
}

NTSTATUS RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String)
{
	char buf[40];
	if (Base == 0)
		Base = 10;
	if (Base != 2 && Base != 8 && Base != 10 && Base != 16)
		return STATUS_INVALID_PARAMETER;
	size_t n = 0;
	do {
		buf[n++] = "0123456789ABCDEF"[Value % Base];
		Value /= Base;
	} while (Value);
	if ((n + 1) * sizeof(WCHAR) > String->MaximumLength)
		return STATUS_BUFFER_OVERFLOW;
	for (size_t i = 0; i < n; i++)
		String->Buffer[i] = (WCHAR)buf[n - 1 - i];
	String->Buffer[n] = 0;
	String->Length = (USHORT)(n * sizeof(WCHAR));
	return STATUS_SUCCESS;
}

WCHAR RtlUpcaseUnicodeChar(WCHAR SourceCharacter)
{
	return (WCHAR)towupper((wint_t)SourceCharacter);
}

CHAR RtlUpperChar(CHAR Character)
{
	return (CHAR)toupper((unsigned char)Character);
}

NTSTATUS RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
				BOOLEAN AllocateDestinationString)
{
	uintptr_t caller = DK_CALLER;
	if (AllocateDestinationString) {
		DestinationString->Buffer = string_alloc(SourceString->Length + sizeof(WCHAR), caller);
		if (!DestinationString->Buffer)
			return STATUS_NO_MEMORY;
		DestinationString->MaximumLength = (USHORT)(SourceString->Length + sizeof(WCHAR));
	} else if (SourceString->Length > DestinationString->MaximumLength) {
		return STATUS_BUFFER_OVERFLOW;
	}
	for (size_t i = 0; i < SourceString->Length / sizeof(WCHAR); i++)
		DestinationString->Buffer[i] = RtlUpcaseUnicodeChar(SourceString->Buffer[i]);
	DestinationString->Length = SourceString->Length;
	return STATUS_SUCCESS;
}

NDIS_STATUS NdisUpcaseUnicodeString(PUNICODE_STRING DestinationString, PUNICODE_STRING SourceString)
{
	if (SourceString->Length > DestinationString->MaximumLength)
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	for (size_t i = 0; i < SourceString->Length / sizeof(WCHAR); i++)
		DestinationString->Buffer[i] = RtlUpcaseUnicodeChar(SourceString->Buffer[i]);
	DestinationString->Length = SourceString->Length;
	return NDIS_STATUS_SUCCESS;
}

/* NdisInitializeString allocates (NdisFreeString frees with NdisFreeMemory). */
VOID NdisInitializeString(PNDIS_STRING Destination, PUCHAR Source)
{
	uintptr_t caller = DK_CALLER;
	size_t n = Source ? strlen((const char *)Source) : 0;
	Destination->Length = Destination->MaximumLength = 0;
	Destination->Buffer = string_alloc((n + 1) * sizeof(WCHAR), caller);
	if (!Destination->Buffer)
		return;
	for (size_t i = 0; i < n; i++)
		Destination->Buffer[i] = (WCHAR)Source[i];
	Destination->Length = (USHORT)(n * sizeof(WCHAR));
	Destination->MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
}

NTSTATUS RtlStringFromGUID(REFGUID Guid, PUNICODE_STRING GuidString)
{
	uintptr_t caller = DK_CALLER;
	char buf[40];
	snprintf(buf, sizeof buf, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", Guid->Data1, Guid->Data2,
		 Guid->Data3, Guid->Data4[0], Guid->Data4[1], Guid->Data4[2], Guid->Data4[3], Guid->Data4[4],
		 Guid->Data4[5], Guid->Data4[6], Guid->Data4[7]);
	size_t n = strlen(buf);
	GuidString->Buffer = string_alloc((n + 1) * sizeof(WCHAR), caller);
	if (!GuidString->Buffer)
		return STATUS_NO_MEMORY;
	for (size_t i = 0; i < n; i++)
		GuidString->Buffer[i] = (WCHAR)buf[i];
	GuidString->Length = (USHORT)(n * sizeof(WCHAR));
	GuidString->MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
	return STATUS_SUCCESS;
}

SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length)
{
	const UCHAR *a = Source1, *b = Source2;
	SIZE_T i = 0;
	while (i < Length && a[i] == b[i])
		i++;
	return i;
}

/* A deterministic generator (the documented contract is only "random"). */
ULONG RtlRandomEx(PULONG Seed)
{
	*Seed = *Seed * 1103515245u + 12345u;
	return (*Seed >> 1) & 0x7fffffffu;
}

ULONG RtlRandom(PULONG Seed)
{
	return RtlRandomEx(Seed);
}

VOID RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields)
{
	LONGLONG t = Time->QuadPart;
	LONGLONG ms = (t / 10000) % 1000, secs = t / 10000000;
	LONGLONG days = secs / 86400, rem = secs % 86400;
	TimeFields->Hour = (SHORT)(rem / 3600);
	TimeFields->Minute = (SHORT)(rem % 3600 / 60);
	TimeFields->Second = (SHORT)(rem % 60);
	TimeFields->Milliseconds = (SHORT)ms;
	TimeFields->Weekday = (SHORT)((days + 1) % 7); /* 1601-01-01 was a Monday */
	/* Civil date from days since 1601-01-01 (400-year cycles). */
	/* days since 1601-01-01 -> days since 0000-03-01 */
	LONGLONG z = days + 584694;
	LONGLONG era = z / 146097, doe = z - era * 146097;
	LONGLONG yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	LONGLONG y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	LONGLONG mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	TimeFields->Year = (SHORT)(y + (m <= 2));
	TimeFields->Month = (SHORT)m;
	TimeFields->Day = (SHORT)d;
}

/* ---- Safe strings ---- */
static NTSTATUS copy_a(char *d, size_t cch, const char *s, size_t max)
{
	if (cch == 0 || cch > NTSTRSAFE_MAX_CCH)
		return STATUS_INVALID_PARAMETER;
	size_t i = 0;
	while (i + 1 < cch && i < max && s[i]) {
		d[i] = s[i];
		i++;
	}
	d[i] = 0;
	return (i < max && s[i]) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

static NTSTATUS copy_w(WCHAR *d, size_t cch, const WCHAR *s, size_t max)
{
	if (cch == 0 || cch > NTSTRSAFE_MAX_CCH)
		return STATUS_INVALID_PARAMETER;
	size_t i = 0;
	while (i + 1 < cch && i < max && s[i]) {
		d[i] = s[i];
		i++;
	}
	d[i] = 0;
	return (i < max && s[i]) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

NTSTATUS RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc)
{
	return copy_a(pszDest, cchDest, pszSrc, SIZE_MAX);
}
NTSTATUS RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc)
{
	return copy_a(pszDest, cbDest, pszSrc, SIZE_MAX);
}
NTSTATUS RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc)
{
	return copy_w(pszDest, cchDest, pszSrc, SIZE_MAX);
}
NTSTATUS RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc)
{
	return copy_w(pszDest, cbDest / sizeof(WCHAR), pszSrc, SIZE_MAX);
}
NTSTATUS RtlStringCchCopyNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc, size_t cchToCopy)
{
	NTSTATUS st = copy_a(pszDest, cchDest, pszSrc, cchToCopy);
	return st == STATUS_BUFFER_OVERFLOW && strnlen(pszSrc, cchToCopy) < cchDest ? STATUS_SUCCESS : st;
}
NTSTATUS RtlStringCbCopyNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc, size_t cbToCopy)
{
	return RtlStringCchCopyNA(pszDest, cbDest, pszSrc, cbToCopy);
}
NTSTATUS RtlStringCchCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy)
{
	NTSTATUS st = copy_w(pszDest, cchDest, pszSrc, cchToCopy);
	size_t n = 0;
	while (n < cchToCopy && pszSrc[n])
		n++;
	return st == STATUS_BUFFER_OVERFLOW && n < cchDest ? STATUS_SUCCESS : st;
}
NTSTATUS RtlStringCbCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc, size_t cbToCopy)
{
	return RtlStringCchCopyNW(pszDest, cbDest / sizeof(WCHAR), pszSrc, cbToCopy / sizeof(WCHAR));
}
NTSTATUS RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc)
{
	size_t n = strnlen(pszDest, cchDest);
	if (n == cchDest)
		return STATUS_INVALID_PARAMETER;
	return copy_a(pszDest + n, cchDest - n, pszSrc, SIZE_MAX);
}
NTSTATUS RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc)
{
	return RtlStringCchCatA(pszDest, cbDest, pszSrc);
}
NTSTATUS RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc)
{
	size_t n = 0;
	while (n < cchDest && pszDest[n])
		n++;
	if (n == cchDest)
		return STATUS_INVALID_PARAMETER;
	return copy_w(pszDest + n, cchDest - n, pszSrc, SIZE_MAX);
}
NTSTATUS RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc)
{
	return RtlStringCchCatW(pszDest, cbDest / sizeof(WCHAR), pszSrc);
}
NTSTATUS RtlStringCchLengthA(NTSTRSAFE_PCSTR psz, size_t cchMax, size_t *pcchLength)
{
	size_t n = psz ? strnlen(psz, cchMax) : cchMax;
	if (pcchLength)
		*pcchLength = n < cchMax ? n : 0;
	return n < cchMax ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
NTSTATUS RtlStringCbLengthA(NTSTRSAFE_PCSTR psz, size_t cbMax, size_t *pcbLength)
{
	return RtlStringCchLengthA(psz, cbMax, pcbLength);
}
NTSTATUS RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax, size_t *pcchLength)
{
	size_t n = 0;
	while (psz && n < cchMax && psz[n])
		n++;
	if (pcchLength)
		*pcchLength = (psz && n < cchMax) ? n : 0;
	return (psz && n < cchMax) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
NTSTATUS RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax, size_t *pcbLength)
{
	size_t n = 0;
	NTSTATUS st = RtlStringCchLengthW(psz, cbMax / sizeof(WCHAR), &n);
	if (pcbLength)
		*pcbLength = n * sizeof(WCHAR);
	return st;
}
NTSTATUS RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, va_list argList)
{
	if (cchDest == 0 || cchDest > NTSTRSAFE_MAX_CCH)
		return STATUS_INVALID_PARAMETER;
	int n = vsnprintf(pszDest, cchDest, pszFormat, argList);
	return n < 0 || (size_t)n >= cchDest ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}
NTSTATUS RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, va_list argList)
{
	return RtlStringCchVPrintfA(pszDest, cbDest, pszFormat, argList);
}
NTSTATUS RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, ...)
{
	va_list ap;
	va_start(ap, pszFormat);
	NTSTATUS st = RtlStringCchVPrintfA(pszDest, cchDest, pszFormat, ap);
	va_end(ap);
	return st;
}
NTSTATUS RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, ...)
{
	va_list ap;
	va_start(ap, pszFormat);
	NTSTATUS st = RtlStringCchVPrintfA(pszDest, cbDest, pszFormat, ap);
	va_end(ap);
	return st;
}
static NTSTATUS vprintf_w(WCHAR *d, size_t cch, const WCHAR *fmt, va_list ap)
{
	if (cch == 0 || cch > NTSTRSAFE_MAX_CCH)
		return STATUS_INVALID_PARAMETER;
	int n = vswprintf(d, cch, fmt, ap);
	if (n < 0) {
		d[cch - 1] = 0;
		return STATUS_BUFFER_OVERFLOW;
	}
	return STATUS_SUCCESS;
}
NTSTATUS RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, ...)
{
	va_list ap;
	va_start(ap, pszFormat);
	NTSTATUS st = vprintf_w(pszDest, cchDest, pszFormat, ap);
	va_end(ap);
	return st;
}
NTSTATUS RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, ...)
{
	va_list ap;
	va_start(ap, pszFormat);
	NTSTATUS st = vprintf_w(pszDest, cbDest / sizeof(WCHAR), pszFormat, ap);
	va_end(ap);
	return st;
}
NTSTATUS RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
	if (SourceString->Length > DestinationString->MaximumLength) {
		RtlCopyUnicodeString(DestinationString, SourceString);
		return STATUS_BUFFER_OVERFLOW;
	}
	memmove(DestinationString->Buffer, SourceString->Buffer, SourceString->Length);
	DestinationString->Length = SourceString->Length;
	return STATUS_SUCCESS;
}
NTSTATUS RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
	NTSTATUS st = RtlAppendUnicodeStringToString(DestinationString, SourceString);
	return st == STATUS_BUFFER_TOO_SMALL ? STATUS_BUFFER_OVERFLOW : st;
}
NTSTATUS RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
	return RtlInitUnicodeStringEx(DestinationString, pszSrc);
}

/* ---- Debug output: silent unless MAPFUZZ_DBGPRINT is set ---- */
static int dbg_on(void)
{
	static int on = -1;
	if (on < 0)
		on = getenv("MAPFUZZ_DBGPRINT") != NULL;
	return on;
}

ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist)
{
	(void)ComponentId;
	(void)Level;
	if (dbg_on())
		vfprintf(stderr, Format, arglist);
	return 0;
}

ULONG DbgPrint(PCSTR Format, ...)
{
	va_list ap;
	va_start(ap, Format);
	vDbgPrintEx(0, 0, Format, ap);
	va_end(ap);
	return 0;
}

ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
	va_list ap;
	va_start(ap, Format);
	vDbgPrintEx(ComponentId, Level, Format, ap);
	va_end(ap);
	return 0;
}

VOID DbgBreakPoint(VOID)
{
}

/* A failed ASSERT in a checked build is the driver stopping: a crash. */
VOID RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber, PSTR MutableMessage)
{
	dk_violation("CRASH", DK_CALLER, "assertion failed: %s (%s:%u)%s%s", (const char *)VoidFailedAssertion,
		     (const char *)VoidFileName, LineNumber, MutableMessage ? ": " : "",
		     MutableMessage ? MutableMessage : "");
	abort();
}

VOID NdisWriteErrorLogEntry(NDIS_HANDLE NdisAdapterHandle, NDIS_ERROR_CODE ErrorCode, ULONG NumberOfErrorValues, ...)
{
	(void)NdisAdapterHandle;
	if (dbg_on())
		fprintf(stderr, "NdisWriteErrorLogEntry 0x%08x (%u values)\n", ErrorCode, NumberOfErrorValues);
}

VOID IoCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
	(void)Irp;
	(void)PriorityBoost;
}

/* ---- Device objects for a driver's private interface ---- */
NDIS_STATUS NdisMRegisterDevice(NDIS_HANDLE NdisWrapperHandle, PNDIS_STRING DeviceName, PNDIS_STRING SymbolicName,
				PDRIVER_DISPATCH MajorFunctions[], PDEVICE_OBJECT *pDeviceObject,
				NDIS_HANDLE *NdisDeviceHandle)
{
	uintptr_t caller = DK_CALLER;
	(void)NdisWrapperHandle;
	(void)DeviceName;
	(void)SymbolicName;
	(void)MajorFunctions;
	*pDeviceObject = NULL;
	*NdisDeviceHandle = NULL;
	if (dk_fail(DK_SITE_ALLOCATE_MEMORY, caller))
		return NDIS_STATUS_RESOURCES;
	PDEVICE_OBJECT d = ko_alloc(KO_DEVICE, sizeof(DEVICE_OBJECT), 1, 0, NULL, 0);
	*pDeviceObject = d;
	*NdisDeviceHandle = d;
	return d ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

NDIS_STATUS NdisMDeregisterDevice(NDIS_HANDLE NdisDeviceHandle)
{
	ko_entry *e = ko_find(NdisDeviceHandle);
	if (!e || e->kind != KO_DEVICE)
		return NDIS_STATUS_FAILURE;
	ko_free(NdisDeviceHandle);
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisRegisterDeviceEx(NDIS_HANDLE NdisHandle, PNDIS_DEVICE_OBJECT_ATTRIBUTES DeviceObjectAttributes,
				 PDEVICE_OBJECT *pDeviceObject, PNDIS_HANDLE NdisDeviceHandle)
{
	uintptr_t caller = DK_CALLER;
	(void)NdisHandle;
	*pDeviceObject = NULL;
	*NdisDeviceHandle = NULL;
	if (dk_fail(DK_SITE_ALLOCATE_MEMORY, caller))
		return NDIS_STATUS_RESOURCES;
	size_t ext = DeviceObjectAttributes ? DeviceObjectAttributes->ExtensionSize : 0;
	PDEVICE_OBJECT d = ko_alloc(KO_DEVICE, sizeof(DEVICE_OBJECT) + ext, 1, 0, NULL, 0);
	*pDeviceObject = d;
	*NdisDeviceHandle = d;
	if (!d)
		return NDIS_STATUS_RESOURCES;
	d->DeviceExtension = ext ? (PVOID)(d + 1) : NULL;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisDeregisterDeviceEx(NDIS_HANDLE NdisDeviceHandle)
{
	NdisMDeregisterDevice(NdisDeviceHandle);
}

PVOID NdisGetDeviceReservedExtension(PDEVICE_OBJECT DeviceObject)
{
	return DeviceObject->DeviceExtension;
}

/* ---- IRPs a driver sends down: nothing is below it ---- */
typedef struct {
	IRP irp;
	IO_STACK_LOCATION stack;
	PKEVENT event;
	PIO_STATUS_BLOCK iosb;
} dk_irp;

PIRP IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject, PVOID InputBuffer,
				   ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
				   BOOLEAN InternalDeviceIoControl, PKEVENT Event, PIO_STATUS_BLOCK IoStatusBlock)
{
	uintptr_t caller = DK_CALLER;
	if (dk_fail(DK_SITE_ALLOCATE_MEMORY, caller))
		return NULL;
	dk_irp *d = ko_alloc(KO_IRP, sizeof *d, 1, 0, NULL, 0);
	if (!d)
		return NULL;
	d->irp.Size = sizeof d->irp;
	d->irp.AssociatedIrp.SystemBuffer = InputBuffer;
	d->irp.UserBuffer = OutputBuffer;
	d->irp.Tail.Overlay.CurrentStackLocation = &d->stack;
	d->stack.MajorFunction = InternalDeviceIoControl ? IRP_MJ_INTERNAL_DEVICE_CONTROL : IRP_MJ_DEVICE_CONTROL;
	d->stack.Parameters.DeviceIoControl.IoControlCode = IoControlCode;
	d->stack.Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
	d->stack.Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
	d->stack.DeviceObject = DeviceObject;
	d->event = Event;
	d->iosb = IoStatusBlock;
	return &d->irp;
}

NTSTATUS IoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	(void)DeviceObject;
	ko_entry *e = ko_find(Irp);
	if (!e || e->kind != KO_IRP)
		return STATUS_INVALID_PARAMETER;
	dk_irp *d = (dk_irp *)Irp;
	if (d->iosb) {
		d->iosb->Status = STATUS_NOT_SUPPORTED;
		d->iosb->Information = 0;
	}
	if (d->event)
		KeSetEvent(d->event, 0, FALSE);
	ko_free(d); /* completed: the I/O manager frees it */
	return STATUS_NOT_SUPPORTED;
}
