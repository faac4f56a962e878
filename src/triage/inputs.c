/* mapfuzz triage: the inputs, files and directories expanded to crash
 * files in a fixed order, each checked and copied to a private file before
 * it is replayed. */
#define _DEFAULT_SOURCE /* realpath */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "program/load.h"
#include "program/script.h"
#include "triage.h"

static input *add_input(const char *path)
{
	if (triage.ninputs >= MAX_INPUTS)
		return NULL;
	input *in = &triage.inputs[triage.ninputs++];
	memset(in, 0, sizeof(*in));
	triage_copy(in->path, sizeof(in->path), path);
	in->bucket = -1;
	return in;
}

static void problem(const char *path, const char *fmt, const char *arg)
{
	input *in = add_input(path);
	if (!in)
		return;
	in->problem = true;
	snprintf(in->note, sizeof(in->note), fmt, arg);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void triage_collect(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		triage.path_errors++;
		problem(path, "cannot be read: %s", strerror(errno));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (!S_ISREG(st.st_mode))
			problem(path, "%s", "not a regular file: skipped");
		else
			add_input(path);
		return;
	}
	DIR *d = opendir(path);
	if (!d) {
		triage.path_errors++;
		problem(path, "directory cannot be read: %s", strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README.txt") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **grown = realloc(names, cap * sizeof(*names));
			if (!grown)
				break;
			names = grown;
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	size_t files = 0;
	for (size_t i = 0; i < n; i++) {
		char child[PATH_MAX * 2];
		snprintf(child, sizeof(child), "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
		if (triage_is_file(child)) {
			add_input(child);
			files++;
		}
		free(names[i]);
	}
	free(names);
	if (files == 0)
		problem(path, "%s", "directory holds no input files");
}

/* What the target reads for an input: a script assembled, a huge file's
 * first MiB (the decoder never reads that far), else the file itself. */
bool triage_prepare(input *in, int index)
{
	struct stat st;
	if (stat(in->path, &st) != 0) {
		snprintf(in->note, sizeof(in->note), "cannot be read: %s", strerror(errno));
		return false;
	}
	in->size = (long)st.st_size;
	if (access(in->path, R_OK) != 0) {
		snprintf(in->note, sizeof(in->note), "cannot be read: %s", strerror(errno));
		return false;
	}
	if (mf_is_script_path(in->path)) {
		mf_program p;
		char err[281]; /* what fits in note after "does not assemble: " */
		if (!mf_load_program(in->path, &p, err, sizeof(err))) {
			snprintf(in->note, sizeof(in->note), "does not assemble: %s", err);
			return false;
		}
		uint8_t bytes[MF_PROGRAM_MAX_BYTES];
		size_t n = mf_program_encode(&p, bytes);
		snprintf(in->replayed, sizeof(in->replayed), "%s/input-%d.bin", triage.tmp, index);
		if (!triage_write_bytes(in->replayed, bytes, n)) {
			snprintf(in->note, sizeof(in->note), "cannot write a temporary file");
			return false;
		}
		snprintf(in->note, sizeof(in->note), "script, assembled to %zu bytes", n);
		return true;
	}
	if (st.st_size > MF_INPUT_MAX_BYTES) {
		FILE *f = fopen(in->path, "rb");
		uint8_t *buf = malloc(MF_INPUT_MAX_BYTES);
		size_t n = f && buf ? fread(buf, 1, MF_INPUT_MAX_BYTES, f) : 0;
		if (f)
			fclose(f);
		snprintf(in->replayed, sizeof(in->replayed), "%s/input-%d.bin", triage.tmp, index);
		bool ok = buf && triage_write_bytes(in->replayed, buf, n);
		free(buf);
		if (!ok) {
			snprintf(in->note, sizeof(in->note), "cannot copy the first MiB");
			return false;
		}
		snprintf(in->note, sizeof(in->note), "%ld bytes: replayed its first MiB (a program never reads further)",
			 in->size);
		return true;
	}
	if (!realpath(in->path, in->replayed)) {
		snprintf(in->note, sizeof(in->note), "cannot be resolved: %s", strerror(errno));
		return false;
	}
	return true;
}
