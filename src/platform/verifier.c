/* Driver Verifier record: events with kind, adapter and two details. */
#include "internal.h"

void seam_verifier_event(SEAM_VERIFIER_KIND kind, NDIS_HANDLE adapter, uint64_t a, uint64_t b)
{
	PLAT_CALLED();
	if (P.nverifier < MF_MAX_VERIFIER)
		P.verifier[P.nverifier] = (mf_verifier_event){kind, adapter, a, b};
	/* Count past the cap too, so a flood is still seen as events. */
	P.nverifier++;
}

size_t mf_verifier_count(void)
{
	return P.nverifier;
}

const mf_verifier_event *mf_verifier_at(size_t index)
{
	return index < P.nverifier && index < MF_MAX_VERIFIER ? &P.verifier[index] : NULL;
}
