/* A program of the scope that killed a job: the core tripped a sanitizer
 * (an ASan or UBSan report: in the ASan+UBSan build, the one `--core`
 * uses) or died of a signal.  It is a counterexample like any other.  Its
 * runs are made again in child processes, one child per attempt, with the
 * run in progress in shared memory (the fault position and the operation,
 * mf_where), so that the death is named (triage's classifier reads the
 * report), minimised while the core still dies the same death, and written
 * as a script whose plan is the run that dies.  A program the parent killed
 * for hanging (shard.c) hangs here too, and is named TIMEOUT. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oracle/harness.h"
#include "program/script.h"
#include "prove.h"
#include "triage/triage.h"

typedef struct {
	volatile uint32_t nth; /* the run being made: 0 fault-free, else the Nth call failed */
	mf_where where;        /* where that run was when it last called the core */
} run_slot;

/* Runs p fault-free, then with every fault position from the start until a
 * run fires no fault (faults in any operation, not R2's last one only: the
 * program stands alone now).  The child's stderr goes to `report`. */
static _Noreturn void child(const mf_program *p, run_slot *slot, FILE *report)
{
	if (report)
		dup2(fileno(report), STDERR_FILENO);
	alarm(PROGRAM_SECONDS); /* a core that hangs dies of SIGALRM */
	static mf_verdict v; /* big */
	mf_run_options opt = {.override_plan = true, .where = &slot->where};
	for (uint32_t n = 0; n <= MAX_SWEEP_RUNS; n++) {
		slot->nth = n;
		opt.plan = n ? (mf_fault_plan){.mode = MF_FAULT_NTH, .nth = n} : (mf_fault_plan){0};
		mf_run(p, &opt, &v);
		if (n > 0 && v.faults_fired == 0)
			break;
	}
	_exit(0); /* no exit handlers: a leak is the model's finding, not LSan's */
}

/* True when the core kills a child running p; *v names the death from its
 * report, which is left in `report`. */
static bool dies(const mf_program *p, run_slot *slot, FILE *report, verdict *v)
{
	memset(slot, 0, sizeof(*slot));
	rewind(report);
	if (ftruncate(fileno(report), 0) != 0)
		return false;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0)
		child(p, slot, report);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return false;
	enum { MAX_REPORT = 1 << 20 };
	static char text[MAX_REPORT + 1];
	rewind(report);
	size_t n = fread(text, 1, MAX_REPORT, report);
	text[n] = '\0';
	triage_classify(text, st, v);
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM) {
		v->kind = R_TIMEOUT;
		snprintf(v->id, sizeof(v->id), "TIMEOUT");
		snprintf(v->what, sizeof(v->what), "hang");
		snprintf(v->line, sizeof(v->line), "a run of the program took more than %d s", PROGRAM_SECONDS);
	}
	return true;
}

static bool same_death(const verdict *a, const verdict *b)
{
	return a->kind == b->kind && strcmp(a->what, b->what) == 0;
}

/* Greedy, as for a failure (counterexample.c): drop one operation at a
 * time, last first, while the core still dies the same death. */
static void minimise(mf_program *p, const verdict *want, run_slot *slot, FILE *report)
{
	static verdict v;
	bool changed = true;
	while (changed) {
		changed = false;
		for (uint32_t i = p->nops; i-- > 0;) {
			mf_program c = *p;
			memmove(&c.ops[i], &c.ops[i + 1], (c.nops - i - 1) * sizeof(mf_op));
			c.nops--;
			if (dies(&c, slot, report, &v) && same_death(&v, want)) {
				*p = c;
				changed = true;
			}
		}
	}
}

int prove_report_crash(const mf_enum_scope *scope, uint64_t index, int signal_number)
{
	mf_program p;
	if (!prove_fetch(scope, index, &p))
		return fprintf(stderr, "mapfuzz: program #%" PRIu64 " is not in the scope\n", index), 2;
	run_slot *slot = mmap(NULL, sizeof(*slot), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slot == MAP_FAILED)
		return fprintf(stderr, "mapfuzz: prove: mmap: %s\n", strerror(errno)), 2;
	FILE *report = tmpfile();
	if (!report) {
		munmap(slot, sizeof(*slot));
		return fprintf(stderr, "mapfuzz: prove: tmpfile: %s\n", strerror(errno)), 2;
	}
	static verdict first, last;
	if (!dies(&p, slot, report, &first)) {
		/* Only after the programs before it in the same job: the core keeps
		 * state across runs that the platform does not reset. */
		fclose(report);
		munmap(slot, sizeof(*slot));
		printf("counterexample: program #%" PRIu64 " killed its job (signal %d) but does not die alone: "
		       "the core keeps state from one run to the next that the platform does not reset\n",
		       index, signal_number);
		mf_script_write(stdout, &p);
		printf("mapfuzz: CRASH at program #%" PRIu64 ": signal %d\n", index, signal_number);
		prove_write_reproducer(&p);
		return 1;
	}
	uint32_t before = p.nops;
	bool hang = first.kind == R_TIMEOUT;
	last = first;
	if (!hang) { /* each try of a hang would take PROGRAM_SECONDS */
		minimise(&p, &first, slot, report);
		if (!dies(&p, slot, report, &last)) /* the run and operation of the last death */
			last = first;
	}
	uint32_t nth = slot->nth;
	p.plan = nth ? (mf_fault_plan){.mode = MF_FAULT_NTH, .nth = nth} : (mf_fault_plan){0};
	/* The report of the reproducer itself, for the reader. */
	rewind(report);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), report)) > 0)
		fwrite(buf, 1, n, stderr);
	fclose(report);
	if (hang)
		printf("counterexample: program #%" PRIu64 " (fail_nth %u), not minimised (each try of a hang takes "
		       "%d s); the core hangs:\n",
		       index, nth, PROGRAM_SECONDS);
	else
		printf("counterexample: program #%" PRIu64 " (fail_nth %u), minimised from %u to %u operations; the "
		       "core dies:\n",
		       index, nth, before, p.nops);
	mf_script_write(stdout, &p);
	const mf_where *w = &slot->where;
	printf("mapfuzz: %s violated at op #%u (%s): %s%s -- %s (clause %s)\n", last.id, w->op_index,
	       w->op_text[0] ? w->op_text : "?", hang ? "the core hangs" : "the core killed the process: ",
	       hang ? "" : last.what, last.line, w->clause ? w->clause : "none");
	munmap(slot, sizeof(*slot));
	prove_write_reproducer(&p);
	return 1;
}
