#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "script.h"

bool mf_is_script_path(const char *path)
{
	size_t n = strlen(path);
	return n >= 4 && strcmp(path + n - 4, ".mfs") == 0;
}

bool mf_read_file(const char *path, uint8_t **data, size_t *size, char *err, size_t errsize)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return false;
	}
	uint8_t *buf = malloc(MF_INPUT_MAX_BYTES + 1);
	if (!buf) {
		fclose(f);
		snprintf(err, errsize, "%s: out of memory", path);
		return false;
	}
	size_t n = fread(buf, 1, MF_INPUT_MAX_BYTES + 1, f);
	bool bad = ferror(f);
	fclose(f);
	if (bad || n > MF_INPUT_MAX_BYTES) {
		free(buf);
		snprintf(err, errsize, "%s: %s", path, bad ? "read error" : "larger than 1 MiB");
		return false;
	}
	*data = buf;
	*size = n;
	return true;
}

bool mf_load_program(const char *path, mf_program *p, char *err, size_t errsize)
{
	uint8_t *data;
	size_t size;
	if (!mf_read_file(path, &data, &size, err, errsize))
		return false;
	bool ok = true;
	if (mf_is_script_path(path)) {
		char why[200];
		if (mf_script_parse((const char *)data, size, p, why, sizeof(why)) != 0) {
			snprintf(err, errsize, "%s: %s", path, why);
			ok = false;
		}
	} else {
		mf_program_decode(data, size, p);
	}
	free(data);
	return ok;
}
