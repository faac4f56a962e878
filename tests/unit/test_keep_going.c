/* Keep-going runs (docs/CONTRACT.md): every check of an operation runs and
 * each broken invariant is its own row, a known row suppresses itself
 * alone, and a run without keep-going still reports only the first
 * violation, the one it reported before every check ran.
 *
 * The core's map is wrapped (ld --wrap, see the Makefile): while `slip` is
 * set a map is made as an ioremap_cache-style core makes it -- the bus
 * address, cached, nothing claimed -- and otherwise by the reference core. */
#include <stdio.h>
#include <string.h>

#include "oracle/harness.h"
#include "program/script.h"
#include "seam.h"
#include "tally.h"

typedef enum { SLIP_NONE, SLIP_IOREMAP_CACHE, SLIP_NULL_VA } slip_kind;
static slip_kind slip;

NDIS_STATUS __real_NdisMMapIoSpace(PVOID *va, NDIS_HANDLE h, NDIS_PHYSICAL_ADDRESS pa, UINT len);
NDIS_STATUS __wrap_NdisMMapIoSpace(PVOID *va, NDIS_HANDLE h, NDIS_PHYSICAL_ADDRESS pa, UINT len);

NDIS_STATUS __wrap_NdisMMapIoSpace(PVOID *va, NDIS_HANDLE h, NDIS_PHYSICAL_ADDRESS pa, UINT len)
{
	if (slip == SLIP_NONE)
		return __real_NdisMMapIoSpace(va, h, pa, len);
	if (slip == SLIP_NULL_VA) {
		*va = NULL;
		return NDIS_STATUS_SUCCESS;
	}
	uint64_t bus = (uint64_t)pa.QuadPart;
	uint64_t pages = (bus % NDIS_PAGE_SIZE + len + NDIS_PAGE_SIZE - 1) / NDIS_PAGE_SIZE;
	uintptr_t base;
	if (!seam_va_reserve(pages, &base))
		return NDIS_STATUS_RESOURCES;
	for (uint64_t i = 0; i < pages; i++)
		if (!seam_pte_set(base + (uintptr_t)(i * NDIS_PAGE_SIZE), bus / NDIS_PAGE_SIZE + i, CACHE_CACHED))
			return NDIS_STATUS_RESOURCES; /* no fault is armed here */
	*va = (PVOID)(base + (uintptr_t)(bus % NDIS_PAGE_SIZE));
	return NDIS_STATUS_SUCCESS;
}

/* Two maps of two pages each, through a window that translates. */
static const char program_text[] = "vspace 64\n"
				   "pool 4096\n"
				   "limit pci 1\n"
				   "window pci 0 mem 0xf0000000 0x10000 0xe0000000\n"
				   "adapter pci 0\n"
				   "map a0 win0.start 0x2000\n"
				   "map a0 win0.start+4p 0x2000\n";

static void parse(const char *text, mf_program *p)
{
	char err[256];
	int rc = mf_script_parse(text, strlen(text), p, err, sizeof(err));
	check(rc == 0, "the fixture assembles: %s", err);
}

/* The IDs of the findings at operation #op, in the order found, as
 * "ID ID ..." in out. */
static const char *ids_at(const mf_verdict *v, uint32_t op, char *out, size_t size)
{
	size_t k = 0;
	out[0] = '\0';
	for (uint32_t i = 0; i < v->nfindings && k < size; i++) {
		if (v->findings[i].op_index != op)
			continue;
		int n = snprintf(out + k, size - k, "%s%s", k ? " " : "", v->findings[i].invariant);
		k += n < 0 ? 0 : (size_t)n;
	}
	return out;
}

static const mf_finding *finding(const mf_verdict *v, const char *id, uint32_t op)
{
	for (uint32_t i = 0; i < v->nfindings; i++)
		if (strcmp(v->findings[i].invariant, id) == 0 && v->findings[i].op_index == op)
			return &v->findings[i];
	return NULL;
}

static void run_with(const mf_program *p, slip_kind s, const char *known_text, bool keep_going, mf_verdict *v)
{
	static mf_known known;
	char err[128];
	mf_run_options opt = {.keep_going = keep_going};
	if (known_text) {
		check(mf_known_parse(known_text, strlen(known_text), &known, err, sizeof(err)), "known list: %s", err);
		opt.known = &known;
	}
	slip = s;
	mf_run(p, &opt, v);
	slip = SLIP_NONE;
}

static void test_three_rows_one_map(void)
{
	mf_program p;
	parse(program_text, &p);
	static mf_verdict v;
	char ids[256];
	run_with(&p, SLIP_NONE, NULL, true, &v);
	check(v.nfindings == 0, "the reference core's maps hold (%u findings)", v.nfindings);

	run_with(&p, SLIP_IOREMAP_CACHE, NULL, true, &v);
	check(strcmp(ids_at(&v, 1, ids, sizeof(ids)), "MAP-TRANSLATE MAP-NONCACHED MAP-CLAIM") == 0,
	      "keep-going: one map, three rows in check order, got '%s'", ids);
	const mf_finding *t = finding(&v, "MAP-TRANSLATE", 1), *c = finding(&v, "MAP-NONCACHED", 1);
	const mf_finding *claim = finding(&v, "MAP-CLAIM", 1);
	check(t && c && claim && strcmp(t->clause, "map.success") == 0 && strcmp(claim->clause, "map.success") == 0,
	      "... all under map.success");
	/* Two pages each, two maps: each invariant once per call, not per page. */
	check(t && t->count == 2 && c && c->count == 2, "MAP-TRANSLATE and MAP-NONCACHED counted once per map: %u, %u",
	      t ? t->count : 0, c ? c->count : 0);
	check(claim && strstr(claim->detail, "the model's claim (a0, 0xe0000000, +0x2000) is not in the registry"),
	      "MAP-CLAIM names the claim that is missing: '%s'", claim ? claim->detail : "");
	check(t && strstr(t->detail, "reaches 0xf0000000 where 0xe0000000 is due"),
	      "MAP-TRANSLATE names both addresses: '%s'", t ? t->detail : "");
	check(c && strstr(c->detail, "mapped cached"), "MAP-NONCACHED names the cache type: '%s'", c ? c->detail : "");
	/* The second map is judged on its own: the model followed the first. */
	check(strcmp(ids_at(&v, 2, ids, sizeof(ids)), "") == 0, "the second map adds no row of its own, got '%s'", ids);

	/* Without keep-going: the first violation alone, as before every check ran. */
	static mf_verdict first;
	run_with(&p, SLIP_IOREMAP_CACHE, NULL, false, &first);
	check(first.nfindings == 1 && strcmp(first.findings[0].invariant, "MAP-TRANSLATE") == 0 &&
		      first.findings[0].op_index == 1,
	      "without keep-going only MAP-TRANSLATE at op #1 (%u findings, first %s)", first.nfindings,
	      first.nfindings ? first.findings[0].invariant : "none");
	check(v.nfindings > 0 && strcmp(v.findings[0].invariant, first.findings[0].invariant) == 0 &&
		      strcmp(v.findings[0].detail, first.findings[0].detail) == 0,
	      "keep-going's first finding is the one a plain run reports");
}

static void test_known_suppresses_itself(void)
{
	mf_program p;
	parse(program_text, &p);
	static mf_verdict v;
	char ids[256];
	run_with(&p, SLIP_IOREMAP_CACHE, "MAP-TRANSLATE map.success\n", true, &v);
	check(strcmp(ids_at(&v, 1, ids, sizeof(ids)), "MAP-NONCACHED MAP-CLAIM") == 0,
	      "a known MAP-TRANSLATE hides itself alone, got '%s'", ids);
	check(v.known_hits >= 2, "... and counts as a known hit per map (%u)", v.known_hits);
	run_with(&p, SLIP_IOREMAP_CACHE, "MAP-NONCACHED *\n", true, &v);
	check(strcmp(ids_at(&v, 1, ids, sizeof(ids)), "MAP-TRANSLATE MAP-CLAIM") == 0,
	      "a known MAP-NONCACHED (any clause) hides itself alone, got '%s'", ids);
	run_with(&p, SLIP_IOREMAP_CACHE, "MAP-TRANSLATE *\nMAP-NONCACHED *\n", true, &v);
	check(strcmp(ids_at(&v, 1, ids, sizeof(ids)), "MAP-CLAIM") == 0, "two known rows leave MAP-CLAIM, got '%s'", ids);
	check(v.violated, "an unknown row still makes the run fail");
	run_with(&p, SLIP_IOREMAP_CACHE, "MAP-TRANSLATE *\nMAP-NONCACHED *\nMAP-CLAIM *\n", true, &v);
	check(strcmp(ids_at(&v, 1, ids, sizeof(ids)), "") == 0, "all three known: no row at the map, got '%s'", ids);
}

/* A check that needs another to hold is skipped for that alone: no
 * translation without a VA, no state judged for a mapping the model could
 * not take. */
static void test_dependencies(void)
{
	mf_program p;
	parse(program_text, &p);
	p.nops = 2; /* the adapter and one map */
	static mf_verdict v;
	char ids[256];
	run_with(&p, SLIP_NULL_VA, NULL, true, &v);
	check(strcmp(ids_at(&v, 1, ids, sizeof(ids)), "MAP-SUCCESS-VA") == 0,
	      "a success with a NULL VA: MAP-SUCCESS-VA alone, got '%s'", ids);
}

int main(void)
{
	test_three_rows_one_map();
	test_known_suppresses_itself();
	test_dependencies();
	return tally_report();
}
