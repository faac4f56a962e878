/* Error log: bounded entries and a counter of writes that were dropped. */
#include "internal.h"

bool seam_errlog_write(NDIS_HANDLE adapter, uint32_t code, uint64_t start, uint64_t length)
{
	PLAT_CALLED();
	if (plat_fault_should_fail(MF_SITE_ERRLOG_WRITE)) {
		P.log_dropped++;
		return false;
	}
	if (P.nlog >= MF_MAX_LOG) {
		plat_fault_natural(MF_SITE_ERRLOG_WRITE);
		P.log_dropped++;
		return false;
	}
	P.log[P.nlog++] = (mf_log_entry){adapter, code, start, length};
	return true;
}

size_t mf_errlog_count(void)
{
	return P.nlog;
}

const mf_log_entry *mf_errlog_at(size_t index)
{
	return index < P.nlog ? &P.log[index] : NULL;
}

uint32_t mf_errlog_dropped(void)
{
	return P.log_dropped;
}
