/* The known list's deaths and the platform's call bound, on the reference
 * core (docs/REVIEW.md, docs/CONTRACT.md SEAM-RUNAWAY):
 * - a death's cause (faults=, calls=) parses, formats back and is refused
 *   on anything but a death;
 * - the plan tells in advance whether it fails one of the next N calls;
 * - a known cause with faults stops exactly the runs whose call meets it,
 *   one without skips the call only when no fault is due before the death
 *   point, and neither touches a run that does not meet it;
 * - past MF_MAX_OP_CALLS seam calls an operation is stopped, and the
 *   largest correct operations stay far below. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "oracle/harness.h"
#include "oracle/known.h"
#include "platform.h"
#include "program/script.h"
#include "seam.h"
#include "tally.h"

static bool parse_known(const char *text, mf_known *k, char *err, size_t errsize)
{
	return mf_known_parse(text, strlen(text), k, err, errsize);
}

static void test_parse(void)
{
	mf_known k;
	char err[200] = "";
	check(parse_known("CRASH map.va-fail faults=va-reserve calls=4\n"
			  "SANITIZER map.success faults=none calls=3\n"
			  "TIMEOUT map.window faults=pool-alloc+pte-set\n"
			  "CRASH map.null-out\n"
			  "MAP-STATUS *\n",
			  &k, err, sizeof(err)),
	      "a known list with causes parses: %s", err);
	check(k.n == 5, "5 entries, not %u", k.n);
	check(k.e[0].cause && k.e[0].faults == 1u << MF_SITE_VA_RESERVE && k.e[0].calls == 4,
	      "faults=va-reserve calls=4 is read");
	check(k.e[1].cause && k.e[1].faults == 0 && k.e[1].calls == 3, "faults=none calls=3 is read");
	check(k.e[2].faults == ((1u << MF_SITE_POOL_ALLOC) | (1u << MF_SITE_PTE_SET)), "two sites joined by +");
	check(!k.e[3].cause && !k.e[4].cause, "a line without a cause has none");
	char buf[160];
	mf_known_format_cause(buf, sizeof(buf), k.e[2].faults, 7);
	check(strcmp(buf, "faults=pool-alloc+pte-set calls=7") == 0, "formatted back: '%s'", buf);
	mf_known_format_cause(buf, sizeof(buf), 0, 0);
	check(strcmp(buf, "faults=none calls=0") == 0, "no faults formatted: '%s'", buf);

	static const char *const bad[] = {"MAP-STATUS map.success faults=none\n", "CRASH map.success faults=nosuch\n",
					  "CRASH map.success calls=x\n", "CRASH map.success extra\n"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check(!parse_known(bad[i], &k, err, sizeof(err)) && strstr(err, "line 1"), "refused: %s", bad[i]);

	mf_known_parse("", 0, &k, err, sizeof(err));
	check(mf_known_add_death(&k, "CRASH", "map.success", 0, 2) && k.n == 1, "a death is added");
	check(mf_known_add_death(&k, "CRASH", "map.success", 0, 5) && k.n == 1 && k.e[0].calls == 5,
	      "the same cause again is not a new entry; the later death point is kept");
	check(mf_known_add_death(&k, "CRASH", "map.success", 1u << MF_SITE_PTE_SET, 5) && k.n == 2,
	      "another fault set is another cause");
	check(mf_known_death_index(&k, "CRASH", "map.success", 1u << MF_SITE_PTE_SET) == 1 &&
		      mf_known_death_index(&k, "SANITIZER", "map.success", 0) < 0,
	      "a cause is found by ID, clause and faults");
}

static const mf_platform_config small = {.va_pages = 8, .pool_bytes = 4096};

static void test_may_fire(void)
{
	mf_platform_reset(&small);
	mf_fault_arm(&(mf_fault_plan){.mode = MF_FAULT_NTH, .nth = 3});
	check(!mf_fault_may_fire_within(2) && mf_fault_may_fire_within(3), "nth 3: not within 2 calls, within 3");
	void *b = seam_pool_alloc(8);
	seam_pool_free(b);
	check(mf_fault_may_fire_within(2) && !mf_fault_may_fire_within(1), "after one call: within 2, not 1");
	check(!mf_fault_may_fire_within(0), "never within 0 calls");

	mf_platform_reset(&small);
	mf_fault_arm(&(mf_fault_plan){.mode = MF_FAULT_NTH_AT_SITE, .site = MF_SITE_VA_RESERVE, .nth = 2});
	check(!mf_fault_may_fire_within(1) && mf_fault_may_fire_within(2), "at a site: the site's count");

	/* A random plan: the prediction is the plan's own draws. */
	for (uint32_t seed = 1; seed <= 20; seed++) {
		mf_platform_reset(&small);
		mf_fault_plan plan = {.mode = MF_FAULT_RANDOM, .seed = seed, .chance = 64,
				      .site_mask = 1u << MF_SITE_POOL_ALLOC};
		mf_fault_arm(&plan);
		bool predicted = mf_fault_may_fire_within(4);
		bool any_failed = false;
		for (int i = 0; i < 4; i++) {
			void *x = seam_pool_alloc(8);
			any_failed |= x == NULL;
			seam_pool_free(x);
		}
		check(predicted == any_failed, "random seed %u: predicted %d, a call failed %d", seed, predicted, any_failed);
	}
}

static void program(const char *text, mf_program *p)
{
	char err[256];
	check(mf_script_parse(text, strlen(text), p, err, sizeof(err)) == 0, "the fixture assembles: %s", err);
}

static mf_verdict v;

/* A run keep-going with this known list. */
static bool run_known(const mf_program *p, const char *known_text, const mf_fault_plan *plan)
{
	static mf_known k;
	char err[200];
	check(parse_known(known_text, &k, err, sizeof(err)), "the known list parses: %s", err);
	mf_where where;
	mf_run_options opt = {.keep_going = true, .known = &k, .where = &where, .clauses = true};
	if (plan) {
		opt.override_plan = true;
		opt.plan = *plan;
	}
	return mf_run(p, &opt, &v);
}

static void test_known_deaths(void)
{
	mf_program p;
	program("vspace 64\npool 4096\nlimit pci 1\nwindow pci 0 mem 0xf0000000 0x10000 0xe0000000\n"
		"adapter pci 0\nmap a0 win0.start 0x3000\nmap a0 win0.start+8p 0x1000\n",
		&p);
	mf_run(&p, NULL, &v);
	uint32_t calls = v.fallible_calls;
	check(calls >= 8, "two maps make %u fallible calls", calls);

	/* The reservation of the first map fails (its 3rd call: claim, pool, va). */
	mf_fault_plan va_fails = {.mode = MF_FAULT_NTH_AT_SITE, .site = MF_SITE_VA_RESERVE, .nth = 1};
	const char *va_death = "CRASH map.va-fail faults=va-reserve calls=3\n";
	check(run_known(&p, va_death, &va_fails) && v.known_hits == 1 && v.ops_run == 2,
	      "a known va-fail death stops the run where the reservation fails (%u hits, %u ops)", v.known_hits,
	      v.ops_run);
	check(run_known(&p, va_death, NULL) && v.known_hits == 0 && v.ops_run == 3,
	      "... and touches no run whose reservation succeeds (%u hits)", v.known_hits);
	mf_fault_plan pte_fails = {.mode = MF_FAULT_NTH_AT_SITE, .site = MF_SITE_PTE_SET, .nth = 1};
	check(run_known(&p, va_death, &pte_fails) && v.known_hits == 0, "... nor one where another site fails");

	/* A death on a clean map after 4 fallible calls. */
	const char *clean_death = "CRASH map.success faults=none calls=4\n";
	check(run_known(&p, clean_death, NULL) && v.known_hits == 2 && v.fallible_calls == 0,
	      "a known clean-map death skips both maps when no fault is due (%u hits)", v.known_hits);
	mf_fault_plan second = {.mode = MF_FAULT_NTH, .nth = 2};
	check(run_known(&p, clean_death, &second) && v.known_hits == 1 && v.faults_fired == 1,
	      "... but makes the map whose 2nd call is to fail (%u hits, %u fired)", v.known_hits, v.faults_fired);
	check(run_known(&p, "CRASH map.success\n", &second) && v.known_hits == 2,
	      "a hand-written death without a cause keeps its whole clause from being called");

	/* A death as the adapter leaves: the model cannot skip that call. */
	mf_program halt;
	program("vspace 64\npool 4096\nlimit pci 1\nwindow pci 0 mem 0xf0000000 0x10000 0xe0000000\n"
		"adapter pci 0\nmap a0 win0.start 0x1000\ninit-done a0\nhalt a0\nhalt-end a0\n",
		&halt);
	uint64_t teardown = (uint64_t)1 << mf_clause_index("life.teardown");
	check(run_known(&halt, "CRASH life.halt faults=none calls=0\n", NULL) && v.known_hits == 1 &&
		      v.nfindings == 0 && !(v.clauses & teardown),
	      "a known death at halt ends the input there, no teardown after (%u hits, %u findings)",
	      v.known_hits, v.nfindings);
	check(run_known(&halt, "CRASH life.remove faults=none calls=0\n", NULL) && v.known_hits == 0 &&
		      (v.clauses & teardown),
	      "... and one at removal does not touch a halt");
}

/* Past the bound the call is stopped through the armed way back. */
static void test_runaway(void)
{
	mf_platform_reset(&small);
	static jmp_buf env;
	static volatile uint32_t made;
	made = 0;
	mf_fault_op_begin();
	if (setjmp(env) == 0) {
		mf_bugcheck_arm(&env);
		for (;;) {
			seam_pte_clear(0);
			made++;
		}
	}
	const mf_runaway *r = mf_runaway_last();
	check(made == MF_MAX_OP_CALLS && r->ran_away && strcmp(r->function, "seam_pte_clear") == 0,
	      "stopped at call %u past %u, in %s", made + 1, MF_MAX_OP_CALLS, r->function);

	/* The largest correct operations: a 256-page map, its unmap, a
	 * teardown of every page the platform has, the harness's own scans. */
	mf_program p;
	program("vspace 256\npool 65535\nlimit pci 2\nwindow pci 0 mem 0 0x10000000 0xe0000000\n"
		"adapter pci 0\nmap a0 win0.start 0x100000\nunmap a0 m0\nmap a0 win0.start 0x100000\n",
		&p);
	check(mf_run(&p, NULL, &v), "a 256-page map, its unmap and a 256-page teardown hold");
	/* Many claims of two adapters: the harness's pairwise registry scan
	 * after every map is not the core's, and does not count. */
	static char text[4096];
	size_t n = (size_t)snprintf(text, sizeof(text), "vspace 256\npool 65535\nlimit pci 2\n"
							"window pci 0 mem 0 0x10000000 0xe0000000\n"
							"adapter pci 0\nadapter pci 0\n");
	for (uint32_t i = 0; i < 60; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "map a%u win0.start+%up 1\n", i % 2, i);
	mf_program claims;
	program(text, &claims);
	check(mf_run(&claims, NULL, &v) && v.max_claims == 60,
	      "60 claims of two adapters, checked pairwise after every map: no runaway (%u claims)", v.max_claims);
}

int main(void)
{
	test_parse();
	test_may_fire();
	test_known_deaths();
	test_runaway();
	return tally_report();
}
