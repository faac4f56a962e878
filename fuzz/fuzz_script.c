/* The script language against itself and against the bytes: the input is
 * read both as script text and as a binary program, and either way
 * write-then-parse must give back the very program (docs/FORMAT.md). */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "program/script.h"

/* The longest script a program has is a few kilobytes; reused per call. */
static char script_buf[1 << 16];
static char err[256];
static mf_program first, second;
static uint8_t first_bytes[MF_PROGRAM_MAX_BYTES], second_bytes[MF_PROGRAM_MAX_BYTES];

static void die(const char *what, const char *text)
{
	fprintf(stderr, "fuzz_script: %s\n%s", what, text ? text : "");
	fflush(stderr);
	abort();
}

/* Writes p into script_buf; returns the length. */
static size_t write_script(const mf_program *p)
{
	FILE *f = fmemopen(script_buf, sizeof(script_buf), "w");
	if (!f)
		die("fmemopen failed", NULL);
	mf_script_write(f, p);
	long length = ftell(f);
	fclose(f);
	if (length < 0 || (size_t)length >= sizeof(script_buf))
		die("script does not fit the buffer", NULL);
	script_buf[length] = '\0';
	return (size_t)length;
}

/* first's script must parse back to a program with first's bytes. */
static void check_round_trip(const char *origin)
{
	size_t length = write_script(&first);
	if (mf_script_parse(script_buf, length, &second, err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz_script: %s: written script does not parse: %s\n", origin, err);
		die("script:", script_buf);
	}
	size_t n1 = mf_program_encode(&first, first_bytes);
	size_t n2 = mf_program_encode(&second, second_bytes);
	if (n1 != n2 || memcmp(first_bytes, second_bytes, n1) != 0) {
		fprintf(stderr, "fuzz_script: %s: re-parsed program differs\n", origin);
		die("script:", script_buf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* (a) The bytes as text: the parser sees only data[0..size). */
	if (mf_script_parse((const char *)data, size, &first, err, sizeof(err)) == 0)
		check_round_trip("as text");
	else if (strncmp(err, "line ", 5) != 0)
		die("parse error without a position:", err);

	/* (b) The bytes as a program: every decoded program has a script. */
	mf_program_decode(data, size, &first);
	check_round_trip("as bytes");
	return 0;
}
