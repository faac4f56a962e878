/* The text form of programs: same power as the bytes (docs/FORMAT.md). */
#ifndef MAPFUZZ_SCRIPT_H
#define MAPFUZZ_SCRIPT_H

#include <stddef.h>
#include <stdio.h>

#include "program.h"

/* Assembles a script.  Returns 0, or -1 with "line L, column C: message"
 * in err.  Lines starting with '#' (and everything after a '#') are
 * comments, so explain's output assembles as it stands. */
int mf_script_parse(const char *text, size_t length, mf_program *out, char *err, size_t errsize);

/* The canonical script of a program: asm of it gives the same program. */
void mf_script_write(FILE *f, const mf_program *p);

/* One operation in script syntax, no newline; returns strlen. */
size_t mf_script_format_op(char *buf, size_t size, const mf_op *op);

/* Names shared with the trace. */
const char *mf_opcode_name(mf_opcode code);
const char *mf_status_name(NDIS_STATUS status);

#endif
