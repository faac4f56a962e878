/* The C reproducer of a triage bucket (src/repro_c.h). */
#include <stdlib.h>
#include <string.h>

#include "repro_c.h"
#include "script.h"

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

/* A C string literal's body. */
static void c_string(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '%')
			fputs("%%", f);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, f);
		else
			fprintf(f, "\\%03o", c);
	}
}

void mf_repro_c_write(FILE *f, const mf_program *p, const mf_repro_info *info)
{
	uint8_t bytes[MF_PROGRAM_MAX_BYTES];
	size_t n = mf_program_encode(p, bytes);
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
	      " * Replays the program below (its fault plan is part of the bytes) with\n"
	      " * every check of docs/CONTRACT.md.  Exits 0 when the contract holds, 1\n"
	      " * with one line when it is broken; a sanitizer finding stops it with the\n"
	      " * sanitizer's report.  Copy it into tests/regress/ and `make` builds it as\n"
	      " * $(OUT)/regress/<name> against CORE; tests/run.sh runs it.\n"
	      " *\n * The program (mapfuzz explain prints its trace):\n *\n",
	      f);
	comment_text(f, " *   ", script ? script : "");
	fputs(" */\n"
	      "#include <stdio.h>\n\n"
	      "#include \"harness.h\"\n\n",
	      f);
	fprintf(f, "static const uint8_t program_bytes[%zu] = {", n);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s0x%02x,", i % 12 ? " " : "\n\t", bytes[i]);
	fputs("\n};\n\n", f);
	fputs("int main(void)\n{\n"
	      "\tstatic mf_program p;\n"
	      "\tmf_program_decode(program_bytes, sizeof(program_bytes), &p);\n"
	      "\tmf_verdict v;\n"
	      "\tif (!mf_run(&p, NULL, &v)) {\n",
	      f);
	fputs("\t\tfputs(\"FAIL ", f);
	c_string(f, info->name);
	fputs(": contract broken: \", stdout);\n"
	      "\t\tmf_verdict_print(stdout, &v);\n"
	      "\t\treturn 1;\n"
	      "\t}\n",
	      f);
	fputs("\tprintf(\"PASS ", f);
	c_string(f, info->name);
	fputs(": every invariant held (%u ops, %u fallible calls, %u faults fired)\\n\",\n"
	      "\t       v.ops_run, v.fallible_calls, v.faults_fired);\n"
	      "\treturn 0;\n}\n",
	      f);
	free(script);
}
