/* mapfuzz-driver: the runner binary of one driver (out/drivers/<name>/),
 * built by the Makefile from the driver's files, the kit, the runner, the
 * platform and the renamed reference core.
 *
 *   mapfuzz-driver run FILE...     each program as written (its own fault plan);
 *                                  exit 1 when a deviation is found
 *   mapfuzz-driver sweep FILE...   each under every fault position
 *   mapfuzz-driver asm FILE.mfd    the program's bytes on stdout
 *   mapfuzz-driver explain FILE    the program's text
 *   mapfuzz-driver batch --where F --start K [--nth N] FILE...   for review --driver
 *
 * Findings print as docs/CONTRACT.md says, with the driver's line as an
 * offset into this binary ("pc +0x..."), which review symbolises. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "driver/runner.h"

#if defined(__SANITIZE_ADDRESS__)
#define DV_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DV_ASAN 1
#endif
#endif
#ifdef DV_ASAN
#include <sanitizer/asan_interface.h>
#endif


static uintptr_t offset_of(const dv_finding *f)
{
	if (!f->pc)
		return 0;
	return f->pc - dv_image_base - (f->pc_exact ? 0 : 1);
}

static void print_finding(FILE *out, const dv_finding *f, const char *prefix)
{
	fprintf(out, "%smapfuzz-driver: %s %s at op #%u -- %s (clause %s) [pc +0x%" PRIxPTR "]\n", prefix, f->id,
		f->warning ? "warning" : "violated", f->op_index, f->detail, dv_clause_keys[f->clause], offset_of(f));
}

static int usage(void)
{
	fprintf(stderr, "usage: mapfuzz-driver run|sweep|explain FILE... | asm FILE | batch --where F --start K FILE...\n");
	return 2;
}

static int cmd_run(int argc, char **argv, bool sweep)
{
	int rc = 0;
	for (int i = 0; i < argc; i++) {
		static dv_program p;
		char err[300];
		if (!dv_load_file(argv[i], &p, err, sizeof(err))) {
			fprintf(stderr, "mapfuzz-driver: %s\n", err);
			rc = 2;
			continue;
		}
		if (sweep) {
			static dv_sweep_result s;
			dv_sweep(&p, 0, 4096, NULL, &s);
			printf("%s: %u runs, %u finding%s\n", argv[i], s.runs, s.nfound, s.nfound == 1 ? "" : "s");
			for (uint32_t k = 0; k < s.nfound; k++) {
				char pre[32];
				if (s.nth2[k])
					snprintf(pre, sizeof(pre), "  (fault nth %u %u) ", s.nth[k], s.nth2[k]);
				else
					snprintf(pre, sizeof(pre), "  (fault nth %u) ", s.nth[k]);
				print_finding(stdout, &s.found[k], pre);
				if (!s.found[k].warning && rc < 1)
					rc = 1;
			}
		} else {
			static dv_result r;
			dv_run(&p, NULL, &r);
			printf("%s: %u fallible call%s, %u fault%s injected\n", argv[i], r.calls, r.calls == 1 ? "" : "s",
			       r.fired, r.fired == 1 ? "" : "s");
			for (uint32_t k = 0; k < r.nfindings; k++) {
				print_finding(stdout, &r.f[k], "");
				if (!r.f[k].warning && rc < 1)
					rc = 1;
			}
		}
	}
	return rc;
}

/* ---- batch: the review's protocol ----
 * stdout: "F\tcase\tnth\tnth2\tID\tclause\twarning\tpc\top\tcount\tdetail" per
 * distinct finding of a case, "D\tcase\truns\tclauses" when a case is done.
 * The where file (shared memory) says where a run is, for a death. */

static dv_where *shared_where;

#ifdef DV_ASAN
/* An ASan report on a mapping's poisoned tail or a guard: the parent
 * takes this line over the sanitizer's kind. */
static void asan_death(void)
{
	if (!shared_where)
		return;
	uintptr_t addr = (uintptr_t)__asan_get_report_address();
	char detail[DV_DETAIL], line[400];
	const char *id = addr ? dv_rt_classify(addr, detail, sizeof(detail)) : NULL;
	if (!id)
		return;
	int n = snprintf(line, sizeof(line), "X\t%s\t%s (raw access)\n", id, detail);
	if (n > 0 && write(1, line, (size_t)n) < 0)
		return;
}
#endif

static int cmd_batch(int argc, char **argv)
{
	const char *where = NULL;
	unsigned long start = 0, nth = 0;
	int i = 0;
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "--where") == 0)
			where = argv[i + 1];
		else if (strcmp(argv[i], "--start") == 0)
			start = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--nth") == 0)
			nth = strtoul(argv[i + 1], NULL, 10);
		else
			return usage();
	}
	if (!where)
		return usage();
	int fd = open(where, O_RDWR);
	if (fd < 0 || ftruncate(fd, sizeof(dv_where)) != 0)
		return fprintf(stderr, "mapfuzz-driver: %s: %s\n", where, strerror(errno)), 2;
	shared_where = mmap(NULL, sizeof(dv_where), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (shared_where == MAP_FAILED)
		return fprintf(stderr, "mapfuzz-driver: mmap %s: %s\n", where, strerror(errno)), 2;
#ifdef DV_ASAN
	__asan_set_death_callback(asan_death);
#endif
	for (unsigned long k = start; k < (unsigned long)(argc - i); k++) {
		static dv_program p;
		char err[300];
		shared_where->case_index = k;
		if (!dv_load_file(argv[i + (int)k], &p, err, sizeof(err))) {
			printf("E\t%lu\t%s\n", k, err);
			fflush(stdout);
			continue;
		}
		static dv_sweep_result s;
		dv_sweep(&p, k == start ? (uint32_t)nth : 0, 4096, shared_where, &s);
		for (uint32_t j = 0; j < s.nfound; j++) {
			const dv_finding *f = &s.found[j];
			printf("F\t%lu\t%u\t%u\t%s\t%s\t%d\t0x%" PRIxPTR "\t%u\t%u\t%s\n", k, s.nth[j], s.nth2[j], f->id,
			       dv_clause_keys[f->clause], f->warning, offset_of(f), f->op_index, f->count, f->detail);
		}
		printf("D\t%lu\t%u\t%u\n", k, s.runs, s.clauses);
		fflush(stdout);
	}
	shared_where->case_index = UINT64_MAX;
	fflush(NULL);
	_exit(0); /* no leak check of what a driver leaked into the kit */
}

static int commands(int argc, char **argv);

/* What the driver leaks is the ledger's finding, not LeakSanitizer's:
 * the runner ends with _exit (stdout flushed first). */
int main(int argc, char **argv)
{
	int rc = commands(argc, argv);
	fflush(NULL);
	_exit(rc);
}

static int commands(int argc, char **argv)
{
	dv_runner_init();
	if (argc < 3)
		return usage();
	const char *cmd = argv[1];
	if (strcmp(cmd, "run") == 0)
		return cmd_run(argc - 2, argv + 2, false);
	if (strcmp(cmd, "sweep") == 0)
		return cmd_run(argc - 2, argv + 2, true);
	if (strcmp(cmd, "batch") == 0)
		return cmd_batch(argc - 2, argv + 2);
	if (strcmp(cmd, "asm") == 0 || strcmp(cmd, "explain") == 0) {
		int rc = 0;
		for (int i = 2; i < argc; i++) {
			static dv_program p;
			char err[300];
			if (!dv_load_file(argv[i], &p, err, sizeof(err))) {
				fprintf(stderr, "mapfuzz-driver: %s\n", err);
				rc = 2;
				continue;
			}
			if (cmd[0] == 'e') {
				dv_write_text(stdout, &p);
				continue;
			}
			if (isatty(1))
				return fprintf(stderr, "mapfuzz-driver: asm writes binary: redirect stdout to a file\n"), 2;
			static uint8_t buf[1 << 16];
			size_t n = dv_encode(&p, buf, sizeof(buf));
			if (n > sizeof(buf) || fwrite(buf, 1, n, stdout) != n)
				rc = 2;
		}
		return rc;
	}
	return usage();
}
