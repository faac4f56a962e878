/* mapfuzz review [--core FILE] [--out DIR] [--time S] [--jobs N] [--known FILE]
 *                [--prove-depth K] [--prove-time S]
 *
 * mapfuzz review --driver DIR [--out DIR] [--known FILE] [--file F.c]... [--time S]  (driver.c)
 *
 * Every phase keep-going, every case in a child that is restarted after a
 * death: the conformance cases (corpus/conformance/, a case or more per
 * clause key), the corpus (each seed with every fault position), the
 * bounded proof, the campaign.  Then each row's reproducer
 * is minimised and its core line named, and the reports are written.
 * Exit 0: conforms; 1: deviates; 2: usage, build or write error. */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "program/load.h"
#include "program/script.h"
#include "review.h"

static const char usage[] = "usage: mapfuzz review [--core FILE] [--out DIR] [--time SECONDS] [--jobs N] "
			    "[--known FILE] [--prove-depth K] [--prove-time SECONDS]";

typedef struct {
	const char *core, *core_built, *out, *known;
	uint32_t seconds, jobs, prove_depth, prove_seconds;
} options;

static int parse(int argc, char **argv, options *o)
{
	*o = (options){.seconds = 60, .jobs = 1, .prove_depth = 2, .prove_seconds = 60};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (i + 1 >= argc)
			return mf_usage_error("%s", usage);
		const char *v = argv[++i];
		uint32_t *num = strcmp(a, "--time") == 0	  ? &o->seconds
				: strcmp(a, "--jobs") == 0	  ? &o->jobs
				: strcmp(a, "--prove-depth") == 0 ? &o->prove_depth
				: strcmp(a, "--prove-time") == 0  ? &o->prove_seconds
								  : NULL;
		if (num) {
			if (!mf_parse_u32(v, num) || *num > 86400)
				return mf_usage_error("%s takes a number", a);
		} else if (strcmp(a, "--core") == 0) {
			o->core = v;
		} else if (strcmp(a, "--core-built") == 0) {
			o->core_built = v;
		} else if (strcmp(a, "--core-given") == 0) {
			snprintf(triage.core_given, sizeof(triage.core_given), "%s", v);
		} else if (strcmp(a, "--out") == 0) {
			o->out = v;
		} else if (strcmp(a, "--known") == 0) {
			o->known = v;
		} else {
			return mf_usage_error("unknown option %s", a);
		}
	}
	if (o->jobs < 1 || o->jobs > 16)
		return mf_usage_error("%s", "--jobs takes 1..16");
	mf_enum_scope s = {.depth = o->prove_depth, .adapters = 2, .buses = 2, .windows = 2};
	if (o->prove_depth && mf_enum_check(&s))
		return mf_usage_error("--prove-depth: %s", mf_enum_check(&s));
	return 0;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct {
	rv_table *t;
	rv_report *r;
	const char *out;
} review;

static void note(review *rv, const char *fmt, const char *phase, const rv_batch_result *b, double seconds,
		 uint32_t rows_before)
{
	char line[400];
	snprintf(line, sizeof(line), fmt, phase);
	size_t n = strlen(rv->r->phases);
	snprintf(rv->r->phases + n, sizeof(rv->r->phases) - n,
		 "- %s: %llu cases, %llu runs, %llu death%s (%llu of a known cause)%s, %u new row%s, %.1f s\n", line,
		 (unsigned long long)b->cases, (unsigned long long)b->runs,
		 (unsigned long long)(b->deaths + b->known_deaths), b->deaths + b->known_deaths == 1 ? "" : "s",
		 (unsigned long long)b->known_deaths, b->cut ? " (cut short)" : "", rv->t->n - rows_before,
		 rv->t->n - rows_before == 1 ? "" : "s", seconds);
	printf("review: %s", rv->r->phases + n + 2);
	fflush(stdout);
}

static void files_phase(review *rv, const char *phase, const char *pattern)
{
	char pat[PATH_MAX + 64], log[PATH_MAX + 64];
	snprintf(pat, sizeof(pat), "%s/%s", triage.root, pattern);
	snprintf(log, sizeof(log), "%s/logs/%s.txt", rv->out, phase);
	glob_t g;
	if (glob(pat, 0, NULL, &g) != 0) {
		fprintf(stderr, "mapfuzz review: no %s (%s)\n", pattern, phase);
		return;
	}
	uint32_t before = rv->t->n;
	double t0 = now_s();
	rv_batch b = {.phase = phase, .paths = g.gl_pathv, .npaths = (uint32_t)g.gl_pathc, .log = log};
	rv_batch_result res;
	rv_run_batch(rv->t, &b, &res);
	note(rv, "%s", phase, &res, now_s() - t0, before);
	globfree(&g);
}

static void prove_phase(review *rv, const options *o)
{
	if (!o->prove_depth)
		return;
	char log[PATH_MAX + 64], what[64];
	snprintf(log, sizeof(log), "%s/logs/prove.txt", rv->out);
	mf_enum_scope s = {.depth = o->prove_depth, .adapters = 2, .buses = 2, .windows = 2};
	uint32_t before = rv->t->n;
	double t0 = now_s();
	rv_batch b = {.phase = "prove", .scope = &s, .seconds = o->prove_seconds, .log = log};
	rv_batch_result res;
	rv_run_batch(rv->t, &b, &res);
	snprintf(what, sizeof(what), "prove (depth %u, 2 adapters, 2 buses, 2 windows)", o->prove_depth);
	note(rv, "%s", what, &res, now_s() - t0, before);
}

static void fuzz_phase(review *rv, const options *o, const char *name)
{
	char corpus[PATH_MAX + 64], pat[PATH_MAX + 64];
	snprintf(corpus, sizeof(corpus), "%s/work/fuzz_map-libfuzzer-%s", triage.root, name);
	snprintf(pat, sizeof(pat), "%s/corpus/map/*.mfs", triage.root);
	glob_t g = {0};
	glob(pat, 0, NULL, &g);
	rv_fuzz_plan plan = {.seconds = o->seconds, .jobs = o->jobs, .corpus_dir = corpus, .out_dir = rv->out,
			     .seeds = g.gl_pathv, .nseeds = (uint32_t)g.gl_pathc};
	uint32_t before = rv->t->n;
	rv_fuzz_result res;
	rv_fuzz(rv->t, &plan, &res);
	globfree(&g);
	size_t n = strlen(rv->r->phases);
	if (!res.ran)
		snprintf(rv->r->phases + n, sizeof(rv->r->phases) - n, "- fuzz: not run: %s\n", res.why_not);
	else
		snprintf(rv->r->phases + n, sizeof(rv->r->phases) - n,
			 "- fuzz (libFuzzer, %u job%s, corpus %s): %llu executions in %.1f s (%.0f exec/s), "
			 "%u restart%s, %u artifact%s, %u new row%s\n",
			 o->jobs, o->jobs == 1 ? "" : "s", triage_rel(corpus), (unsigned long long)res.execs, res.wall,
			 res.wall > 0 ? (double)res.execs / res.wall : 0.0, res.restarts, res.restarts == 1 ? "" : "s",
			 res.artifacts, res.artifacts == 1 ? "" : "s", rv->t->n - before, rv->t->n - before == 1 ? "" : "s");
	printf("review: %s", rv->r->phases + n + 2);
	fflush(stdout);
}

static void print_rows(const rv_table *t)
{
	for (uint32_t i = 0; i < t->n; i++) {
		const rv_deviation *d = &t->d[i];
		const char *base = d->where.file[0] ? strrchr(d->where.file, '/') : NULL;
		printf("DEVIATES %s %s: %u case%s, %s -- %s [%s:%d] -> %s\n", d->invariant, d->clause, d->count,
		       d->count == 1 ? "" : "s", d->phase, d->detail,
		       base ? base + 1 : d->where.file[0] ? d->where.file : "?", d->where.line, d->file);
	}
}

int mf_cmd_review(int argc, char **argv)
{
	memset(&triage, 0, sizeof(triage));
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--driver") == 0)
			return rv_review_driver(argc, argv);
	options o;
	int rc = parse(argc, argv, &o);
	if (rc)
		return rc;
	if (!triage_init_self())
		return fprintf(stderr, "mapfuzz: review: cannot find its own binary\n"), 2;
	char real[PATH_MAX];
	if (o.core || o.core_built) {
		if (!realpath(o.core ? o.core : o.core_built, real))
			return fprintf(stderr, "mapfuzz: review: core %s: %s\n", o.core ? o.core : o.core_built,
				       strerror(errno)),
			       2;
		if (o.core)
			return triage_build_and_reexec("review", real, argc, argv);
	} else {
		snprintf(real, sizeof(real), "%s/src/core/core_ref.c", triage.root);
	}
	triage_set_core(real);
	char name[256];
	const char *base = strrchr(real, '/');
	snprintf(name, sizeof(name), "%s", base ? base + 1 : real);
	if (strlen(name) > 2 && strcmp(name + strlen(name) - 2, ".c") == 0)
		name[strlen(name) - 2] = '\0';

	static rv_table t;
	if (o.known && (rc = mf_load_known(o.known, &t.user_known)) != 0)
		return rc;
	t.known = t.user_known;
	char out[PATH_MAX + 300], logs[PATH_MAX + 320];
	if (o.out)
		snprintf(out, sizeof(out), "%s", o.out);
	else
		snprintf(out, sizeof(out), "out/review/%s", name);
	snprintf(logs, sizeof(logs), "%s/logs", out);
	if (triage_make_dirs(logs) != 0)
		return fprintf(stderr, "mapfuzz: review: cannot create %s: %s\n", logs, strerror(errno)), 2;
	triage_sanitizer_env();

	static rv_report r;
	r.core_name = name;
	r.core_path = triage.core_given[0] ? triage.core_given : triage_rel(real);
	r.out_dir = out;
	review rv = {&t, &r, out};
	printf("mapfuzz review: %s -> %s/review.md\n", r.core_path, out);
	fflush(stdout);
	files_phase(&rv, "conformance", "corpus/conformance/*.mfs");
	files_phase(&rv, "corpus", "corpus/map/*.mfs");
	prove_phase(&rv, &o);
	fuzz_phase(&rv, &o, name);
	rv_minimise(&t);
	rv_symbolise(&t);
	bool ok = rv_write_reports(&t, &r);
	print_rows(&t);
	int unreached = 0;
	for (int c = 0; c < MF_CLAUSE_COUNT; c++)
		unreached += t.exercised[c] == 0;
	if (unreached)
		printf("review: %d clause%s not exercised by any case (see review.md)\n", unreached,
		       unreached == 1 ? "" : "s");
	printf("review: %s: %s, %u deviation%s; report %s/review.md\n", name, t.n ? "deviates" : "conforms", t.n,
	       t.n == 1 ? "" : "s", out);
	if (!ok)
		return fprintf(stderr, "mapfuzz: review: could not write every report under %s\n", out), 2;
	return t.n ? 1 : 0;
}
