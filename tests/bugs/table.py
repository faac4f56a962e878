#!/usr/bin/env python3
"""The seeded-bug table of docs/BUGS.md, made from the patch headers.

  tests/bugs/table.py            print the table
  tests/bugs/table.py --check    exit 1 if docs/BUGS.md's table differs
  tests/bugs/table.py --write    rewrite docs/BUGS.md's table in place

The table sits between '<!-- bugs:begin -->' and '<!-- bugs:end -->'; the
patch headers are the one list, the page is never edited by hand there."""
import glob
import os
import re
import sys

FIELDS = ("bug", "clause", "change", "expect", "seed")
DOC = "docs/BUGS.md"
BEGIN, END = "<!-- bugs:begin -->", "<!-- bugs:end -->"


def header(path):
    fields = {}
    for line in open(path):
        if line.startswith("--- "):
            break
        m = re.match(r"^([a-z]+): *(.*)$", line.rstrip("\n"))
        if m:
            fields[m.group(1)] = m.group(2)
    missing = [f for f in FIELDS if not fields.get(f)]
    if missing:
        sys.exit("table.py: %s: no %s in the header" % (path, ", ".join(missing)))
    name = os.path.basename(path)[: -len(".patch")]
    if fields["bug"] != name:
        sys.exit("table.py: %s: header says bug: %s" % (path, fields["bug"]))
    return fields


def table():
    bugs = [header(p) for p in sorted(glob.glob("tests/bugs/*.patch"))]
    rows = ["| bug | clause broken | the change | caught as | seed |", "| --- | --- | --- | --- | --- |"]
    for b in bugs:
        rows.append("| `%s` | %s | %s | `%s` | %s |" % (b["bug"], b["clause"], b["change"], b["expect"], b["seed"]))
    counts = {}
    for b in bugs:
        counts[b["expect"]] = counts.get(b["expect"], 0) + 1
    rows.append("")
    rows.append("%d bugs; by the ID that must catch them: %s." % (
        len(bugs), ", ".join("%s %d" % (k, counts[k]) for k in sorted(counts))))
    return "\n".join(rows) + "\n"


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in ("", "--check", "--write") or len(sys.argv) > 2:
        sys.exit("usage: tests/bugs/table.py [--check | --write]")
    t = table()
    if not mode:
        sys.stdout.write(t)
        return
    doc = open(DOC).read()
    if BEGIN not in doc or END not in doc:
        sys.exit("table.py: %s has no %s ... %s section" % (DOC, BEGIN, END))
    head, rest = doc.split(BEGIN, 1)
    old, tail = rest.split(END, 1)
    if mode == "--check":
        if old.strip("\n") != t.strip("\n"):
            sys.exit("table.py: %s's table differs from tests/bugs/*.patch (run tests/bugs/table.py --write)" % DOC)
        print("docs/BUGS.md's table matches the %d patch headers" % t.count("\n| `"))
        return
    open(DOC, "w").write(head + BEGIN + "\n" + t + END + tail)


main()
