/* out/mapfuzz: the command-line tool.  Each command is a function; bad
 * input gets one line on stderr and a non-zero exit (2 for usage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "program/load.h"
#include "oracle/harness.h"
#include "program/script.h"

int mf_usage_error(const char *fmt, const char *arg)
{
	fputs("mapfuzz: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (try 'mapfuzz help')\n", stderr);
	return 2;
}

bool mf_parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);
	if (!*s || *end || s[0] == '-' || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static int cmd_asm(int argc, char **argv)
{
	if (argc != 2)
		return mf_usage_error("%s", "usage: mapfuzz asm SCRIPT > BIN");
	mf_program p;
	char err[300];
	uint8_t *data;
	size_t size;
	if (!mf_read_file(argv[1], &data, &size, err, sizeof(err)))
		return fprintf(stderr, "mapfuzz: %s\n", err), 1;
	char why[200];
	int rc = mf_script_parse((const char *)data, size, &p, why, sizeof(why));
	free(data);
	if (rc != 0)
		return fprintf(stderr, "mapfuzz: %s: %s\n", argv[1], why), 1;
	if (isatty(STDOUT_FILENO))
		return mf_usage_error("%s", "asm writes binary: redirect stdout to a file");
	uint8_t bytes[MF_PROGRAM_MAX_BYTES];
	size_t n = mf_program_encode(&p, bytes);
	if (fwrite(bytes, 1, n, stdout) != n || fflush(stdout) != 0)
		return fprintf(stderr, "mapfuzz: write error\n"), 1;
	return 0;
}

/* --known FILE: the known-deviation list (src/oracle/known.h). */
int mf_load_known(const char *path, mf_known *known)
{
	char err[300];
	uint8_t *data;
	size_t size;
	if (!mf_read_file(path, &data, &size, err, sizeof(err)))
		return fprintf(stderr, "mapfuzz: %s\n", err), 2;
	bool ok = mf_known_parse((const char *)data, size, known, err, sizeof(err));
	free(data);
	if (!ok)
		return fprintf(stderr, "mapfuzz: %s: %s\n", path, err), 2;
	return 0;
}

/* Options shared by explain, replay and sweep: --keep-going records every
 * distinct violation, --known FILE names deviations not to report (and
 * implies --keep-going).  explain and replay also take --fail-nth N and
 * --clauses (name the clause keys the run exercised). */
static int parse_run_options(int *argc, char **argv, mf_run_options *opt, bool nth_allowed)
{
	static mf_known known;
	int kept = 1;
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--keep-going") == 0) {
			opt->keep_going = true;
		} else if (nth_allowed && strcmp(argv[i], "--clauses") == 0) {
			opt->clauses = true;
		} else if (strcmp(argv[i], "--known") == 0) {
			if (i + 1 >= *argc)
				return mf_usage_error("%s", "--known takes a file");
			int rc = mf_load_known(argv[++i], &known);
			if (rc)
				return rc;
			opt->known = &known;
			opt->keep_going = true;
		} else if (nth_allowed && strcmp(argv[i], "--fail-nth") == 0) {
			if (i + 1 >= *argc || !mf_parse_u32(argv[i + 1], &opt->plan.nth))
				return mf_usage_error("%s", "--fail-nth takes a number");
			opt->override_plan = true;
			opt->plan.mode = MF_FAULT_NTH;
			i++;
		} else if (strcmp(argv[i], "--save") == 0 || strcmp(argv[i], "--max-runs") == 0) {
			argv[kept++] = argv[i]; /* sweep's own, with their value */
			if (i + 1 < *argc)
				argv[kept++] = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			return mf_usage_error("unknown option %s", argv[i]);
		} else {
			argv[kept++] = argv[i];
		}
	}
	*argc = kept;
	return 0;
}

/* --clauses: the situations of docs/CONTRACT.md the run put the core in. */
static void print_clauses(FILE *f, const char *prefix, const mf_run_options *opt, const mf_verdict *v)
{
	if (!opt->clauses)
		return;
	fprintf(f, "%sclauses:", prefix);
	for (int k = 0; k < MF_CLAUSE_COUNT; k++)
		if (v->clauses & ((uint64_t)1 << k))
			fprintf(f, " %s", mf_clause_keys[k]);
	fputc('\n', f);
}

/* Keep-going: where the model began to follow the core. */
static void print_resync(FILE *f, const mf_verdict *v)
{
	if (v->resyncs)
		fprintf(f, "  keep-going: the model followed the core's state from op #%u (%u operation%s)\n",
			v->first_resync, v->resyncs, v->resyncs == 1 ? "" : "s");
	if (v->known_hits)
		fprintf(f, "  known: %u violation%s on the known list\n", v->known_hits, v->known_hits == 1 ? "" : "s");
	if (v->findings_dropped)
		fprintf(f, "  and %u more distinct finding%s not kept\n", v->findings_dropped,
			v->findings_dropped == 1 ? "" : "s");
}

static int cmd_explain(int argc, char **argv)
{
	mf_run_options opt = {0};
	int rc = parse_run_options(&argc, argv, &opt, true);
	if (rc)
		return rc;
	if (argc != 2)
		return mf_usage_error("%s", "usage: mapfuzz explain [--fail-nth N] [--keep-going] [--known FILE] [--clauses] FILE");
	mf_program p;
	char err[300];
	if (!mf_load_program(argv[1], &p, err, sizeof(err)))
		return fprintf(stderr, "mapfuzz: %s\n", err), 1;
	printf("# mapfuzz explain %s\n", argv[1]);
	mf_script_write(stdout, &p);
	printf("# ---- trace%s ----\n", opt.override_plan ? " (plan overridden by --fail-nth)" : "");
	opt.trace = stdout;
	mf_verdict v;
	bool held = mf_run(&p, &opt, &v);
	if (held) {
		printf("# verdict: every invariant held (%u ops, %u fallible calls, %u faults fired)\n", v.ops_run,
		       v.fallible_calls, v.faults_fired);
	} else {
		for (uint32_t i = 0; i < v.nfindings; i++) {
			fputs("# verdict: ", stdout);
			mf_finding_print(stdout, &v.findings[i]);
		}
		print_resync(stdout, &v);
	}
	print_clauses(stdout, "# ", &opt, &v);
	return held ? 0 : 1;
}

/* The files of replay or sweep, run one by one by mf_isolated_each. */
typedef struct {
	char **files;
	const mf_run_options *opt;
	uint32_t max_runs; /* sweep */
	const char *save;  /* sweep --save */
} file_job;

/* An unreadable or malformed file is its own ERROR line, status 2. */
static bool load_job(const char *file, mf_program *p)
{
	char err[300];
	if (mf_load_program(file, p, err, sizeof(err)))
		return true;
	printf("ERROR %s\n", err);
	return false;
}

static int replay_one(void *ctx, int index, mf_isolated_slot *slot)
{
	const file_job *j = ctx;
	const char *file = j->files[index];
	mf_program p;
	if (!load_job(file, &p))
		return 2;
	mf_run_options opt = *j->opt;
	opt.where = &slot->where;
	int status = 0;
	mf_verdict v;
	if (mf_run(&p, &opt, &v)) {
		printf("PASS %s: %u ops, %u fallible calls, %u faults fired\n", file, v.ops_run, v.fallible_calls,
		       v.faults_fired);
	} else {
		for (uint32_t k = 0; k < v.nfindings; k++) {
			printf("FAIL %s: ", file);
			mf_finding_print(stdout, &v.findings[k]);
		}
		print_resync(stdout, &v);
		status = 1;
	}
	print_clauses(stdout, "  ", &opt, &v);
	return status;
}

static int cmd_replay(int argc, char **argv)
{
	mf_run_options opt = {0};
	int rc = parse_run_options(&argc, argv, &opt, true);
	if (rc)
		return rc;
	if (argc < 2)
		return mf_usage_error("%s", "usage: mapfuzz replay [--fail-nth N] [--keep-going] [--known FILE] [--clauses] FILE...");
	file_job job = {argv + 1, &opt, 0, NULL};
	uint64_t runs, fired;
	return mf_isolated_each(argv + 1, argc - 1, replay_one, &job, &runs, &fired);
}

/* The one-file reproducer of a sweep finding: the failing position becomes
 * the program's own plan, and re-arming operations (ignored by the sweep)
 * are dropped. */
static void sweep_reproducer(const mf_program *p, uint32_t nth, mf_program *out)
{
	*out = *p;
	out->plan = (mf_fault_plan){.mode = MF_FAULT_NTH, .nth = nth};
	out->nops = 0;
	for (uint32_t i = 0; i < p->nops; i++)
		if (p->ops[i].code != OP_ARM)
			out->ops[out->nops++] = p->ops[i];
}

static bool save_reproducer(const char *save, const char *file, const mf_program *p, uint32_t nth)
{
	const char *base = strrchr(file, '/');
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.nth%u.mfs", save, base ? base + 1 : file, nth);
	FILE *f = fopen(path, "w");
	if (!f) {
		printf("ERROR cannot write %s\n", path);
		return false;
	}
	mf_program repro;
	sweep_reproducer(p, nth, &repro);
	mf_script_write(f, &repro);
	bool ok = fclose(f) == 0;
	printf(ok ? "  reproducer: %s\n" : "ERROR cannot write %s\n", path);
	return ok;
}

/* sweep --keep-going: every position, every distinct finding. */
static int sweep_keep_going(const char *file, const mf_program *p, uint32_t max_runs, const mf_run_options *opt,
			    const char *save, uint64_t *runs, uint64_t *fired)
{
	static mf_sweep_all_result res;
	bool held = mf_sweep_all(p, max_runs, opt, &res);
	*runs += res.runs;
	*fired += res.faults_fired;
	int status = held ? 0 : 1;
	if (held)
		printf("PASS %s: %u runs, %u faults fired\n", file, res.runs, res.faults_fired);
	for (uint32_t k = 0; k < res.nfound; k++) {
		printf("FAIL %s: fail_nth: %u: ", file, res.nth[k]);
		mf_finding_print(stdout, &res.found[k]);
		if (save && res.nth[k] > 0 && !save_reproducer(save, file, p, res.nth[k]))
			status = 2;
	}
	if (res.known_hits)
		printf("  known: %u violation%s on the known list\n", res.known_hits, res.known_hits == 1 ? "" : "s");
	return status;
}

static int sweep_one(void *ctx, int index, mf_isolated_slot *slot)
{
	const file_job *j = ctx;
	const char *file = j->files[index];
	mf_program p;
	if (!load_job(file, &p))
		return 2;
	if (j->opt->keep_going) {
		mf_run_options opt = *j->opt;
		opt.where = &slot->where;
		return sweep_keep_going(file, &p, j->max_runs, &opt, j->save, &slot->runs, &slot->faults_fired);
	}
	int status = 0;
	mf_sweep_result res;
	bool held = mf_sweep(&p, j->max_runs, &res);
	slot->runs = res.runs;
	slot->faults_fired = res.faults_fired;
	if (held) {
		printf("PASS %s: %u runs, %u faults fired\n", file, res.runs, res.faults_fired);
	} else {
		printf("FAIL %s: fail_nth: %u: ", file, res.failing_nth);
		mf_verdict_print(stdout, &res.first);
		status = 1;
		if (j->save && !save_reproducer(j->save, file, &p, res.failing_nth))
			status = 2;
	}
	return status;
}

static int cmd_sweep(int argc, char **argv)
{
	const char *save = NULL;
	uint32_t max_runs = 65535;
	mf_run_options opt = {0};
	int rc = parse_run_options(&argc, argv, &opt, false);
	if (rc)
		return rc;
	int kept = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--save") == 0 && i + 1 < argc) {
			save = argv[++i];
		} else if (strcmp(argv[i], "--max-runs") == 0 && i + 1 < argc) {
			if (!mf_parse_u32(argv[++i], &max_runs) || max_runs == 0 || max_runs > 65535)
				return mf_usage_error("%s", "--max-runs takes 1..65535");
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			return mf_usage_error("unknown or incomplete option %s", argv[i]);
		} else {
			argv[kept++] = argv[i];
		}
	}
	if (kept < 2)
		return mf_usage_error("%s", "usage: mapfuzz sweep [--save DIR] [--max-runs N] [--keep-going] [--known FILE] FILE...");
	file_job job = {argv + 1, &opt, max_runs, save};
	uint64_t runs, fired;
	int status = mf_isolated_each(argv + 1, kept - 1, sweep_one, &job, &runs, &fired);
	printf("sweep: %d file%s, %llu runs, %llu faults fired\n", kept - 1, kept == 2 ? "" : "s",
	       (unsigned long long)runs, (unsigned long long)fired);
	return status;
}

static int cmd_help(int argc, char **argv);

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{"asm", cmd_asm, "asm SCRIPT > BIN            assemble a script into canonical bytes"},
	{"explain", cmd_explain, "explain [--fail-nth N] FILE  print the script and a trace of every operation"},
	{"replay", cmd_replay, "replay [--fail-nth N] FILE... run inputs with every check, one verdict per file"},
	{"sweep", cmd_sweep, "sweep [--save DIR] FILE...   fail the Nth fallible call for N = 1, 2, ..."},
	{"  ", NULL, "  explain, replay, sweep: --keep-going (every distinct violation), --known FILE (skip those);\n"
		   "  explain, replay: --clauses (the clause keys the run exercised)"},
	{"triage", mf_cmd_triage, "triage PATH... [--core FILE] [--out DIR] [--timeout S]  bucket, minimise and report crashes"},
	{"review", mf_cmd_review, "review [--core FILE] [--out DIR] [--time S] [--jobs N] [--known FILE]  every deviation of a core, each with a minimal reproducer (docs/REVIEW.md)"},
	{"  ", NULL, "review --driver DIR [--out DIR] [--known FILE] [--file F.c]... [--time S]  a miniport driver's calls under every fault, then S s of fuzz_driver (docs/DRIVERS.md)"},
	{"prove", mf_cmd_prove, "prove [--depth K] [--adapters A] [--buses B] [--windows W] [--jobs N] [--core FILE] [--shard I/N [--out FILE]] | prove --merge FILE...  every program of a bounded scope, every fault position (docs/PROVE.md)"},
	{"help", cmd_help, "help                         this list"},
};

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	puts("usage: mapfuzz COMMAND [ARGS]\n(FILE: a script when it ends in .mfs, else fuzz_map bytes)");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %s\n", commands[i].usage);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return mf_usage_error("%s", "no command");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].run && strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	return mf_usage_error("unknown command '%s'", argv[1]);
}
