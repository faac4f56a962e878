/* Whole-buffer reads and writes on a pipe between a command and its child
 * processes (prove's jobs, review's cases): short transfers and EINTR are
 * the pipe's normal behaviour, not errors. */
#include <errno.h>
#include <unistd.h>

#include "cli.h"

bool mf_write_full(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

bool mf_read_full(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}
