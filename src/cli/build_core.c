/* Building mapfuzz's own binaries against another core: the one builder
 * behind `prove --core`, `triage --core` and `review --core`.  Each asks make
 * (the Makefile is the one build description) for its list of targets in
 * OUT=<dir>/cores/<name>, sharing the core-independent objects of OBJ, then
 * re-executes what it built with its own arguments. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

void mf_core_name(const char *core, char *name, size_t size)
{
	const char *base = strrchr(core, '/');
	snprintf(name, size, "%s", base ? base + 1 : core);
	size_t n = strlen(name);
	if (n > 2 && strcmp(name + n - 2, ".c") == 0)
		name[n - 2] = '\0';
}

int mf_build_core(const char *command, const mf_core_build *b)
{
	enum { MAX_TARGETS = 8, ARG = 4200 };
	static char a_out[ARG], a_obj[ARG], a_core[ARG];
	snprintf(a_out, sizeof(a_out), "OUT=%s", b->out);
	snprintf(a_obj, sizeof(a_obj), "OBJ=%s", b->obj);
	snprintf(a_core, sizeof(a_core), "CORE=%s", b->core);
	char *argv[8 + MAX_TARGETS] = {"/usr/bin/env", "make", "-s", "-C", (char *)b->root, a_out, a_obj, a_core};
	int n = 8;
	for (int i = 0; b->targets[i] && i < MAX_TARGETS; i++)
		argv[n++] = (char *)b->targets[i];
	argv[n] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return fprintf(stderr, "mapfuzz: %s: fork: %s\n", command, strerror(errno)), 2;
	if (pid == 0) {
		dup2(STDERR_FILENO, STDOUT_FILENO); /* make's chatter goes to stderr */
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return fprintf(stderr, "mapfuzz: %s: the core %s does not build\n", command, b->core), 2;
	return 0;
}
