/* The clause keys of docs/CONTRACT.md ("Clause keys"), in its order: the
 * situations a finding is keyed by and a review's rows are made of. */
#include <string.h>

#include "harness.h"

const char *const mf_clause_keys[MF_CLAUSE_COUNT + 1] = {
	"map.null-out", "map.dead-handle", "map.phase", "map.bus-type", "map.bus-number", "map.length-zero",
	"map.negative", "map.overflow", "map.window", "map.translate-fail", "map.host-ram", "map.conflict",
	"map.claim-fail", "map.pool-fail", "map.va-fail", "map.pte-fail", "map.success", "unmap.good",
	"unmap.phase", "unmap.wrong-adapter", "unmap.wrong-length", "unmap.not-mapped", "life.init-fail",
	"life.halt", "life.remove", "life.teardown", "touch", NULL,
};

int mf_clause_index(const char *key)
{
	for (int i = 0; key && i < MF_CLAUSE_COUNT; i++)
		if (strcmp(mf_clause_keys[i], key) == 0)
			return i;
	return -1;
}
