#!/usr/bin/env python3
"""What GitHub code scanning requires of a SARIF upload, checked on a file
mapfuzz wrote (docs/TRIAGE.md):

    sarif_check.py FILE REPO [--results N] [--outside PATH]

Rules: id, shortDescription, fullDescription and help (text and markdown)
taken from REPO/docs/CONTRACT.md, helpUri at an anchor of one of its
headings.  Results: a known ruleId, a message, 1..100 locations, a region
with start and end line and column, partialFingerprints with
primaryLocationLineHash; a repository-relative URI under %SRCROOT% naming
a file in REPO, or (--outside) exactly PATH with no uriBaseId; never
file://.  Code scanning's limits: at most 20 runs, 5,000 results per run
shown (25,000 accepted), 10 tags per rule shown.  Prints every problem; exit
status 1 when there is one."""
import json
import os
import re
import sys


def anchors_and_rows(contract):
    anchors, rows = set(), {}
    for line in open(contract, encoding="utf-8"):
        if line.startswith("## "):
            h = line[3:].strip().lower()
            anchors.add(re.sub(r"[^a-z0-9 _-]", "", h).replace(" ", "-"))
        m = re.match(r"\| `([A-Z0-9-]+)` \| (.*?) \|\s*$", line)
        if m:
            rows[m.group(1)] = m.group(2).replace("`", "").replace("*", "")
    return anchors, rows


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit("usage: sarif_check.py FILE REPO [--results N] [--outside PATH]")
    path, repo = args[0], args[1]
    opts = dict(zip(args[2::2], args[3::2]))
    problems = []
    bad = problems.append
    d = json.load(open(path, encoding="utf-8"))
    anchors, rows = anchors_and_rows(os.path.join(repo, "docs", "CONTRACT.md"))
    if d.get("version") != "2.1.0" or "$schema" not in d:
        bad("not SARIF 2.1.0 ($schema, version)")
    runs = d.get("runs", [])
    if not 1 <= len(runs) <= 20:
        bad("%d runs (code scanning takes 1..20)" % len(runs))
    for run in runs:
        drv = run["tool"]["driver"]
        if not drv.get("name"):
            bad("tool.driver.name missing")
        rules = drv.get("rules", [])
        ids = [r.get("id") for r in rules]
        for r in rules:
            rid = r.get("id", "?")
            for field in ("shortDescription", "fullDescription"):
                if not r.get(field, {}).get("text"):
                    bad("rule %s: no %s.text" % (rid, field))
            if not r.get("help", {}).get("text") or not r.get("help", {}).get("markdown"):
                bad("rule %s: help needs text and markdown" % rid)
            if rid in rows and r.get("fullDescription", {}).get("text") != rows[rid]:
                bad("rule %s: fullDescription is not docs/CONTRACT.md's row" % rid)
            if rid not in rows:
                bad("rule %s: not in docs/CONTRACT.md" % rid)
            uri = r.get("helpUri", "")
            if "#" not in uri or not uri.split("#", 1)[0].endswith("docs/CONTRACT.md") \
                    or uri.split("#", 1)[1] not in anchors:
                bad("rule %s: helpUri %s is not a docs/CONTRACT.md section" % (rid, uri))
            if len(r.get("properties", {}).get("tags", [])) > 10:
                bad("rule %s: more than 10 tags" % rid)
        results = run.get("results", [])
        if len(results) > 5000:
            bad("%d results (code scanning shows 5,000)" % len(results))
        if "--results" in opts and len(results) != int(opts["--results"]):
            bad("%d results, expected %s" % (len(results), opts["--results"]))
        for i, res in enumerate(results):
            where = "result %d" % (i + 1)
            if res.get("ruleId") not in ids:
                bad("%s: ruleId %s is not a rule" % (where, res.get("ruleId")))
            elif "ruleIndex" in res and ids[res["ruleIndex"]] != res["ruleId"]:
                bad("%s: ruleIndex does not name ruleId" % where)
            if not res.get("message", {}).get("text"):
                bad("%s: no message.text" % where)
            fp = res.get("partialFingerprints", {}).get("primaryLocationLineHash", "")
            if not re.fullmatch(r"[0-9a-f]{16}:[0-9]+", fp):
                bad("%s: partialFingerprints.primaryLocationLineHash %r" % (where, fp))
            locs = res.get("locations", [])
            if not 1 <= len(locs) <= 100:
                bad("%s: %d locations (1..100 are shown)" % (where, len(locs)))
            for loc in locs:
                pl = loc.get("physicalLocation", {})
                art, reg = pl.get("artifactLocation", {}), pl.get("region", {})
                uri = art.get("uri", "")
                if uri.startswith("file:") or not uri:
                    bad("%s: URI %r code scanning cannot map" % (where, uri))
                if "--outside" in opts:
                    if uri != opts["--outside"] or "uriBaseId" in art:
                        bad("%s: a core outside the repository should be %r as given, is %r (%s)"
                            % (where, opts["--outside"], uri, art.get("uriBaseId")))
                elif art.get("uriBaseId") != "%SRCROOT%" or uri.startswith("/") \
                        or not os.path.isfile(os.path.join(repo, uri)):
                    bad("%s: %r is not a repository-relative file under %%SRCROOT%%" % (where, uri))
                for k in ("startLine", "startColumn", "endLine", "endColumn"):
                    if not isinstance(reg.get(k), int) or reg[k] < 1:
                        bad("%s: region.%s missing" % (where, k))
                if reg.get("endLine", 0) < reg.get("startLine", 1) or \
                        (reg.get("endLine") == reg.get("startLine") and
                         reg.get("endColumn", 0) <= reg.get("startColumn", 1)):
                    bad("%s: region ends before it starts" % where)
    for p in problems:
        print("sarif: " + p)
    if not problems:
        print("sarif: %s takes code scanning's required fields (%d results)"
              % (path, sum(len(r.get("results", [])) for r in runs)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
