/* mapfuzz triage (docs/TRIAGE.md): the types and the state of a run shared
 * by the command (command.c), its inputs (inputs.c), replaying and
 * classifying an input (replay.c), minimising a bucket and writing its
 * reproducers (bucket.c), the reports (report.c, sarif.c) and small
 * helpers (util.c). */
#ifndef MAPFUZZ_TRIAGE_H
#define MAPFUZZ_TRIAGE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "minimize.h"
#include "program/program.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

enum { MAX_FRAMES = 12, MAX_INPUTS = 2048, MAX_BUCKETS = 256, RSS_LIMIT_MB = 2048 };

typedef enum { R_NONE, R_INVARIANT, R_SANITIZER, R_TIMEOUT, R_OOM, R_CRASH } rkind;

typedef struct {
	char func[128];
	char file[512];
	int line;
	bool core; /* in the core's source */
} frame;

typedef struct {
	rkind kind;
	char id[48];        /* contract ID: an invariant, SANITIZER, TIMEOUT, OOM, CRASH */
	char what[128];     /* sanitizer kind, or the op kind of an invariant */
	char clause[40];    /* an invariant's clause key (docs/CONTRACT.md) */
	char line[600];     /* the finding line */
	char seen[16], expected[16];
	frame frames[MAX_FRAMES];
	int nframes;
	char key[512];
	char stack[4096];   /* the stack as printed, trimmed */
	int status;         /* wait status */
} verdict;

typedef struct {
	char path[PATH_MAX];     /* as given or found */
	char replayed[PATH_MAX + 32]; /* what the target read (+32: a temporary name) */
	char note[300];          /* problem or remark; empty when none */
	bool problem;            /* not replayed at all */
	verdict v[2];
	bool flaky;
	int bucket;              /* -1: no finding */
	long size;
} input;

typedef struct {
	char key[512];
	verdict v;         /* the representative's */
	int rep;           /* input index */
	int count;
	bool flaky;
	mf_program minimal;
	bool minimised;
	mf_min_stats stats;
	verdict vmin;      /* the minimal program replayed in the target */
	char explain[PATH_MAX + 32];
} bucket;

/* The state of a run, set up by mf_cmd_triage (util.c). */
typedef struct {
	char self[PATH_MAX], self_dir[PATH_MAX], root[PATH_MAX];
	char target[PATH_MAX + 32];
	char core[PATH_MAX];     /* absolute core source, "" when unknown */
	char core_rel[PATH_MAX]; /* repo-relative when inside the repo */
	char core_given[PATH_MAX]; /* --core as the user wrote it; "" when not given */
	char core_files[4][PATH_MAX];
	int ncore_files;
	char outdir[PATH_MAX];
	char tmp[PATH_MAX];
	unsigned timeout;
	uint32_t budget;
	input *inputs;
	int ninputs;
	bucket *buckets;
	int nbuckets;
	int path_errors;
	unsigned tmp_serial;
} triage_state;

extern triage_state triage;

/* ---- command.c: set-up shared with review ---- */

/* mkdir -p; 0 or -1 with errno. */
int triage_make_dirs(const char *path);
/* Sanitizer reports the classifier can read, for every child. */
void triage_sanitizer_env(void);
/* triage.self, self_dir and root from /proc/self/exe. */
bool triage_init_self(void);
/* The core and the .c files it includes, as triage.core and core_files. */
void triage_set_core(const char *core);
/* Builds <dir of this binary>/cores/<name>/{mapfuzz,fuzz_map} against the
 * core, then re-executes that mapfuzz as `mapfuzz <command> ... --core-built
 * CORE --core-given AS-GIVEN` (linked with that core, so everything judged
 * in-process judges the right core).  Returns only on an error (2). */
int triage_build_and_reexec(const char *command, const char *core, int argc, char **argv);
/* The sanitizer or crash report in a child's output, classified as triage
 * buckets it (frames in the core marked). */
void triage_classify(const char *text, int status, verdict *v);

/* ---- util.c: small helpers ---- */

void triage_copy(char *dst, size_t size, const char *src);
/* s as a JSON string, quotes included. */
void triage_json_str(FILE *f, const char *s);
/* Repo-relative when under the root, else as it is. */
const char *triage_rel(const char *abs);
/* The directory part of path ("." for none). */
void triage_dir_of(const char *path, char *out, size_t size);
bool triage_is_file(const char *path);
bool triage_write_bytes(const char *path, const uint8_t *data, size_t size);
/* At most `max` bytes of a file, NUL-terminated; NULL when unreadable. */
char *triage_read_text(const char *path, size_t max);

/* ---- replay.c: an input in the target, classified ---- */

/* Replays one file in the target (a child with a deadline and a memory
 * limit) and classifies what it printed. */
void triage_replay_file(const char *path, verdict *v);
/* A verdict line's ID, clause, op kind and statuses; false if none. */
bool triage_parse_invariant(const char *text, verdict *v);
/* v->key of an invariant finding, from the fields parse_invariant fills. */
void triage_invariant_key(verdict *v);
/* Replays an input twice into in->v[0..1]: a finding seen once still
 * counts (it is in v[0]); in->flaky when the two disagree. */
void triage_replay_input(input *in);

/* ---- bucket.c: minimisation and reproducers ---- */

/* Minimises bucket `index`'s representative and writes bucket-N.mfs,
 * bucket-N.bin, bucket-N.c and the explain trace. */
void triage_process_bucket(int index);

/* ---- report.c: report.md, findings.json, findings.sarif ---- */

bool triage_write_report_md(void);
bool triage_write_json(void);
bool triage_write_sarif(void);

/* ---- SARIF 2.1.0 that GitHub code scanning takes, for any command ---- */

/* Code scanning shows the first 5,000 results of a run (it accepts
 * 25,000); a message is kept to one screen. */
enum { MF_SARIF_MAX_RESULTS = 5000, MF_SARIF_MAX_MESSAGE = 1000 };

typedef struct {
	const char *rule;    /* a contract ID; anything else is reported as CRASH */
	const char *message;
	const char *file;    /* absolute, or relative to the root */
	const char *given;   /* how the user named it, for a file outside the root; may be NULL */
	int line, column;    /* 1-based; column 0: the line's first non-blank */
	const char *key;     /* stable identity, e.g. a bucket key: the fingerprints */
} mf_sarif_result;

/* One run: a rule per contract ID, described from <root>/docs/CONTRACT.md
 * (short and full description, help text and markdown, helpUri at the
 * ID's section), then at most MF_SARIF_MAX_RESULTS results, each with a
 * full region and partialFingerprints.primaryLocationLineHash.  Files
 * under root get repository-relative URIs with uriBaseId %SRCROOT%.
 * False when writing failed. */
bool mf_sarif_write(FILE *f, const char *root, const mf_sarif_result *results, int n);

/* ---- inputs.c: the crash files to triage ---- */

/* Adds path (a file, or every file of a directory, sorted) to the inputs. */
void triage_collect(const char *path);
/* Checks input #index and copies it where the replay reads it; false with
 * the reason in in->note. */
bool triage_prepare(input *in, int index);

#endif
