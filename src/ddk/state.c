/* The kit's state for one input: the table of host blocks it handed out
 * and the adapters the runner named.  Nothing here survives ko_reset()
 * (dk_kit_reset), so one input's driver cannot see another's objects. */
#include "kit.h"

#include <stdlib.h>

#define KO_TOMBSTONE ((void *)1)

static ko_entry *ko_tab;
static size_t ko_cap, ko_used; /* used: live and tombstone slots */

static size_t ko_hash(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	return (size_t)x;
}

static ko_entry *ko_slot(const void *p)
{
	if (!ko_cap)
		return NULL;
	for (size_t i = ko_hash(p) & (ko_cap - 1);; i = (i + 1) & (ko_cap - 1)) {
		if (ko_tab[i].p == p)
			return &ko_tab[i];
		if (ko_tab[i].p == NULL)
			return NULL;
	}
}

static int ko_grow(void)
{
	size_t ncap = ko_cap ? ko_cap * 2 : 64;
	ko_entry *n = calloc(ncap, sizeof *n);
	if (!n)
		return -1;
	size_t live = 0;
	for (size_t i = 0; i < ko_cap; i++) {
		if (ko_tab[i].p == NULL || ko_tab[i].p == KO_TOMBSTONE)
			continue;
		size_t j = ko_hash(ko_tab[i].p) & (ncap - 1);
		while (n[j].p)
			j = (j + 1) & (ncap - 1);
		n[j] = ko_tab[i];
		live++;
	}
	free(ko_tab);
	ko_tab = n;
	ko_cap = ncap;
	ko_used = live;
	return 0;
}

void *ko_alloc(ko_kind kind, size_t len, int zero, int align, void *owner, uint64_t aux)
{
	/* Windows fails a request this large for want of resources; the host
	 * would abort under ASan (allocation-size-too-big) instead. */
	if (len > DK_MAX_BLOCK)
		return NULL;
	if ((ko_used + 1) * 2 > ko_cap && ko_grow() != 0)
		return NULL;
	void *p = NULL;
	/* A zero-length block is still a distinct, freeable pointer. */
	size_t n = len ? len : 1;
	if (align) {
		if (posix_memalign(&p, PAGE_SIZE, n) != 0)
			p = NULL;
	} else {
		p = malloc(n);
	}
	if (!p)
		return NULL;
	if (zero)
		memset(p, 0, n);
	size_t i = ko_hash(p) & (ko_cap - 1);
	while (ko_tab[i].p != NULL && ko_tab[i].p != KO_TOMBSTONE)
		i = (i + 1) & (ko_cap - 1);
	if (ko_tab[i].p == NULL)
		ko_used++;
	ko_tab[i] = (ko_entry){.p = p, .owner = owner, .len = len, .aux = aux, .kind = kind};
	return p;
}

ko_entry *ko_find(const void *p)
{
	if (p == NULL || p == KO_TOMBSTONE)
		return NULL;
	return ko_slot(p);
}

void ko_free_owned(void *owner)
{
	if (!owner)
		return;
	for (size_t i = 0; i < ko_cap; i++) {
		if (ko_tab[i].p != NULL && ko_tab[i].p != KO_TOMBSTONE && ko_tab[i].owner == owner)
			ko_free(ko_tab[i].p); /* recursion frees what that one owns */
	}
}

void ko_free(void *p)
{
	ko_entry *e = ko_find(p);
	if (!e)
		return;
	e->p = KO_TOMBSTONE;
	ko_free_owned(p);
	free(p);
}

void ko_reset(void)
{
	for (size_t i = 0; i < ko_cap; i++)
		if (ko_tab[i].p != NULL && ko_tab[i].p != KO_TOMBSTONE)
			free(ko_tab[i].p);
	free(ko_tab);
	ko_tab = NULL;
	ko_cap = ko_used = 0;
}

ko_entry *dk_shared_block_of(const void *va, uintptr_t *base)
{
	uintptr_t a = (uintptr_t)va;
	for (size_t i = 0; i < ko_cap; i++) {
		ko_entry *e = &ko_tab[i];
		if (e->p == NULL || e->p == KO_TOMBSTONE || e->kind != KO_SHARED)
			continue;
		uintptr_t b = (uintptr_t)e->p;
		if (a >= b && a - b < (e->len ? e->len : 1)) {
			*base = b;
			return e;
		}
	}
	return NULL;
}

/* ---- Adapters ---- */
static dk_adapter_state adapters[DK_MAX_ADAPTERS];

dk_adapter_state *dk_adapter_find(const void *handle)
{
	if (!handle)
		return NULL;
	for (size_t i = 0; i < DK_MAX_ADAPTERS; i++)
		if (adapters[i].used && adapters[i].handle == handle)
			return &adapters[i];
	return NULL;
}

dk_adapter_state *dk_adapter_get(void *handle)
{
	dk_adapter_state *a = dk_adapter_find(handle);
	if (a)
		return a;
	for (size_t i = 0; i < DK_MAX_ADAPTERS; i++) {
		if (!adapters[i].used) {
			memset(&adapters[i], 0, sizeof adapters[i]);
			adapters[i].used = TRUE;
			adapters[i].handle = handle;
			return &adapters[i];
		}
	}
	return NULL;
}

void *dk_adapter_of(const void *handle)
{
	dk_adapter_state *a = dk_adapter_find(handle);
	return a ? a->handle : NULL;
}

void dk_adapters_reset(void)
{
	memset(adapters, 0, sizeof adapters);
}

dk_adapter_state *dk_adapter_of_device(const DEVICE_OBJECT *d)
{
	for (size_t i = 0; d && i < DK_MAX_ADAPTERS; i++)
		if (adapters[i].used && (d == &adapters[i].pdo || d == &adapters[i].fdo || d == &adapters[i].next))
			return &adapters[i];
	return NULL;
}
