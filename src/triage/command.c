/* mapfuzz triage: replay crash files in child processes, bucket them,
 * minimise one representative per bucket and write reproducers and
 * reports (docs/TRIAGE.md).  The command: options, inputs, buckets and the
 * summary lines; the pieces are in src/triage*.c (src/triage.h). */
#define _DEFAULT_SOURCE /* realpath, mkdtemp */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "program/load.h"
#include "program/script.h"
#include "triage.h"

static bool find_root(void);
/* ---- the command ---- */

void triage_sanitizer_env(void)
{
	char asan[1024], ubsan[1024];
	const char *ua = getenv("ASAN_OPTIONS"), *uu = getenv("UBSAN_OPTIONS");
	snprintf(asan, sizeof(asan), "%s%ssymbolize=1:detect_leaks=1", ua ? ua : "", ua && *ua ? ":" : "");
	snprintf(ubsan, sizeof(ubsan), "%s%sprint_stacktrace=1:report_error_type=1:halt_on_error=1", uu ? uu : "",
		 uu && *uu ? ":" : "");
	setenv("ASAN_OPTIONS", asan, 1);
	setenv("UBSAN_OPTIONS", ubsan, 1);
}

bool triage_init_self(void)
{
	ssize_t n = readlink("/proc/self/exe", triage.self, sizeof(triage.self) - 1);
	if (n <= 0)
		return false;
	triage.self[n] = '\0';
	triage_dir_of(triage.self, triage.self_dir, sizeof(triage.self_dir));
	return find_root();
}

static bool find_root(void)
{
	char dir[PATH_MAX];
	triage_copy(dir, sizeof(dir), triage.self_dir);
	for (int depth = 0; depth < 6; depth++) {
		char mk[PATH_MAX + 32], core[PATH_MAX + 32];
		snprintf(mk, sizeof(mk), "%s/Makefile", dir);
		snprintf(core, sizeof(core), "%s/src/core/core_ref.c", dir);
		if (triage_is_file(mk) && triage_is_file(core)) {
			triage_copy(triage.root, sizeof(triage.root), dir);
			return true;
		}
		char up[PATH_MAX];
		triage_dir_of(dir, up, sizeof(up));
		if (strcmp(up, dir) == 0)
			break;
		triage_copy(dir, sizeof(dir), up);
	}
	return getcwd(triage.root, sizeof(triage.root)) != NULL;
}

/* The core and the .c files it includes (a wrapper core may be
 * a few definitions and `#include "vendor_impl.c"`). */
void triage_set_core(const char *core)
{
	triage_copy(triage.core, sizeof(triage.core), core);
	triage.ncore_files = 0;
	triage_copy(triage.core_files[triage.ncore_files++], PATH_MAX, core);
	char *text = triage_read_text(core, 1 << 20);
	char dir[PATH_MAX];
	triage_dir_of(core, dir, sizeof(dir));
	for (char *p = text; p && (p = strstr(p, "#include \"")) != NULL && triage.ncore_files < 4; p++) {
		char name[PATH_MAX], joined[PATH_MAX * 2 + 2], real[PATH_MAX];
		if (sscanf(p, "#include \"%4000[^\"]\"", name) != 1)
			continue;
		size_t n = strlen(name);
		if (n < 2 || strcmp(name + n - 2, ".c") != 0)
			continue;
		snprintf(joined, sizeof(joined), "%s/%s", dir, name);
		if (realpath(joined, real))
			triage_copy(triage.core_files[triage.ncore_files++], PATH_MAX, real);
	}
	free(text);
}

int triage_build_and_reexec(const char *command, const char *core, int argc, char **argv)
{
	char name[256];
	mf_core_name(core, name, sizeof(name));
	char out[PATH_MAX + 300], obj[PATH_MAX + 32], mapfuzz[PATH_MAX + 400], fuzz[PATH_MAX + 400];
	snprintf(out, sizeof(out), "%s/cores/%s", triage.self_dir, name);
	snprintf(obj, sizeof(obj), "%s/obj", triage.self_dir);
	snprintf(mapfuzz, sizeof(mapfuzz), "%s/mapfuzz", out);
	snprintf(fuzz, sizeof(fuzz), "%s/fuzz_map", out);
	fprintf(stderr, "mapfuzz %s: building %s and %s against %s\n", command, triage_rel(mapfuzz), triage_rel(fuzz),
		triage_rel(core));
	const char *targets[] = {mapfuzz, fuzz, NULL};
	mf_core_build b = {.root = triage.root, .out = out, .obj = obj, .core = core, .targets = targets};
	if (mf_build_core(command, &b) != 0)
		return 2;
	char **nargv = calloc((size_t)argc + 4, sizeof(char *));
	if (!nargv)
		return 2;
	int k = 0;
	nargv[k++] = mapfuzz;
	nargv[k++] = (char *)command;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--core") == 0) {
			nargv[k++] = "--core-built";
			nargv[k++] = (char *)core;
			/* The reports name a core outside the repository as given. */
			nargv[k++] = "--core-given";
			nargv[k++] = argv[++i];
		} else {
			nargv[k++] = argv[i];
		}
	}
	nargv[k] = NULL;
	fflush(stdout);
	execv(mapfuzz, nargv);
	fprintf(stderr, "mapfuzz: %s: cannot run %s: %s\n", command, mapfuzz, strerror(errno));
	return 2;
}

int triage_make_dirs(const char *path)
{
	char buf[PATH_MAX];
	triage_copy(buf, sizeof(buf), path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	return mkdir(buf, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

static void remove_tmp(void)
{
	DIR *d = opendir(triage.tmp);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			char p[PATH_MAX * 2];
			snprintf(p, sizeof(p), "%s/%s", triage.tmp, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(triage.tmp);
}

/* Buckets by key, in order of first appearance. */
static void bucket_inputs(void)
{
	for (int i = 0; i < triage.ninputs; i++) {
		input *in = &triage.inputs[i];
		if (in->problem || !in->v[0].key[0])
			continue;
		int b;
		for (b = 0; b < triage.nbuckets; b++)
			if (strcmp(triage.buckets[b].key, in->v[0].key) == 0)
				break;
		if (b == triage.nbuckets) {
			if (triage.nbuckets >= MAX_BUCKETS)
				continue;
			bucket *nb = &triage.buckets[triage.nbuckets++];
			memset(nb, 0, sizeof(*nb));
			triage_copy(nb->key, sizeof(nb->key), in->v[0].key);
			nb->v = in->v[0];
			nb->rep = i;
		}
		bucket *bk = &triage.buckets[b];
		in->bucket = b;
		bk->count++;
		bk->flaky |= in->flaky;
		if (in->size < triage.inputs[bk->rep].size) {
			bk->rep = i;
			bk->v = in->v[0];
		}
	}
}

int mf_cmd_triage(int argc, char **argv)
{
	const char *core = NULL, *core_built = NULL, *outdir = "out/triage";
	uint32_t timeout = 10, budget = 2000;
	memset(&triage, 0, sizeof(triage));
	char **paths = calloc((size_t)argc + 1, sizeof(char *));
	int npaths = 0;
	if (!paths)
		return 2;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has = i + 1 < argc;
		if (strcmp(a, "--core") == 0 && has) {
			core = argv[++i];
		} else if (strcmp(a, "--core-built") == 0 && has) {
			core_built = argv[++i];
		} else if (strcmp(a, "--core-given") == 0 && has) {
			triage_copy(triage.core_given, sizeof(triage.core_given), argv[++i]);
		} else if (strcmp(a, "--out") == 0 && has) {
			outdir = argv[++i];
		} else if (strcmp(a, "--timeout") == 0 && has) {
			if (!mf_parse_u32(argv[++i], &timeout) || timeout == 0 || timeout > 3600)
				return free(paths), mf_usage_error("%s", "--timeout takes 1..3600 seconds");
		} else if (strcmp(a, "--budget") == 0 && has) {
			if (!mf_parse_u32(argv[++i], &budget))
				return free(paths), mf_usage_error("%s", "--budget takes a number of tries");
		} else if (a[0] == '-' && a[1] == '-') {
			free(paths);
			return mf_usage_error("unknown or incomplete option %s", a);
		} else {
			paths[npaths++] = argv[i];
		}
	}
	if (npaths == 0) {
		free(paths);
		return mf_usage_error("%s", "usage: mapfuzz triage PATH... [--core FILE] [--out DIR] [--timeout SECONDS]");
	}
	triage.timeout = timeout;
	triage.budget = budget;
	if (!triage_init_self()) {
		free(paths);
		return fprintf(stderr, "mapfuzz: triage: cannot find its own binary\n"), 2;
	}

	if (core || core_built) {
		char real[PATH_MAX];
		if (!realpath(core ? core : core_built, real)) {
			fprintf(stderr, "mapfuzz: triage: core %s: %s\n", core ? core : core_built, strerror(errno));
			free(paths);
			return 2;
		}
		if (core) {
			int rc = triage_build_and_reexec("triage", real, argc, argv);
			free(paths);
			return rc;
		}
		triage_set_core(real);
	} else {
		char def[PATH_MAX + 32];
		snprintf(def, sizeof(def), "%s/src/core/core_ref.c", triage.root);
		if (triage_is_file(def))
			triage_set_core(def);
	}
	snprintf(triage.target, sizeof(triage.target), "%s/fuzz_map", triage.self_dir);
	if (access(triage.target, X_OK) != 0) {
		fprintf(stderr, "mapfuzz: triage: no target %s (build it: make fuzz)\n", triage.target);
		free(paths);
		return 2;
	}
	if (triage_make_dirs(outdir) != 0 || !realpath(outdir, triage.outdir)) {
		fprintf(stderr, "mapfuzz: triage: cannot create %s: %s\n", outdir, strerror(errno));
		free(paths);
		return 2;
	}
	const char *tmpdir = getenv("TMPDIR");
	snprintf(triage.tmp, sizeof(triage.tmp), "%s/mapfuzz-triage.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(triage.tmp)) {
		fprintf(stderr, "mapfuzz: triage: cannot make a temporary directory\n");
		free(paths);
		return 2;
	}
	triage_sanitizer_env();

	triage.inputs = calloc(MAX_INPUTS, sizeof(input));
	triage.buckets = calloc(MAX_BUCKETS, sizeof(bucket));
	if (!triage.inputs || !triage.buckets) {
		free(paths);
		return 2;
	}
	for (int i = 0; i < npaths; i++)
		triage_collect(paths[i]);
	free(paths);

	for (int i = 0; i < triage.ninputs; i++) {
		input *in = &triage.inputs[i];
		if (in->problem) {
			printf("ERROR %s: %s\n", in->path, in->note);
			continue;
		}
		if (!triage_prepare(in, i)) {
			in->problem = true;
			printf("ERROR %s: %s\n", in->path, in->note);
			continue;
		}
		triage_replay_input(in);
		if (in->v[0].key[0])
			printf("FOUND %s: %s%s\n", in->path, in->v[0].key, in->flaky ? " (not deterministic)" : "");
		else
			printf("NO-REPRO %s: does not reproduce\n", in->path);
		fflush(stdout);
	}
	bucket_inputs();
	for (int i = 0; i < triage.nbuckets; i++) {
		triage_process_bucket(i);
		const bucket *b = &triage.buckets[i];
		printf("BUCKET %d %s: %d input%s, minimal %u op%s -> %s/bucket-%d.mfs\n", i + 1, b->key, b->count,
		       b->count == 1 ? "" : "s", b->minimal.nops, b->minimal.nops == 1 ? "" : "s", outdir, i + 1);
		fflush(stdout);
	}
	/* All three are attempted; any that failed makes the run an error. */
	bool reports = triage_write_report_md();
	reports = triage_write_json() && reports;
	reports = triage_write_sarif() && reports;
	remove_tmp();
	int replayed = 0;
	for (int i = 0; i < triage.ninputs; i++)
		replayed += !triage.inputs[i].problem;
	printf("triage: %d input%s, %d replayed, %d bucket%s; report %s/report.md\n", triage.ninputs,
	       triage.ninputs == 1 ? "" : "s", replayed, triage.nbuckets, triage.nbuckets == 1 ? "" : "s", outdir);
	free(triage.inputs);
	free(triage.buckets);
	if (triage.path_errors || !reports)
		return 2;
	return triage.nbuckets ? 1 : 0;
}
