#!/usr/bin/env python3
"""Triage of a fuzz_driver campaign (docs/DRIVERS.md, "Fuzzing a driver").

    driver_triage.py --bin FUZZ_DRIVER --driver DIR --crashes DIR --out DIR
                     [--root REPO] [--summary TEXT]

Replays every crash file through the driver's libFuzzer build (symbolised),
buckets it by cause: a caller row (docs/CONTRACT.md ID + clause key) at the
driver's line, or a sanitizer kind (ASan's, UBSan's) at the top frame in
the driver's directory, or a death (TIMEOUT, CRASH).  A file that shows no
new row (the known list, MAPFUZZ_KNOWN, passed through the environment)
is "not reproduced".  Each bucket gets a minimal reproducer, repro/NN-*.mfd
(text) and .bin (bytes, `fuzz_driver FILE` replays it): caller rows are
minimised inside fuzz_driver (MAPFUZZ_DRIVER_MINIMIZE), sanitizer deaths
by dropping lines of the text while the replay still shows the bucket.
Writes report.md, findings.json, findings.sarif (GitHub code scanning,
pointing at the driver's lines) and prints one line per bucket.
Exit 0; 2 on a usage error."""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys

ROW = re.compile(r"^mapfuzz-driver: ([A-Z0-9-]+) violated at op #\d+ -- (.*) \(clause ([a-z.-]+)\) "
                 r"\[pc \+0x[0-9a-f]+\] at (\S+?):(\d+) in (\S+)")
ROW_NOLINE = re.compile(r"^mapfuzz-driver: ([A-Z0-9-]+) violated at op #\d+ -- (.*) \(clause ([a-z.-]+)\)")
FRAME = re.compile(r"^\s*#\d+ 0x[0-9a-f]+ in (\S+) (/[^:\s]+):(\d+)")
UBSAN = re.compile(r"^(/[^:\s]+):(\d+):\d+: runtime error: (.*)")
CONTRACT_URL = "https://github.com/mapfuzz/mapfuzz/blob/main/docs/CONTRACT.md"


def replay(binary, path, env_extra=None, timeout=30):
    env = dict(os.environ)
    env.update({"ASAN_OPTIONS": "handle_segv=0:handle_sigbus=0:allow_user_segv_handler=1:detect_leaks=0:"
                "abort_on_error=1:symbolize=1",
                "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1:symbolize=1"})
    if env_extra:
        env.update(env_extra)
    try:
        p = subprocess.run([binary, path], capture_output=True, env=env, timeout=timeout)
        return p.returncode, p.stderr.decode("utf-8", "replace") + p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return 124, ""


def in_driver(path, driver):
    try:
        return os.path.realpath(path).startswith(driver + "/")
    except OSError:
        return False


def causes(text, rc, driver):
    """Every cause one replay shows: dicts with key, id, clause, kind, file, line, func, detail."""
    out = []
    for line in text.splitlines():
        m = ROW.match(line)
        if m:
            out.append(dict(id=m.group(1), clause=m.group(3), detail=m.group(2), file=m.group(4),
                            line=int(m.group(5)), func=m.group(6)))
            continue
        m = ROW_NOLINE.match(line)
        if m:
            out.append(dict(id=m.group(1), clause=m.group(3), detail=m.group(2), file="", line=0, func=""))
    if out:
        for c in out:
            c["kind"] = "caller"
            c["key"] = "%s %s" % (c["id"], c["clause"])
        return out
    # A sanitizer's death: its kind and the first frame in the driver.
    kind, detail, where = None, "", None
    for line in text.splitlines():
        m = re.search(r"ERROR: AddressSanitizer: ([A-Za-z0-9_-]+)", line)
        if m and not kind:
            kind, detail = "asan " + m.group(1), line.split("ERROR: ", 1)[1].strip()
        m = UBSAN.match(line)
        if m and not kind:
            kind, detail = "ubsan " + re.sub(r" [0-9-]+.*", "", m.group(3))[:40], m.group(3).strip()
            if in_driver(m.group(1), driver):
                where = (m.group(1), int(m.group(2)), "")
        m = FRAME.match(line)
        if m and not where and in_driver(m.group(2), driver):
            where = (m.group(2), int(m.group(3)), m.group(1))
    if not kind:
        m = re.search(r"mapfuzz-driver: fatal signal (\d+)", text)
        if m:
            kind = "TIMEOUT" if m.group(1) == "14" else "CRASH"
            detail = "fatal signal %s" % m.group(1)
        elif rc == 124:
            kind, detail = "TIMEOUT", "the replay did not end in 30 s"
        elif rc != 0:
            kind, detail = "CRASH", "exit status %d" % rc
    if not kind:
        return []
    f, ln, fn = where or ("", 0, "")
    ident = "SANITIZER" if kind.startswith(("asan", "ubsan")) else kind
    key = "%s %s%s" % (ident, kind, " at %s:%d" % (os.path.basename(f), ln) if f else "")
    return [dict(kind="sanitizer", id=ident, clause=kind, detail=detail, file=f, line=ln, func=fn, key=key)]


def minimise_lines(binary, text_lines, key, driver, work):
    """Drops lines of the text program while the replay still shows key."""
    lines = [l for l in text_lines if l.strip() and not l.startswith("#")]
    src, dst = os.path.join(work, "min.mfd"), os.path.join(work, "min.bin")

    def shows(cand):
        with open(src, "w") as f:
            f.write("\n".join(cand) + "\n")
        rc, _ = replay(binary, src, {"MAPFUZZ_DRIVER_CONVERT": dst})
        if rc != 0:
            return False
        rc, out = replay(binary, dst)
        return any(c["key"] == key for c in causes(out, rc, driver))

    tries = 0
    changed = True
    while changed and tries < 200:
        changed = False
        for i in range(len(lines) - 1, -1, -1):
            if tries >= 200:
                break
            tries += 1
            cand = lines[:i] + lines[i + 1:]
            if shows(cand):
                lines, changed = cand, True
    return lines


def contract_rules(root):
    rows, anchors, section = {}, {}, ""
    try:
        for line in open(os.path.join(root, "docs", "CONTRACT.md"), encoding="utf-8"):
            if line.startswith("## "):
                h = line[3:].strip().lower()
                section = re.sub(r"[^a-z0-9 _-]", "", h).replace(" ", "-")
            m = re.match(r"\| `([A-Z0-9-]+)` \| (.*?) \|\s*$", line)
            if m and m.group(1) not in rows:
                rows[m.group(1)] = m.group(2)
                anchors[m.group(1)] = section
    except OSError:
        pass
    return rows, anchors


def write_sarif(path, root, buckets):
    rows, anchors = contract_rules(root)
    ids = []
    for b in buckets:
        if b["file"] and b["id"] in rows and b["id"] not in ids:
            ids.append(b["id"])
    rules = []
    for i in ids:
        md = rows[i]
        plain = md.replace("`", "").replace("*", "")
        rules.append({"id": i, "name": i.title().replace("-", ""),
                      "shortDescription": {"text": "%s: %s" % (i, plain[:80])},
                      "fullDescription": {"text": plain},
                      "help": {"text": plain, "markdown": md},
                      "helpUri": "%s#%s" % (CONTRACT_URL, anchors[i]),
                      "defaultConfiguration": {"level": "error"},
                      "properties": {"tags": ["fuzzing", "mapfuzz", "driver"]}})
    results = []
    for b in buckets:
        if not b["file"] or b["id"] not in ids:
            continue
        real = os.path.realpath(b["file"])
        rel = os.path.relpath(real, root)
        loc = {"uri": rel, "uriBaseId": "%SRCROOT%"} if not rel.startswith("..") else {"uri": real}
        h = hashlib.sha1(("%s/%s" % (b["key"], rel)).encode()).hexdigest()[:16]
        results.append({"ruleId": b["id"], "ruleIndex": ids.index(b["id"]), "level": "error",
                        "message": {"text": "%s (%s): %s. Reproducer: %s" % (b["id"], b["clause"], b["detail"],
                                                                          b["repro"])},
                        "locations": [{"physicalLocation": {"artifactLocation": loc,
                                                            "region": {"startLine": b["line"], "startColumn": 1,
                                                                       "endLine": b["line"], "endColumn": 2}}}],
                        "partialFingerprints": {"primaryLocationLineHash": "%s:%d" % (h, 1)}})
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "mapfuzz fuzz_driver", "informationUri": CONTRACT_URL,
                                         "rules": rules}},
                     "columnKind": "utf16CodeUnits", "results": results}]}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--driver", required=True)
    ap.add_argument("--crashes", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--summary", default="")
    a = ap.parse_args()
    driver = os.path.realpath(a.driver)
    root = os.path.realpath(a.root)
    if not os.access(a.bin, os.X_OK) or not os.path.isdir(driver) or not os.path.isdir(a.crashes):
        print("driver_triage: --bin must be a program, --driver and --crashes directories", file=sys.stderr)
        return 2
    os.makedirs(os.path.join(a.out, "repro"), exist_ok=True)
    buckets, order, unreproduced = {}, [], []
    files = sorted(os.path.join(a.crashes, f) for f in os.listdir(a.crashes))
    for path in files:
        rc, out = replay(a.bin, path)
        cs = causes(out, rc, driver)
        if not cs:
            unreproduced.append(path)
        for c in cs:
            b = buckets.get(c["key"])
            if not b:
                b = dict(c, inputs=[])
                buckets[c["key"]] = b
                order.append(c["key"])
            if not b["file"] and c["file"]:
                b.update(file=c["file"], line=c["line"], func=c["func"])
            b["inputs"].append(path)
    listed = []
    for n, key in enumerate(order, 1):
        b = buckets[key]
        smallest = min(b["inputs"], key=os.path.getsize)
        slug = re.sub(r"[^A-Za-z0-9.-]+", "-", key).strip("-")[:60]
        base = os.path.join(a.out, "repro", "%02d-%s.mfd" % (n, slug))
        b["repro"] = os.path.relpath(base, a.out)
        ok = False
        if b["kind"] == "caller":
            rc, _ = replay(a.bin, smallest, {"MAPFUZZ_DRIVER_MINIMIZE": base, "MAPFUZZ_DRIVER_ROW": key}, 120)
            ok = rc == 0
        if not ok:
            rc, text = replay(a.bin, smallest, {"MAPFUZZ_DRIVER_CONVERT": base + ".bin"})
            lines = text.splitlines() if rc == 0 else []
            if lines and key.split(" ")[0] != "TIMEOUT":
                lines = minimise_lines(a.bin, lines, key, driver, os.path.join(a.out, "repro"))
            with open(base, "w") as f:
                f.write("# expect: %s\n# from %s\n" % (key, smallest) + "\n".join(lines) + "\n")
            replay(a.bin, base, {"MAPFUZZ_DRIVER_CONVERT": base + ".bin"})
        rc, out = replay(a.bin, base + ".bin")
        b["replays"] = any(c["key"] == key for c in causes(out, rc, driver))
        for f in ("min.mfd", "min.bin"):
            p = os.path.join(a.out, "repro", f)
            if os.path.exists(p):
                os.remove(p)
        listed.append(b)
    for f in ("min.mfd", "min.bin"):
        p = os.path.join(a.out, "repro", f)
        if os.path.exists(p):
            os.remove(p)

    def where(b):
        return "%s:%d" % (os.path.relpath(os.path.realpath(b["file"]), root), b["line"]) if b["file"] else "-"

    with open(os.path.join(a.out, "findings.json"), "w") as f:
        json.dump({"driver": os.path.relpath(driver, root), "binary": a.bin,
                   "findings": [{"id": b["id"], "clause": b["clause"], "kind": b["kind"], "explanation": b["detail"],
                                 "location": {"file": where(b).rsplit(":", 1)[0], "line": b["line"],
                                              "function": b["func"]} if b["file"] else None,
                                 "inputs": len(b["inputs"]), "reproducer": b["repro"],
                                 "reproducer_bytes": b["repro"] + ".bin", "replays": b["replays"]}
                                for b in listed],
                   "not_reproduced": [os.path.basename(p) for p in unreproduced]}, f, indent=1)
    write_sarif(os.path.join(a.out, "findings.sarif"), root, listed)
    with open(os.path.join(a.out, "report.md"), "w") as f:
        f.write("# fuzz_driver campaign: %s\n\n" % os.path.basename(driver))
        if a.summary:
            f.write("```\n%s\n```\n\n" % a.summary.strip())
        f.write("%d finding file(s), %d cause(s)%s. Rows are docs/CONTRACT.md's caller IDs and clause keys; "
                "a reproducer replays with `%s FILE.bin` (the `.mfd` beside it is its text).\n\n"
                % (len(files), len(listed), ", %d not reproduced" % len(unreproduced) if unreproduced else "",
                   os.path.relpath(a.bin, root)))
        f.write("| # | ID | clause / kind | what | driver line | inputs | reproducer |\n")
        f.write("| --- | --- | --- | --- | --- | --- | --- |\n")
        for n, b in enumerate(listed, 1):
            f.write("| %d | `%s` | %s | %s | %s%s | %d | [%s](%s)%s |\n"
                    % (n, b["id"], b["clause"], b["detail"].replace("|", "\\|")[:140], where(b),
                       " (%s)" % b["func"] if b["func"] else "", len(b["inputs"]), os.path.basename(b["repro"]),
                       b["repro"], "" if b["replays"] else " (does not replay)"))
        if unreproduced:
            f.write("\nNot reproduced (known rows only, or flaky): %s\n"
                    % ", ".join(os.path.basename(p) for p in unreproduced))
    for n, b in enumerate(listed, 1):
        print("%s %s -- %s [%s] (%d input%s) -> %s%s" % (b["id"], b["clause"], b["detail"][:100], where(b),
                                                        len(b["inputs"]), "" if len(b["inputs"]) == 1 else "s",
                                                        os.path.join(a.out, b["repro"]),
                                                        "" if b["replays"] else " (does not replay)"))
    if unreproduced:
        print("not reproduced: %d file(s)" % len(unreproduced))
    print("report: %s" % os.path.join(a.out, "report.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
