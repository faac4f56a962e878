/* Loading inputs for the command-line tools. */
#ifndef MAPFUZZ_CLI_IO_H
#define MAPFUZZ_CLI_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "program.h"

enum { MF_INPUT_MAX_BYTES = 1 << 20 };

/* Reads a whole file (at most MF_INPUT_MAX_BYTES, more is an error).  On
 * failure returns false with a one-line reason in err. */
bool mf_read_file(const char *path, uint8_t **data, size_t *size, char *err, size_t errsize);

/* A program from a file: a script when the name ends in ".mfs", else
 * bytes decoded as fuzz_map decodes them. */
bool mf_load_program(const char *path, mf_program *p, char *err, size_t errsize);

bool mf_is_script_path(const char *path);

#endif
