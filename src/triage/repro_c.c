/* The C reproducer of a triage bucket (src/repro_c.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "repro_c.h"
#include "program/script.h"

/* Text inside a C comment: no comment terminator can come out. */
static void comment_text(FILE *f, const char *prefix, const char *text)
{
	fputs(prefix, f);
	for (const char *c = text; *c; c++) {
		if (*c == '\n') {
			if (c[1])
				fprintf(f, "\n%s", prefix);
			continue;
		}
		if (*c == '*' && c[1] == '/') {
			fputs("* /", f);
			c++;
			continue;
		}
		fputc((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f ? *c : '?', f);
	}
	fputc('\n', f);
}

/* A C string literal's body; `in_format` doubles '%' for printf. */
static void c_string(FILE *f, const char *s, bool in_format)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '%' && in_format)
			fputs("%%", f);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, f);
		else
			fprintf(f, "\\%03o", c);
	}
}

/* The script as adjacent string literals, one per line. */
static void c_script(FILE *f, const char *script)
{
	const char *line = script;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
		char *copy = strndup(line, n);
		fputs("\t\"", f);
		if (copy)
			c_string(f, copy, false);
		fputs("\"\n", f);
		free(copy);
		line += n;
	}
}

void mf_repro_c_write(FILE *f, const mf_program *p, const mf_repro_info *info)
{
	char *script = NULL;
	size_t script_len = 0;
	FILE *m = open_memstream(&script, &script_len);
	if (m) {
		mf_script_write(m, p);
		fclose(m);
	}

	fprintf(f, "/* Regression test %s, written by `mapfuzz triage` (docs/TRIAGE.md).\n *\n", info->name);
	comment_text(f, " * Bucket:  ", info->key);
	comment_text(f, " * Finding: ", info->finding && *info->finding ? info->finding : "(none)");
	fputs(" *\n"
	      " * Replays the program below, in the script language (docs/FORMAT.md)\n"
	      " * so that it survives changes to the byte format, with every check of\n"
	      " * docs/CONTRACT.md; its fault plan is part of the script.  Exits 0 when\n"
	      " * the contract holds, 1 with one line when it is broken, 2 when the\n"
	      " * script no longer assembles; a sanitizer finding stops it with the\n"
	      " * sanitizer's report.  Copy it into tests/regress/ and `make` builds it\n"
	      " * as $(OUT)/regress/<name> against CORE; tests/run.sh runs it.\n"
	      " */\n"
	      "#include <stdio.h>\n"
	      "#include <string.h>\n\n"
	      "#include \"oracle/harness.h\"\n"
	      "#include \"program/script.h\"\n\n"
	      "static const char program_script[] =\n",
	      f);
	c_script(f, script ? script : "");
	fputs("\t\"\";\n\n", f);
	fputs("int main(void)\n{\n"
	      "\tstatic mf_program p;\n"
	      "\tchar err[256];\n"
	      "\tif (mf_script_parse(program_script, strlen(program_script), &p, err, sizeof(err)) != 0) {\n"
	      "\t\tprintf(\"ERROR ",
	      f);
	c_string(f, info->name, true);
	fputs(": %s\\n\", err);\n"
	      "\t\treturn 2;\n"
	      "\t}\n"
	      "\tmf_verdict v;\n"
	      "\tif (!mf_run(&p, NULL, &v)) {\n",
	      f);
	fputs("\t\tfputs(\"FAIL ", f);
	c_string(f, info->name, false);
	fputs(": contract broken: \", stdout);\n"
	      "\t\tmf_verdict_print(stdout, &v);\n"
	      "\t\treturn 1;\n"
	      "\t}\n",
	      f);
	fputs("\tprintf(\"PASS ", f);
	c_string(f, info->name, true);
	fputs(": every invariant held (%u ops, %u fallible calls, %u faults fired)\\n\",\n"
	      "\t       v.ops_run, v.fallible_calls, v.faults_fired);\n"
	      "\treturn 0;\n}\n",
	      f);
	free(script);
}
