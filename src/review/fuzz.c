/* The review's campaign: libFuzzer's fuzz_map of the same core, with every
 * row found so far known (MAPFUZZ_KNOWN), so that an input which only
 * repeats one is no crash.  A process that stops on something new is
 * restarted once its artifacts are rows too, until the time is up.  The
 * corpus is the core's own (work/fuzz_map-libfuzzer-<core>/): a campaign on
 * one core never shrinks another's. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "program/load.h"
#include "review.h"

enum { MAX_JOBS = 16, MAX_ARTIFACTS = 512 };

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool dir_empty(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return true;
	struct dirent *e;
	bool empty = true;
	while (empty && (e = readdir(d)) != NULL)
		empty = e->d_name[0] == '.';
	closedir(d);
	return empty;
}

static void seed(const rv_fuzz_plan *plan)
{
	for (uint32_t i = 0; i < plan->nseeds; i++) {
		static mf_program p;
		char err[300], path[PATH_MAX + 32];
		if (!mf_load_program(plan->seeds[i], &p, err, sizeof(err)))
			continue;
		uint8_t bytes[MF_PROGRAM_MAX_BYTES];
		size_t n = mf_program_encode(&p, bytes);
		snprintf(path, sizeof(path), "%s/seed-%03u", plan->corpus_dir, i);
		triage_write_bytes(path, bytes, n);
	}
}

static pid_t start(const char *target, const rv_fuzz_plan *plan, double left, const char *log)
{
	char a_time[64], a_art[PATH_MAX + 32], a_dict[PATH_MAX + 32], known[PATH_MAX + 32];
	snprintf(a_time, sizeof(a_time), "-max_total_time=%d", (int)(left + 0.5) > 0 ? (int)(left + 0.5) : 1);
	snprintf(a_art, sizeof(a_art), "-artifact_prefix=%s/fuzz/new/", plan->out_dir);
	snprintf(a_dict, sizeof(a_dict), "-dict=%s/corpus/fuzz_map.dict", triage.root);
	snprintf(known, sizeof(known), "%s/known.txt", plan->out_dir);
	fflush(NULL);
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	setenv("MAPFUZZ_KNOWN", known, 1);
	char *argv[] = {(char *)target, a_time, a_art, a_dict, "-max_len=1400", "-timeout=10",
			"-rss_limit_mb=2048", "-print_final_stats=1", (char *)plan->corpus_dir, NULL};
	if (access(a_dict + 6, R_OK) != 0)
		argv[3] = "-print_final_stats=1"; /* no dictionary: a harmless repeat */
	execv(target, argv);
	_exit(127);
}

static uint64_t execs_in(const char *log)
{
	char *text = triage_read_text(log, 1 << 22);
	const char *s = text ? strstr(text, "stat::number_of_executed_units: ") : NULL;
	uint64_t n = s ? strtoull(s + strlen("stat::number_of_executed_units: "), NULL, 10) : 0;
	free(text);
	return n;
}

/* New artifacts become cases (in children: they may crash the core), then
 * move to fuzz/seen/. */
static void take_artifacts(rv_table *t, const rv_fuzz_plan *plan, rv_fuzz_result *res)
{
	char dir[PATH_MAX + 16], seen[PATH_MAX + 16], log[PATH_MAX + 32];
	snprintf(dir, sizeof(dir), "%s/fuzz/new", plan->out_dir);
	snprintf(seen, sizeof(seen), "%s/fuzz/seen", plan->out_dir);
	snprintf(log, sizeof(log), "%s/logs/fuzz-artifacts.txt", plan->out_dir);
	static char *paths[MAX_ARTIFACTS];
	uint32_t n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && n < MAX_ARTIFACTS && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char from[PATH_MAX + 300], to[PATH_MAX + 300];
		snprintf(from, sizeof(from), "%s/%s", dir, e->d_name);
		snprintf(to, sizeof(to), "%s/%s", seen, e->d_name);
		if (rename(from, to) == 0)
			paths[n++] = strdup(to);
	}
	if (d)
		closedir(d);
	if (!n)
		return;
	uint32_t before = t->n;
	rv_batch b = {.phase = "fuzz", .paths = paths, .npaths = n, .log = log};
	rv_batch_result r;
	rv_run_batch(t, &b, &r);
	res->artifacts += n;
	res->new_rows += t->n - before;
	for (uint32_t i = 0; i < n; i++)
		free(paths[i]);
}

void rv_fuzz(rv_table *t, const rv_fuzz_plan *plan, rv_fuzz_result *res)
{
	memset(res, 0, sizeof(*res));
	char target[PATH_MAX + 16], sub[PATH_MAX + 16], known[PATH_MAX + 16];
	snprintf(target, sizeof(target), "%s/fuzz_map", triage.self_dir);
	if (plan->seconds <= 0) {
		snprintf(res->why_not, sizeof(res->why_not), "--time 0");
		return;
	}
	if (access(target, X_OK) != 0) {
		snprintf(res->why_not, sizeof(res->why_not), "no %s (make fuzz builds it)", triage_rel(target));
		return;
	}
	snprintf(sub, sizeof(sub), "%s/fuzz/new", plan->out_dir);
	bool dirs = triage_make_dirs(plan->corpus_dir) == 0 && triage_make_dirs(sub) == 0;
	snprintf(sub, sizeof(sub), "%s/fuzz/seen", plan->out_dir);
	dirs = dirs && triage_make_dirs(sub) == 0;
	snprintf(known, sizeof(known), "%s/known.txt", plan->out_dir);
	if (!dirs || !rv_table_write_known(t, known)) {
		snprintf(res->why_not, sizeof(res->why_not), "cannot write under %s", plan->out_dir);
		return;
	}
	if (dir_empty(plan->corpus_dir))
		seed(plan);
	res->ran = true;
	uint32_t jobs = plan->jobs < 1 ? 1 : plan->jobs > MAX_JOBS ? MAX_JOBS : plan->jobs;
	pid_t pids[MAX_JOBS] = {0};
	char logs[MAX_JOBS][PATH_MAX + 48];
	double t0 = now_s(), end = t0 + plan->seconds;
	uint32_t running = 0, serial = 0;
	for (;;) {
		for (uint32_t j = 0; j < jobs; j++) {
			double left = end - now_s();
			if (pids[j] || left < 1)
				continue;
			snprintf(logs[j], sizeof(logs[j]), "%s/logs/fuzz-%u.txt", plan->out_dir, serial++);
			pids[j] = start(target, plan, left, logs[j]);
			if (pids[j] < 0)
				pids[j] = 0;
			else
				running++;
		}
		if (!running)
			break;
		int status;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		for (uint32_t j = 0; j < jobs; j++) {
			if (pids[j] != pid)
				continue;
			pids[j] = 0;
			running--;
			res->execs += execs_in(logs[j]);
			bool stopped_early = end - now_s() >= 1;
			take_artifacts(t, plan, res);
			if (stopped_early) {
				res->restarts++;
				rv_table_write_known(t, known);
			}
		}
	}
	res->wall = now_s() - t0;
}
