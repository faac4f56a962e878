/* Resource registry: a record of claims.  Conflict policy is the core's. */
#include "internal.h"

enum { TAG_CLAIM = 1 };

uint64_t mf_claim_digest(NDIS_HANDLE owner, uint64_t start, uint64_t length)
{
	return plat_mix(TAG_CLAIM, (uint64_t)(uintptr_t)owner, start, length);
}

static uint64_t claim_term(const SEAM_CLAIM *c)
{
	return mf_claim_digest(c->owner, c->start, c->length);
}

uint64_t mf_registry_digest(void)
{
	return P.registry_digest;
}

size_t seam_registry_count(void)
{
	PLAT_CALLED();
	return P.nclaims;
}

SEAM_CLAIM seam_registry_at(size_t index)
{
	PLAT_CALLED();
	SEAM_CLAIM none = {NULL, 0, 0};
	return index < P.nclaims ? P.claims[index].claim : none;
}

bool seam_registry_claim(NDIS_HANDLE owner, uint64_t start, uint64_t length, uint32_t *claim_id)
{
	PLAT_CALLED();
	if (plat_fault_should_fail(MF_SITE_REGISTRY_CLAIM))
		return false;
	if (P.nclaims >= MF_MAX_CLAIMS) {
		plat_fault_natural(MF_SITE_REGISTRY_CLAIM);
		return false;
	}
	uint32_t i = P.nclaims++;
	P.claims[i].used = true;
	P.claims[i].claim = (SEAM_CLAIM){owner, start, length};
	P.claim_ids[i] = P.next_claim_id++;
	*claim_id = P.claim_ids[i];
	P.digest += claim_term(&P.claims[i].claim);
	P.registry_digest += claim_term(&P.claims[i].claim);
	return true;
}

void seam_registry_release(uint32_t claim_id)
{
	PLAT_CALLED();
	for (uint32_t i = 0; i < P.nclaims; i++) {
		if (P.claim_ids[i] != claim_id)
			continue;
		P.digest -= claim_term(&P.claims[i].claim);
		P.registry_digest -= claim_term(&P.claims[i].claim);
		/* Keep the table dense and in claim order. */
		for (uint32_t j = i + 1; j < P.nclaims; j++) {
			P.claims[j - 1] = P.claims[j];
			P.claim_ids[j - 1] = P.claim_ids[j];
		}
		P.nclaims--;
		return;
	}
	plat_misuse("registry release of unheld claim", claim_id);
}
