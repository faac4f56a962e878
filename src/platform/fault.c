/* The fault plan: the one place that decides whether a fallible call fails.
 * Every decision is a function of the plan and the call sequence alone, so
 * a recorded (plan, position) replays exactly. */
#include "internal.h"

static const char *const site_names[MF_SITE_COUNT] = {
	[MF_SITE_NONE] = "none",
	[MF_SITE_BUS_TRANSLATE] = "bus-translate",
	[MF_SITE_REGISTRY_CLAIM] = "registry-claim",
	[MF_SITE_POOL_ALLOC] = "pool-alloc",
	[MF_SITE_VA_RESERVE] = "va-reserve",
	[MF_SITE_PTE_SET] = "pte-set",
	[MF_SITE_ERRLOG_WRITE] = "errlog-write",
};

const char *mf_site_name(mf_site site)
{
	return (unsigned)site < MF_SITE_COUNT ? site_names[site] : "?";
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

void mf_fault_arm(const mf_fault_plan *plan)
{
	P.plan = *plan;
	P.plan_calls_base = P.calls;
	for (int s = 0; s < MF_SITE_COUNT; s++)
		P.plan_site_base[s] = P.site_calls[s];
	/* xorshift must not start at zero. */
	P.prng = plat_mix(0x5EED, plan->seed, 0, 0) | 1u;
}

static void record(mf_site site, bool natural)
{
	if (P.nfault_log < MF_MAX_FAULT_LOG)
		P.fault_log[P.nfault_log++] = (mf_fault_event){(uint8_t)site, natural, P.calls};
	if (natural)
		P.op_natural_mask |= 1u << site;
	else
		P.op_fired_mask |= 1u << site;
}

bool plat_fault_should_fail(mf_site site)
{
	P.calls++;
	P.site_calls[site]++;
	const mf_fault_plan *plan = &P.plan;
	bool fail = false;
	switch (plan->mode) {
	case MF_FAULT_NTH:
		fail = plan->nth != 0 && P.calls - P.plan_calls_base == plan->nth;
		break;
	case MF_FAULT_NTH_AT_SITE:
		fail = plan->nth != 0 && site == plan->site &&
		       P.site_calls[site] - P.plan_site_base[site] == plan->nth;
		break;
	case MF_FAULT_RANDOM:
		if (plan->site_mask & (1u << site))
			fail = (xorshift(&P.prng) >> 56) < plan->chance;
		break;
	default:
		break;
	}
	if (fail) {
		P.fired_total++;
		record(site, false);
	}
	return fail;
}

void plat_fault_natural(mf_site site)
{
	record(site, true);
}

void mf_fault_op_begin(void)
{
	P.op_fired_mask = 0;
	P.op_natural_mask = 0;
	P.last_caller = 0; /* a finding names this call's platform calls, not an earlier one's */
}

uint32_t mf_fault_fired_mask(void)
{
	return P.op_fired_mask;
}

uint32_t mf_fault_natural_mask(void)
{
	return P.op_natural_mask;
}

uint32_t mf_fault_calls(void)
{
	return P.calls;
}

uint32_t mf_fault_fired_total(void)
{
	return P.fired_total;
}

size_t mf_fault_log(const mf_fault_event **events)
{
	*events = P.fault_log;
	return P.nfault_log;
}
