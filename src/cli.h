/* Helpers shared by the command files of out/mapfuzz. */
#ifndef MAPFUZZ_CLI_H
#define MAPFUZZ_CLI_H

#include <stdbool.h>
#include <stdint.h>

/* Prints "mapfuzz: <message>" and returns 2. */
int mf_usage_error(const char *fmt, const char *arg);
bool mf_parse_u32(const char *s, uint32_t *out);

#endif
