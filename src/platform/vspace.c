/* System virtual space (a bounded run of pages, first fit) and its page
 * tables, plus the MMU walk the harness uses to check translations. */
#include "internal.h"

enum { TAG_VA_RUN = 2, TAG_PTE = 3 };

static bool page_index(uintptr_t va, uint32_t *index)
{
	if (va < MF_VA_BASE || (va & (NDIS_PAGE_SIZE - 1)) != 0)
		return false;
	uint64_t i = (uint64_t)(va - MF_VA_BASE) / NDIS_PAGE_SIZE;
	if (i >= P.config.va_pages)
		return false;
	*index = (uint32_t)i;
	return true;
}

bool seam_va_reserve(uint64_t pages, uintptr_t *va_base)
{
	PLAT_CALLED();
	if (plat_fault_should_fail(MF_SITE_VA_RESERVE))
		return false;
	uint32_t total = P.config.va_pages;
	if (pages == 0 || pages > total) {
		plat_fault_natural(MF_SITE_VA_RESERVE);
		return false;
	}
	uint32_t run = 0;
	for (uint32_t i = 0; i < total; i++) {
		run = P.va_used[i] ? 0 : run + 1;
		if (run < pages)
			continue;
		uint32_t head = i + 1 - (uint32_t)pages;
		for (uint32_t j = head; j <= i; j++)
			P.va_used[j] = true;
		P.va_head[head] = true;
		P.va_run_pages[head] = (uint32_t)pages;
		P.va_pages_used += (uint32_t)pages;
		P.digest += plat_mix(TAG_VA_RUN, head, pages, 0);
		*va_base = MF_VA_BASE + (uintptr_t)head * NDIS_PAGE_SIZE;
		return true;
	}
	plat_fault_natural(MF_SITE_VA_RESERVE); /* fragmented or full */
	return false;
}

void seam_va_release(uintptr_t va_base, uint64_t pages)
{
	PLAT_CALLED();
	uint32_t head;
	if (!page_index(va_base, &head) || !P.va_head[head] || P.va_run_pages[head] != pages) {
		plat_misuse("va release of unreserved run", (uint64_t)va_base);
		return;
	}
	for (uint32_t j = head; j < head + (uint32_t)pages; j++)
		P.va_used[j] = false;
	P.va_head[head] = false;
	P.va_run_pages[head] = 0;
	P.va_pages_used -= (uint32_t)pages;
	P.digest -= plat_mix(TAG_VA_RUN, head, pages, 0);
}

bool seam_pte_set(uintptr_t va_page, uint64_t frame, SEAM_CACHE cache)
{
	PLAT_CALLED();
	if (plat_fault_should_fail(MF_SITE_PTE_SET))
		return false;
	return plat_pte_install(va_page, frame, cache);
}

bool plat_pte_install(uintptr_t va_page, uint64_t frame, SEAM_CACHE cache)
{
	uint32_t i;
	if (!page_index(va_page, &i) || !P.va_used[i] || P.ptes[i].valid) {
		plat_misuse("pte set outside a reserved free page", (uint64_t)va_page);
		return false;
	}
	P.ptes[i] = (plat_pte){true, frame, cache};
	P.ptes_used++;
	P.digest += plat_mix(TAG_PTE, i, frame, (uint64_t)cache);
	return true;
}

void seam_pte_clear(uintptr_t va_page)
{
	PLAT_CALLED();
	uint32_t i;
	if (!page_index(va_page, &i) || !P.ptes[i].valid) {
		plat_misuse("pte clear of an unset entry", (uint64_t)va_page);
		return;
	}
	P.digest -= plat_mix(TAG_PTE, i, P.ptes[i].frame, (uint64_t)P.ptes[i].cache);
	P.ptes[i].valid = false;
	P.ptes_used--;
}

bool mf_mmu_translate(uintptr_t va, uint64_t *sys, SEAM_CACHE *cache)
{
	uint32_t i;
	if (!page_index(va & ~(uintptr_t)(NDIS_PAGE_SIZE - 1), &i) || !P.ptes[i].valid)
		return false;
	/* Frame arithmetic is unsigned: a frame near 2^52 wraps, and the
	 * harness compares against its own figure, so no UB either way. */
	*sys = P.ptes[i].frame * NDIS_PAGE_SIZE + (uint64_t)(va & (NDIS_PAGE_SIZE - 1));
	*cache = P.ptes[i].cache;
	return true;
}

uint64_t plat_va_run_pages(uintptr_t va_base)
{
	uint32_t head;
	return page_index(va_base, &head) && P.va_head[head] ? P.va_run_pages[head] : 0;
}

uint32_t mf_va_pages_used(void)
{
	return P.va_pages_used;
}

uint32_t mf_pte_used(void)
{
	return P.ptes_used;
}
