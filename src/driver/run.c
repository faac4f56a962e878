/* One driver program against the driver: the operations as NDIS makes
 * them, the caller contract's checks after each, the driver's static data
 * fresh for every input, a fault the driver takes on a guard page or near
 * NULL turned into a finding, and the systematic sweep. */
#define _GNU_SOURCE /* REG_RIP, sigaltstack, dladdr */
#include <dlfcn.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "driver/runner.h"


#define NDIS_OK 0

static struct {
	dv_result *r;
	dv_where *where;
	uint32_t op_index;
	uint8_t clause;       /* the operation's; DV_CL_PENDING inside initialize */
	uint32_t first_pending;
	uint32_t fired_before_op;
} R;

/* ---- findings ---- */

static void add(dv_result *r, const dv_finding *x)
{
	for (uint32_t i = 0; i < r->nfindings; i++) {
		dv_finding *f = &r->f[i];
		if (f->id == x->id && f->clause == x->clause && f->warning == x->warning) {
			f->count++;
			return;
		}
	}
	if (r->nfindings == DV_MAX_FINDINGS) {
		r->dropped++;
		return;
	}
	r->f[r->nfindings] = *x;
	r->f[r->nfindings++].count = 1;
}

void dv_report(const char *id, bool warning, uintptr_t pc, bool exact, const char *fmt, ...)
{
	if (!R.r)
		return;
	dv_finding x = {.id = id, .clause = R.clause, .warning = warning, .op_index = R.op_index, .pc = pc,
			.pc_exact = exact};
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x.detail, sizeof(x.detail), fmt, ap);
	va_end(ap);
	/* Pending ones are kept apart until initialize returns: they are
	 * merged (by clause) only then. */
	if (R.clause == DV_CL_PENDING) {
		if (R.r->nfindings + 1 < DV_MAX_FINDINGS || R.r->nfindings == R.first_pending) {
			for (uint32_t i = R.first_pending; i < R.r->nfindings; i++)
				if (R.r->f[i].id == id && R.r->f[i].warning == warning) {
					R.r->f[i].count++;
					return;
				}
			if (R.r->nfindings < DV_MAX_FINDINGS) {
				x.count = 1;
				R.r->f[R.r->nfindings++] = x;
				return;
			}
		}
		R.r->dropped++;
		return;
	}
	add(R.r, &x);
}

void dv_fault_fired(void)
{
	if (R.where && R.clause == DV_CL_PENDING)
		R.where->clause = DV_CL_INIT_FAIL;
}

/* Initialize returned (or died): its findings get their clause. */
static void settle(uint8_t clause)
{
	dv_result *r = R.r;
	dv_finding pend[DV_MAX_FINDINGS];
	uint32_t n = r->nfindings - R.first_pending;
	memcpy(pend, &r->f[R.first_pending], n * sizeof(dv_finding));
	r->nfindings = R.first_pending;
	for (uint32_t i = 0; i < n; i++) {
		pend[i].clause = clause;
		uint32_t c = pend[i].count;
		add(r, &pend[i]);
		/* add counts one; keep the run's count */
		for (uint32_t k = 0; k < r->nfindings; k++)
			if (r->f[k].id == pend[i].id && r->f[k].clause == clause && r->f[k].warning == pend[i].warning &&
			    c > 1 && r->f[k].count == 1)
				r->f[k].count = c;
	}
	r->clauses |= 1u << clause;
}

/* ---- the driver's static data, fresh per input ---- */

/* The Makefile renames the driver objects' .data and .bss to these. */
extern char __start_mfdrv_data[] __attribute__((weak));
extern char __stop_mfdrv_data[] __attribute__((weak));
extern char __start_mfdrv_bss[] __attribute__((weak));
extern char __stop_mfdrv_bss[] __attribute__((weak));

static char *data_snapshot;

/* Byte by byte through volatile pointers, not instrumented: the sections
 * hold ASan's redzones between the globals, which memcpy would report. */
#if defined(__clang__)
#define DV_NO_ASAN __attribute__((no_sanitize("address", "memory")))
#else
#define DV_NO_ASAN __attribute__((no_sanitize_address))
#endif
DV_NO_ASAN static void copy_bytes(volatile char *dst, const volatile char *src,
									  size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src ? src[i] : 0;
}

static void fresh_static_data(void)
{
	size_t n = __start_mfdrv_data && __stop_mfdrv_data ? (size_t)(__stop_mfdrv_data - __start_mfdrv_data) : 0;
	if (n) {
		if (!data_snapshot) {
			data_snapshot = malloc(n);
			if (!data_snapshot)
				abort();
			copy_bytes(data_snapshot, __start_mfdrv_data, n);
		} else {
			copy_bytes(__start_mfdrv_data, data_snapshot, n);
		}
	}
	if (__start_mfdrv_bss && __stop_mfdrv_bss)
		copy_bytes(__start_mfdrv_bss, NULL, (size_t)(__stop_mfdrv_bss - __start_mfdrv_bss));
}

uintptr_t dv_image_base;

#if defined(__SANITIZE_ADDRESS__)
#define DV_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DV_ASAN 1
#endif
#endif
#ifdef DV_ASAN
/* The runner takes SIGSEGV itself: a fault on a guard page or near NULL is
 * a caller finding, not a death.  (Here, not in main.c, so that every
 * program linked with the runner has it: a standalone reproducer too.) */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "handle_segv=0:handle_sigbus=0:allow_user_segv_handler=1:detect_leaks=0";
}
#endif

void dv_runner_init(void)
{
	Dl_info info;
	if (dladdr((void *)&dv_runner_init, &info))
		dv_image_base = (uintptr_t)info.dli_fbase;
	fresh_static_data(); /* the snapshot, before any driver code runs */
}

/* ---- faults in the driver ---- */

static sigjmp_buf op_jump;
static volatile sig_atomic_t in_driver;

static void on_fault(int sig, siginfo_t *si, void *uctx)
{
	uintptr_t addr = (uintptr_t)si->si_addr, pc = 0;
#if defined(__x86_64__)
	pc = (uintptr_t)((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RIP];
#else
	(void)uctx;
#endif
	char detail[DV_DETAIL];
	bool fault = sig == SIGSEGV || sig == SIGBUS;
	const char *id = fault && in_driver ? dv_rt_classify(addr, detail, sizeof(detail)) : NULL;
	if (id) {
		dv_report(id, false, pc, true, "%s (raw access)", detail);
		siglongjmp(op_jump, 3);
	}
	/* Not ours (or the review's watchdog, SIGALRM): a death for the
	 * parent to classify, with the driver's pc. */
	char line[160];
	int n = snprintf(line, sizeof(line), "mapfuzz-driver: fatal signal %d at address 0x%lx, pc +0x%lx\n", sig,
			 (unsigned long)addr, (unsigned long)(pc - dv_image_base));
	if (n > 0 && write(2, line, (size_t)n) < 0)
		_exit(99);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_handlers(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	static char stack[1 << 16];
	stack_t ss = {.ss_sp = stack, .ss_size = sizeof(stack)};
	sigaltstack(&ss, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
}

/* ---- operations ---- */

/* Part B (the kit). */
void dk_kit_reset(void);
int32_t dk_call_driver_entry(void);
int32_t dk_call_initialize(void *adapter, bool *registered);
void dk_call_halt(void *adapter, bool surprise_removed);
void dk_call_surprise_removal(void *adapter);
void dk_call_unload(void);

typedef struct {
	bool entered, entry_failed;
	bool live[DV_MAX_ADAPTERS];   /* initialized with SUCCESS, not halted */
	bool halted[DV_MAX_ADAPTERS]; /* halted once: the next init is a re-init */
	void *handle[DV_MAX_ADAPTERS];
} run_state;

static void where(uint32_t op, uint8_t clause, bool in)
{
	if (!R.where)
		return;
	R.where->op_index = op;
	R.where->clause = clause;
	R.where->in_op = in;
}

/* Runs fn inside the driver; false when it was cut short (a TIMEOUT or a
 * classified fault, already reported). */
#define IN_DRIVER(stmt)                                                                                                \
	({                                                                                                             \
		bool ok_ = true;                                                                                       \
		dv_op_jump = &op_jump;                                                                                 \
		if (sigsetjmp(op_jump, 1) == 0) {                                                                      \
			in_driver = 1;                                                                                 \
			stmt;                                                                                          \
			in_driver = 0;                                                                                 \
		} else {                                                                                               \
			in_driver = 0;                                                                                 \
			ok_ = false;                                                                                   \
		}                                                                                                      \
		dv_op_jump = NULL;                                                                                     \
		ok_;                                                                                                   \
	})

static bool op_init(run_state *s, unsigned a, uint32_t k)
{
	if (!s->entered || s->entry_failed || s->live[a])
		return true;
	void *h = dv_rt_adapter_create(a);
	if (!h)
		return true;
	dv_rt_begin_op((int)a, DV_OP_INIT, k);
	R.clause = DV_CL_PENDING;
	R.first_pending = R.r->nfindings;
	R.fired_before_op = dv_rt_fired();
	/* A death inside initialize: drv.init-fail once a fault fired (the
	 * guess the parent keeps), else drv.init. */
	where(k, DV_CL_INIT, true);
	bool registered = false;
	volatile int32_t st = -1;
	bool ok = IN_DRIVER(st = dk_call_initialize(h, &registered));
	uint32_t fop;
	uint8_t fcode;
	if (ok && registered && st != NDIS_OK && dv_rt_first_fault(&fop, &fcode) && fop == k && fcode == DV_OP_INIT) {
		R.r->first_in_init = true;
		R.r->init_end_calls = dv_rt_calls();
	}
	if (!ok) {
		settle(dv_rt_fired() > R.fired_before_op ? DV_CL_INIT_FAIL : s->halted[a] ? DV_CL_REINIT : DV_CL_INIT);
		return false;
	}
	if (!registered) {
		settle(DV_CL_INIT);
		dv_rt_adapter_gone((int)a, 1);
		return true;
	}
	if (st == NDIS_OK) {
		uint8_t cl = s->halted[a] ? DV_CL_REINIT : DV_CL_INIT;
		R.clause = cl;
		dv_rt_init_alive((int)a);
		R.clause = DV_CL_PENDING;
		settle(cl);
		s->live[a] = true;
		s->handle[a] = h;
	} else {
		R.clause = DV_CL_INIT_FAIL;
		dv_rt_leaks((int)a, false);
		R.clause = DV_CL_PENDING;
		settle(DV_CL_INIT_FAIL);
		dv_rt_adapter_gone((int)a, 1 /* ADAPTER_GONE_INIT_FAILED */);
	}
	return true;
}

static bool op_halt(run_state *s, unsigned a, uint32_t k, bool removal)
{
	if (!s->live[a])
		return true; /* NDIS halts only an adapter whose initialize succeeded */
	uint8_t cl = removal ? DV_CL_REMOVE : DV_CL_HALT;
	R.clause = cl;
	R.r->clauses |= 1u << cl;
	where(k, cl, true);
	void *h = s->handle[a];
	s->live[a] = false;
	s->halted[a] = true;
	if (removal) {
		dv_rt_begin_op((int)a, DV_OP_REMOVE, k);
		if (!IN_DRIVER(dk_call_surprise_removal(h)))
			return false;
	}
	/* Halt is its own phase: a map in it is CALL-MAP-PHASE, an unmap is
	 * fine (DV_OP_HALT for both halts). */
	dv_rt_begin_op((int)a, DV_OP_HALT, k);
	if (!IN_DRIVER(dk_call_halt(h, removal)))
		return false;
	dv_rt_leaks((int)a, false);
	dv_rt_adapter_gone((int)a, removal ? 3 : 2);
	return true;
}

void dv_run(const dv_program *p, const dv_options *o, dv_result *r)
{
	memset(r, 0, sizeof(*r));
	install_handlers();
	fresh_static_data();
	dk_kit_reset();
	dv_rt_reset(p, o && o->override_fault ? &o->fault : &p->fault);
	memset(&R, 0, sizeof(R));
	R.r = r;
	R.where = o ? o->where : NULL;
	static run_state s;
	memset(&s, 0, sizeof(s));
	for (uint32_t k = 0; k < p->nops; k++) {
		const dv_op *op = &p->ops[k];
		unsigned a = op->adapter < p->ndevices ? op->adapter : DV_MAX_ADAPTERS;
		R.op_index = k;
		bool ok = true;
		switch (op->code) {
		case DV_OP_ENTRY:
			if (s.entered)
				break;
			s.entered = true;
			R.clause = DV_CL_ENTRY;
			r->clauses |= 1u << DV_CL_ENTRY;
			where(k, DV_CL_ENTRY, true);
			dv_rt_begin_op(-1, DV_OP_ENTRY, k);
			{
				volatile int32_t st = -1;
				ok = IN_DRIVER(st = dk_call_driver_entry());
				s.entry_failed = !ok || st != NDIS_OK;
			}
			break;
		case DV_OP_INIT:
			if (a < DV_MAX_ADAPTERS)
				ok = op_init(&s, a, k);
			break;
		case DV_OP_HALT:
		case DV_OP_REMOVE:
			if (a < DV_MAX_ADAPTERS)
				ok = op_halt(&s, a, k, op->code == DV_OP_REMOVE);
			break;
		case DV_OP_UNLOAD:
			if (!s.entered || s.entry_failed)
				break;
			R.clause = DV_CL_UNLOAD;
			r->clauses |= 1u << DV_CL_UNLOAD;
			where(k, DV_CL_UNLOAD, true);
			dv_rt_begin_op(-1, DV_OP_UNLOAD, k);
			ok = IN_DRIVER(dk_call_unload());
			if (ok)
				dv_rt_leaks(-1, true);
			s.entered = false;
			break;
		default: break;
		}
		where(k, R.clause, false);
		if (!ok) {
			r->aborted = true;
			break; /* the driver was cut off mid-operation: nothing after it is meaningful */
		}
	}
	r->calls = dv_rt_calls();
	r->fired = dv_rt_fired();
	R.r = NULL;
	dv_rt_cleanup();
}

/* ---- the sweep ---- */

static void merge(dv_sweep_result *r, const dv_result *one, uint32_t n, uint32_t n2)
{
	r->runs++;
	r->clauses |= one->clauses;
	for (uint32_t i = 0; i < one->nfindings; i++) {
		const dv_finding *x = &one->f[i];
		bool seen = false;
		for (uint32_t k = 0; k < r->nfound && !seen; k++)
			seen = r->found[k].id == x->id && r->found[k].clause == x->clause && r->found[k].warning == x->warning;
		if (seen)
			continue;
		if (r->nfound == DV_MAX_FINDINGS) {
			r->dropped++;
			continue;
		}
		r->nth[r->nfound] = n;
		r->nth2[r->nfound] = n2;
		r->found[r->nfound++] = *x;
	}
}

void dv_sweep(const dv_program *p, uint32_t from, uint32_t max_runs, dv_where *w, dv_sweep_result *r)
{
	memset(r, 0, sizeof(*r));
	static dv_result one;
	/* The Ns whose initialize failed, with its last call: level two. */
	static uint32_t failed_n[4096], failed_end[4096];
	uint32_t nfailed = 0;
	for (uint32_t n = from; n < from + max_runs && r->runs < max_runs; n++) {
		dv_options o = {.override_fault = n > 0, .fault = {.mode = DV_FAULT_NTH, .n = n}, .where = w};
		if (w)
			w->nth = n, w->nth2 = 0;
		dv_run(p, &o, &one);
		merge(r, &one, n, 0);
		if (n > 0 && one.fired == 0)
			break; /* the Nth call was past the last one */
		if (one.first_in_init && !one.aborted && one.init_end_calls > n && nfailed < 4096)
			failed_n[nfailed] = n, failed_end[nfailed++] = one.init_end_calls;
	}
	/* A second fault in the cleanup of each failed initialize: after every
	 * single fault, so that a row one fault shows keeps that reproducer. */
	for (uint32_t i = 0; i < nfailed; i++) {
		for (uint32_t m = failed_n[i] + 1; m <= failed_end[i] && r->runs < max_runs; m++) {
			dv_options o = {.override_fault = true, .fault = {.mode = DV_FAULT_NTH, .n = failed_n[i], .n2 = m},
					.where = w};
			if (w)
				w->nth = failed_n[i], w->nth2 = m;
			dv_run(p, &o, &one);
			merge(r, &one, failed_n[i], m);
		}
	}
}

void dv_run_bytes(const uint8_t *data, size_t size, dv_result *r)
{
	static dv_program p;
	dv_decode(data, size, &p);
	dv_run(&p, NULL, r);
}
