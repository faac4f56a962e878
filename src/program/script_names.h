/* Names the script writer and parser share: opcodes, bus types, anchors. */
#ifndef MAPFUZZ_SCRIPT_NAMES_H
#define MAPFUZZ_SCRIPT_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* INTERFACE_TYPE names, indexed by type + 1 (InterfaceTypeUndefined is -1). */
extern const char *const mf_type_names[];
enum { MF_TYPE_NAME_COUNT = 19 };

/* Anchors: <prefix><index><suffix>, or just <prefix> for the ones whose
 * index byte means nothing (suffix NULL).  The bytes still carry that
 * index, so it is written as <prefix>@<index> when nonzero: without it a
 * decoded program would have no script. */
typedef struct {
	uint8_t kind;
	const char *prefix;
	const char *suffix;
} anchor_name;

extern const anchor_name mf_addr_anchors[];
extern const size_t mf_addr_anchor_count;
extern const anchor_name mf_len_anchors[];
extern const size_t mf_len_anchor_count;

#endif
