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
	if (P.hook)
		P.hook(P.hook_ctx, fail);
	return fail;
}

void plat_fault_natural(mf_site site)
{
	record(site, true);
	if (P.hook)
		P.hook(P.hook_ctx, true);
}

void mf_fault_hook(mf_fault_hook_fn fn, void *ctx)
{
	P.hook = fn;
	P.hook_ctx = ctx;
}

bool mf_fault_may_fire_within(uint32_t calls)
{
	const mf_fault_plan *plan = &P.plan;
	if (calls == 0)
		return false;
	switch (plan->mode) {
	case MF_FAULT_NTH: {
		uint32_t made = P.calls - P.plan_calls_base;
		return plan->nth > made && plan->nth - made <= calls;
	}
	case MF_FAULT_NTH_AT_SITE: {
		if ((unsigned)plan->site >= MF_SITE_COUNT)
			return false;
		uint32_t made = P.site_calls[plan->site] - P.plan_site_base[plan->site];
		return plan->nth > made && plan->nth - made <= calls;
	}
	case MF_FAULT_RANDOM: {
		/* Each call at a masked site draws once: no draw of the next
		 * `calls` fails, no call does. */
		uint64_t s = P.prng;
		for (uint32_t i = 0; i < calls && plan->site_mask; i++)
			if ((xorshift(&s) >> 56) < plan->chance)
				return true;
		return false;
	}
	default:
		return false;
	}
}

void mf_fault_op_begin(void)
{
	P.op_fired_mask = 0;
	P.op_natural_mask = 0;
	P.last_caller = 0; /* a finding names this call's platform calls, not an earlier one's */
	P.op_calls = 0;
	P.op_counting = true;
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
