/* Slices (--shard I/N) and --merge: one scope cut across machines, each
 * slice's result written as "shard-..." lines, the merge refusing a set
 * that does not cover the scope exactly once. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "prove.h"

/* The result lines of a slice: what --merge reads back.  Any other line of
 * the file (prove's own output, if stdout was saved) is ignored. */
static void write_slice_lines(FILE *f, const mf_enum_scope *scope, const slice_id *sl, uint64_t fail,
			      uint64_t crash, int crash_signal, const prove_walk_result *w)
{
	fprintf(f, "shard-scope: depth %u adapters %u buses %u windows %u classes %s\n", scope->depth,
		scope->adapters, scope->buses, scope->windows, scope->no_classes ? "none" : "all");
	fprintf(f, "shard-slice: %u/%u\n", sl->slice, sl->nslices);
	fprintf(f, "shard-programs: %" PRIu64 "\n", w->walked);
	fprintf(f, "shard-states: %" PRIu64 "\n", w->states);
	fprintf(f, "shard-ran: %" PRIu64 "\n", w->ran);
	fprintf(f, "shard-runs: %" PRIu64 "\n", w->runs);
	if (fail == NONE)
		fprintf(f, "shard-fail: none\n");
	else
		fprintf(f, "shard-fail: %" PRIu64 "\n", fail);
	if (crash == NONE)
		fprintf(f, "shard-crash: none\n");
	else
		fprintf(f, "shard-crash: %" PRIu64 " %d\n", crash, crash_signal);
}

int prove_finish_slice(const mf_enum_scope *scope, const slice_id *sl, const prove_walk_result *w, double secs,
		       uint32_t jobs, const char *out_path)
{
	uint64_t fail = w->fail, crash = w->crash;
	int crash_signal = w->crash_signal;
	/* A crash below the first failure decides, as without slices. */
	if (crash != NONE && crash > fail)
		crash = NONE;
	printf("slice: %u/%u, %" PRIu64 " programs, %" PRIu64 " runs\n", sl->slice, sl->nslices, w->ran, w->runs);
	printf("time: %.1f s on %u job%s\n", secs, jobs, jobs == 1 ? "" : "s");
	if (out_path) {
		FILE *f = fopen(out_path, "w");
		if (!f)
			return fprintf(stderr, "mapfuzz: prove: cannot write %s: %s\n", out_path, strerror(errno)), 2;
		write_slice_lines(f, scope, sl, fail, crash, crash_signal, w);
		if (fclose(f) != 0)
			return fprintf(stderr, "mapfuzz: prove: cannot write %s: %s\n", out_path, strerror(errno)), 2;
	} else {
		write_slice_lines(stdout, scope, sl, fail, crash, crash_signal, w);
	}
	if (crash != NONE) {
		printf("verdict: fails\n");
		return prove_report_crash(scope, crash, crash_signal);
	}
	if (fail != NONE) {
		printf("verdict: fails\n");
		return prove_report_failure(scope, fail);
	}
	printf("verdict: holds in this slice\n");
	return 0;
}

typedef struct {
	mf_enum_scope scope;
	slice_id sl;
	uint64_t programs, states, ran, runs, fail, crash;
	int crash_signal;
	int seen; /* bit per key found */
} slice_file;

static bool parse_u64_text(const char *s, uint64_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || (*end != 0 && *end != '\n' && *end != ' '))
		return false;
	*out = v;
	return true;
}

/* Reads one slice's result lines; a one-line reason on failure. */
static bool read_slice_file(const char *path, slice_file *sf, char *why, size_t whysize)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(why, whysize, "cannot read %s: %s", path, strerror(errno));
		return false;
	}
	memset(sf, 0, sizeof(*sf));
	char line[512];
	bool ok = true;
	while (ok && fgets(line, sizeof(line), f)) {
		char none[8], classes[8];
		if (sscanf(line, "shard-scope: depth %u adapters %u buses %u windows %u classes %7s", &sf->scope.depth,
			   &sf->scope.adapters, &sf->scope.buses, &sf->scope.windows, classes) == 5 &&
		    (strcmp(classes, "all") == 0 || strcmp(classes, "none") == 0)) {
			sf->scope.no_classes = strcmp(classes, "none") == 0;
			sf->seen |= 1;
		}
		else if (sscanf(line, "shard-slice: %u/%u", &sf->sl.slice, &sf->sl.nslices) == 2)
			sf->seen |= 2;
		else if (strncmp(line, "shard-programs: ", 16) == 0)
			ok = parse_u64_text(line + 16, &sf->programs), sf->seen |= 4;
		else if (strncmp(line, "shard-states: ", 14) == 0)
			ok = parse_u64_text(line + 14, &sf->states), sf->seen |= 128;
		else if (strncmp(line, "shard-ran: ", 11) == 0)
			ok = parse_u64_text(line + 11, &sf->ran), sf->seen |= 8;
		else if (strncmp(line, "shard-runs: ", 12) == 0)
			ok = parse_u64_text(line + 12, &sf->runs), sf->seen |= 16;
		else if (strncmp(line, "shard-fail: ", 12) == 0) {
			sf->seen |= 32;
			sf->fail = NONE;
			if (sscanf(line + 12, "%4s", none) != 1 || strcmp(none, "none") != 0)
				ok = parse_u64_text(line + 12, &sf->fail);
		} else if (strncmp(line, "shard-crash: ", 13) == 0) {
			sf->seen |= 64;
			sf->crash = NONE;
			if (sscanf(line + 13, "%4s", none) != 1 || strcmp(none, "none") != 0)
				ok = sscanf(line + 13, "%" SCNu64 " %d", &sf->crash, &sf->crash_signal) == 2;
		}
	}
	fclose(f);
	if (!ok || sf->seen != 255) {
		snprintf(why, whysize, "%s: not a 'prove --shard' result (shard-... lines missing or malformed)",
			 path);
		return false;
	}
	if (sf->sl.nslices < 1 || sf->sl.slice >= sf->sl.nslices) {
		snprintf(why, whysize, "%s: slice %u/%u is not a slice", path, sf->sl.slice, sf->sl.nslices);
		return false;
	}
	const char *bad = mf_enum_check(&sf->scope);
	if (bad) {
		snprintf(why, whysize, "%s: its scope is invalid (%s)", path, bad);
		return false;
	}
	return true;
}

static bool same_scope(const mf_enum_scope *a, const mf_enum_scope *b)
{
	return a->depth == b->depth && a->adapters == b->adapters && a->buses == b->buses &&
	       a->windows == b->windows && a->no_classes == b->no_classes;
}

/* mapfuzz prove --merge FILE...: the slices must cover the scope exactly
 * once; then the verdict of the whole scope. */
int prove_merge(int nfiles, char **files)
{
	char why[1200];
	if (nfiles < 1)
		return mf_usage_error("%s", "--merge takes the result files of every slice");
	slice_file *sf = calloc((size_t)nfiles, sizeof(*sf));
	if (!sf)
		abort();
	int rc = 2;
	const char **owner = NULL;
	for (int i = 0; i < nfiles; i++) {
		if (!read_slice_file(files[i], &sf[i], why, sizeof(why)))
			goto refuse;
		if (!same_scope(&sf[i].scope, &sf[0].scope) || sf[i].sl.nslices != sf[0].sl.nslices) {
			snprintf(why, sizeof(why), "%s is slice %u/%u of another scope or split than %s (%u/%u)",
				 files[i], sf[i].sl.slice, sf[i].sl.nslices, files[0], sf[0].sl.slice,
				 sf[0].sl.nslices);
			goto refuse;
		}
	}
	uint32_t n = sf[0].sl.nslices;
	owner = calloc(n, sizeof(*owner));
	if (!owner)
		abort();
	for (int i = 0; i < nfiles; i++) {
		uint32_t k = sf[i].sl.slice;
		if (owner[k]) {
			snprintf(why, sizeof(why), "slice %u/%u given twice (%s and %s)", k, n, owner[k], files[i]);
			goto refuse;
		}
		owner[k] = files[i];
	}
	for (uint32_t k = 0; k < n; k++) {
		if (!owner[k]) {
			snprintf(why, sizeof(why), "slice %u/%u missing", k, n);
			goto refuse;
		}
	}

	const mf_enum_scope *scope = &sf[0].scope;
	printf("mapfuzz prove --merge: depth %u, %u adapter%s, %u bus%s, %u window%s per bus, platform classes %s, "
	       "%u slice%s\n",
	       scope->depth, scope->adapters, scope->adapters == 1 ? "" : "s", scope->buses,
	       scope->buses == 1 ? "" : "es", scope->windows, scope->windows == 1 ? "" : "s",
	       scope->no_classes ? "none" : "all", n, n == 1 ? "" : "s");
	uint64_t fail = NONE, crash = NONE, programs = 0, states = 0, ran = 0, runs = 0;
	int crash_signal = 0;
	for (int i = 0; i < nfiles; i++) {
		fail = sf[i].fail < fail ? sf[i].fail : fail;
		if (sf[i].crash < crash) {
			crash = sf[i].crash;
			crash_signal = sf[i].crash_signal;
		}
		programs = sf[i].programs > programs ? sf[i].programs : programs;
		states = sf[i].states > states ? sf[i].states : states;
		ran += sf[i].ran;
		runs += sf[i].runs;
	}
	if (crash != NONE && crash < fail) {
		printf("verdict: fails\n");
		rc = prove_report_crash(scope, crash, crash_signal);
	} else if (fail != NONE) {
		/* Each slice stopped at its own first failure: the lowest of
		 * those is the lowest failing index of the scope. */
		printf("verdict: fails\n");
		rc = prove_report_failure(scope, fail);
	} else if (ran != programs) {
		snprintf(why, sizeof(why), "the slices ran %" PRIu64 " programs, the scope has %" PRIu64, ran,
			 programs);
		goto refuse;
	} else {
		printf("cases: %" PRIu64 " programs, %" PRIu64 " runs (every fault position included)\n", programs,
		       runs);
		printf("states: %" PRIu64 " distinct states probed\n", states);
		printf("verdict: holds\n");
		rc = 0;
	}
	free(owner);
	free(sf);
	return rc;
refuse:
	fprintf(stderr, "mapfuzz: prove --merge: %s\n", why);
	free(owner);
	free(sf);
	return 2;
}
