#!/usr/bin/env python3
"""The driver part of ./build.sh bench (docs/BENCH.md, "Drivers").

    driver_bench.py [--trials N] [--cap S] [--bugs a,b] [--engines libfuzzer,afl]
                    [--jobs N] [--no-docs]

Planted caller bugs (tests/driver_bugs/*.patch, applied by `make driver-bugs`
to copies of tests/miniports/correct5): per bug and engine, the time and the
executions to the first input that shows the bug's expected ID (its
`expect:` header), over several trials with a cap, from the conformance
programs (corpus/driver/) minus those that already show it.  Beside it,
fuzz_driver's exec/s on correct5 (about 1,300 lines) and fuzz_map's on the
reference core, one after the other in the same run.  Writes
out/bench/drivers.csv, out/bench/drivers.md and, unless --no-docs, the table
into docs/BENCH.md between <!-- bench-drivers:begin --> and
<!-- bench-drivers:end -->.  Standard library only.
"""
import argparse
import concurrent.futures as cf
import csv
import datetime
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
os.chdir(ROOT)
OUT = "out"
BENCH = os.path.join(OUT, "bench")
ASAN = "handle_segv=0:handle_sigbus=0:allow_user_segv_handler=1:detect_leaks=0:abort_on_error=1:symbolize=0"
LF_ENV = {"ASAN_OPTIONS": ASAN, "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=0:symbolize=0"}
AFL_ENV = {"AFL_SKIP_CPUFREQ": "1", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES": "1", "AFL_NO_UI": "1",
           "AFL_BENCH_UNTIL_CRASH": "1", "AFL_QUIET": "1", "AFL_NO_AFFINITY": "1",
           "ASAN_OPTIONS": ASAN + ":allocator_may_return_null=1",
           "UBSAN_OPTIONS": "halt_on_error=1:abort_on_error=1:symbolize=0"}
INPUT_N = re.compile(rb"fuzz_driver: (?:new rows|died) at input #(\d+)")


def keywords(d):
    """The registry keywords a driver reads, as the campaign gives them to
    the structural mutator (MAPFUZZ_DRIVER_KEYWORDS)."""
    kw = set()
    for f in glob.glob(os.path.join(d, "*.[ch]")):
        kw.update(re.findall(r'(?:NDIS_STRING_CONST|RTL_CONSTANT_STRING)\(L?"([A-Za-z0-9_*]+)"\)', open(f).read()))
    return ",".join(sorted(kw)[:32])


def log(msg):
    print("driver-bench: " + msg, flush=True)


def make(*targets):
    r = subprocess.run(["make", "-s", "-j2"] + list(targets), capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("driver-bench: make %s failed:\n%s" % (" ".join(targets), r.stderr[-2000:]))


def bugs():
    out = []
    for p in sorted(glob.glob("tests/driver_bugs/*.patch")):
        h = {}
        for line in open(p):
            if not re.match(r"^[a-z]+: ", line):
                break
            k, v = line.rstrip("\n").split(": ", 1)
            h[k] = v
        out.append(dict(name=os.path.basename(p)[:-6], expect=h.get("expect", "").split(), reach=h.get("reach", "")))
    return out


def shows(output, expect):
    """The expected ID in a replay's or a crash's output."""
    if expect[0] == "SANITIZER":
        return re.search(rb"ERROR: AddressSanitizer|runtime error:", output) is not None
    return re.search(rb"mapfuzz-driver: " + expect[0].encode() + rb" violated", output) is not None


def run_env(extra):
    e = dict(os.environ)
    e.update(extra)
    return e


def replay(binary, path):
    r = subprocess.run([binary, path], capture_output=True, env=run_env(LF_ENV), timeout=60)
    return r.stdout + r.stderr


def seeds_for(bug, binary, all_seeds, dest):
    os.makedirs(dest, exist_ok=True)
    kept = 0
    for s in all_seeds:
        if not shows(replay(binary, s), bug["expect"]):
            shutil.copy(s, dest)
            kept += 1
    if kept == 0:
        with open(os.path.join(dest, "entry"), "wb") as f:
            f.write(b"MFD1\x10")
    return kept


ROWS = re.compile(rb"mapfuzz-driver: ([A-Z][A-Z-]*) violated .*\(clause ([a-z.-]+)\)")


def trial_libfuzzer(binary, seeds, cap, seed, expect):
    """Until the expected ID shows or the cap: a crash that shows only other
    rows (side effects of the same slip, e.g. the adapter block that leaks
    with the mapping) joins the known list and the engine goes on."""
    work = tempfile.mkdtemp(prefix="dbench-")
    known = os.path.join(work, "known.txt")
    open(known, "w").close()
    others = []
    execs = 0
    try:
        os.makedirs(os.path.join(work, "c"))
        t0 = time.monotonic()
        while True:
            left = int(cap - (time.monotonic() - t0))
            if left < 1:
                return False, time.monotonic() - t0, execs, others
            for f in glob.glob(os.path.join(work, "crash-*")):
                os.remove(f)
            r = subprocess.run([binary, "-seed=%d" % (seed + len(others)), "-max_total_time=%d" % left,
                                "-timeout=10", "-rss_limit_mb=2048", "-artifact_prefix=%s/" % work,
                                "-print_final_stats=1", os.path.join(work, "c"), seeds],
                               capture_output=True, env=run_env(dict(LF_ENV, MAPFUZZ_KNOWN=known)),
                               timeout=cap + 60)
            el = time.monotonic() - t0
            out = r.stdout + r.stderr
            m = INPUT_N.search(out)
            n = re.search(rb"stat::number_of_executed_units:\s+(\d+)", out)
            execs += int(m.group(1)) if m else int(n.group(1)) if n else 0
            if not glob.glob(os.path.join(work, "crash-*")):
                return False, el, execs, others
            if shows(out, expect):
                return True, el, execs if m or n else -1, others  # UBSan: no hook tells the count
            rows = sorted(set((i.decode(), c.decode()) for i, c in ROWS.findall(out)))
            if not rows:
                return False, el, execs, others + ["other death"]
            with open(known, "a") as f:
                for i, c in rows:
                    f.write("%s %s\n" % (i, c))
                    others.append("%s %s" % (i, c))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def trial_afl(binary, replay_bin, seeds, cap, seed, expect):
    """As trial_libfuzzer, with afl-fuzz stopping at its first crash."""
    work = tempfile.mkdtemp(prefix="dbench-afl-")
    known = os.path.join(work, "known.txt")
    open(known, "w").close()
    others, execs = [], 0
    try:
        t0 = time.monotonic()
        while True:
            left = int(cap - (time.monotonic() - t0))
            if left < 1:
                return False, time.monotonic() - t0, execs, others
            o = os.path.join(work, "o%d" % len(others))
            subprocess.run(["afl-fuzz", "-i", seeds, "-o", o, "-V", str(left), "-s", str(seed + len(others)),
                            "-m", "none", "-t", "1000+", "--", binary], capture_output=True,
                           env=run_env(dict(AFL_ENV, MAPFUZZ_KNOWN=known,
                                            MAPFUZZ_DRIVER_HINTS=os.path.join(work, "hints"))), timeout=cap + 60)
            el = time.monotonic() - t0
            for st in glob.glob(os.path.join(o, "*", "fuzzer_stats")):
                for line in open(st):
                    if line.startswith("execs_done"):
                        execs += int(line.split(":")[1])
            crashes = sorted(glob.glob(os.path.join(o, "*", "crashes", "id:*")))
            if not crashes:
                return False, el, execs, others
            r = subprocess.run([replay_bin, crashes[0]], capture_output=True, timeout=60,
                               env=run_env(dict(LF_ENV, MAPFUZZ_KNOWN=known)))
            out = r.stdout + r.stderr
            if shows(out, expect):
                return True, el, execs, others
            rows = sorted(set((i.decode(), c.decode()) for i, c in ROWS.findall(out)))
            if not rows:
                return False, el, execs, others + ["other death"]
            with open(known, "a") as f:
                for i, c in rows:
                    f.write("%s %s\n" % (i, c))
                    others.append("%s %s" % (i, c))
    except subprocess.TimeoutExpired:
        return False, cap, execs, others
    finally:
        shutil.rmtree(work, ignore_errors=True)


def throughput(binary, corpus_dir, seconds):
    work = tempfile.mkdtemp(prefix="dbench-tp-")
    try:
        shutil.copytree(corpus_dir, os.path.join(work, "c"))
        r = subprocess.run([binary, "-max_total_time=%d" % seconds, "-print_final_stats=1", "-timeout=10",
                            os.path.join(work, "c")], capture_output=True, env=run_env(LF_ENV), timeout=seconds + 60)
        out = r.stdout + r.stderr
        n = re.search(rb"stat::number_of_executed_units:\s+(\d+)", out)
        t = re.search(rb"stat::average_exec_per_sec:\s+(\d+)", out)
        # libFuzzer's own average counts from process start; ours from the run.
        execs = int(n.group(1)) if n else 0
        return execs // seconds if execs else (int(t.group(1)) if t else 0), execs
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=3)
    ap.add_argument("--cap", type=int, default=60)
    ap.add_argument("--bugs", default="")
    ap.add_argument("--engines", default="libfuzzer,afl")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--throughput", type=int, default=10, help="seconds per exec/s figure")
    ap.add_argument("--no-docs", action="store_true")
    ap.add_argument("--render", action="store_true",
                    help="no run: the table from out/bench/drivers-<engine>.csv of earlier runs (one per engine)")
    a = ap.parse_args()
    if a.render:
        return render(a)
    engines = [e for e in a.engines.split(",") if e]
    if any(e not in ("libfuzzer", "afl") for e in engines) or a.trials < 1 or a.cap < 1:
        sys.exit("driver-bench: --engines takes libfuzzer,afl; --trials and --cap are positive")
    if "afl" in engines and not shutil.which("afl-fuzz"):
        log("afl-fuzz missing: AFL++ not run")
        engines.remove("afl")
    all_bugs = bugs()
    if a.bugs:
        want = a.bugs.split(",")
        unknown = [w for w in want if w not in [b["name"] for b in all_bugs]]
        if unknown:
            sys.exit("driver-bench: no bug %s in tests/driver_bugs/" % ", ".join(unknown))
        all_bugs = [b for b in all_bugs if b["name"] in want]
    os.makedirs(BENCH, exist_ok=True)
    log("building %d planted bugs and correct5 (make driver-bugs, fuzz-driver%s)"
        % (len(all_bugs), ", fuzz-driver-afl" if "afl" in engines else ""))
    make("driver-bugs", "fuzz-driver", "DRIVER=tests/miniports/correct5")
    make("out/fuzz_map", "corpus")
    for b in all_bugs:
        make("fuzz-driver", *(["%s/drivers/%s/afl/fuzz_driver" % (OUT, b["name"]), "%s/afl/driver_mutator.so" % OUT]
                              if "afl" in engines else []), "DRIVER=%s/driver_bugs/%s" % (OUT, b["name"]))
    correct = os.path.join(OUT, "drivers", "correct5", "fuzz_driver")
    kw = keywords("tests/miniports/correct5")
    if kw:
        LF_ENV["MAPFUZZ_DRIVER_KEYWORDS"] = AFL_ENV["MAPFUZZ_DRIVER_KEYWORDS"] = kw
    if "afl" in engines:
        AFL_ENV["AFL_CUSTOM_MUTATOR_LIBRARY"] = os.path.abspath(os.path.join(OUT, "afl", "driver_mutator.so"))
    sdir = os.path.join(BENCH, "driver_seeds")
    shutil.rmtree(sdir, ignore_errors=True)
    os.makedirs(sdir)
    for p in sorted(glob.glob("corpus/driver/*.mfd")):
        dst = os.path.join(sdir, os.path.basename(p)[:-4] + ".bin")
        subprocess.run([correct, p], env=run_env({"MAPFUZZ_DRIVER_CONVERT": dst}), capture_output=True, check=True)
    seeds = sorted(glob.glob(os.path.join(sdir, "*.bin")))

    # Throughput, one after the other: fuzz_driver on correct5, fuzz_map.
    log("throughput: fuzz_driver on correct5 and fuzz_map, %d s each" % a.throughput)
    fd_eps, fd_n = throughput(correct, sdir, a.throughput)
    fm_eps, fm_n = throughput(os.path.join(OUT, "fuzz_map"), os.path.join(OUT, "corpus", "fuzz_map"), a.throughput)
    lines = sum(1 for f in glob.glob("tests/miniports/correct5/*.[ch]") for _ in open(f))
    log("fuzz_driver %d exec/s (correct5, %d lines), fuzz_map %d exec/s" % (fd_eps, lines, fm_eps))

    rows = []
    jobs = []
    with cf.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        for b in all_bugs:
            bdir = os.path.join(OUT, "drivers", b["name"])
            lf = os.path.join(bdir, "fuzz_driver")
            bseeds = os.path.join(BENCH, "driver_seeds_" + b["name"])
            shutil.rmtree(bseeds, ignore_errors=True)
            kept = seeds_for(b, lf, seeds, bseeds)
            for e in engines:
                for t in range(a.trials):
                    if e == "libfuzzer":
                        f = pool.submit(trial_libfuzzer, lf, bseeds, a.cap, 1000 + t, b["expect"])
                    else:
                        f = pool.submit(trial_afl, os.path.join(bdir, "afl", "fuzz_driver"), lf, bseeds, a.cap,
                                        1000 + t, b["expect"])
                    jobs.append((b, e, t, kept, f))
        for b, e, t, kept, f in jobs:
            found, el, execs, others = f.result()
            rows.append(dict(bug=b["name"], expect=" ".join(b["expect"]), reach=b["reach"], engine=e, trial=t,
                             seeds=kept, found=found, seconds=round(el, 2), execs=execs,
                             other_rows_first="; ".join(others)))
            log("%-36s %-9s trial %d: %s in %.1f s, %d execs" % (b["name"], e, t + 1,
                                                               "found" if found else "MISS", el, execs))
    meta = dict(date=datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), trials=a.trials, cap=a.cap,
                jobs=a.jobs, cpus=os.cpu_count() or 0, load=round(os.getloadavg()[0], 1), fd_eps=fd_eps,
                fm_eps=fm_eps, lines=lines, throughput=a.throughput)
    for e in engines:
        with open(os.path.join(BENCH, "drivers-%s.csv" % e), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) + list(meta.keys()))
            w.writeheader()
            w.writerows([dict(r, **meta) for r in rows if r["engine"] == e])
    return render(a)


def render(a):
    rows, metas = [], {}
    for p in sorted(glob.glob(os.path.join(BENCH, "drivers-*.csv"))):
        for r in csv.DictReader(open(p)):
            r["found"] = r["found"] == "True"
            r["seconds"] = float(r["seconds"])
            r["execs"] = int(r["execs"])
            rows.append(r)
            metas[r["engine"]] = r
    if not rows:
        sys.exit("driver-bench: no out/bench/drivers-*.csv to render")
    engines = [e for e in ("libfuzzer", "afl") if e in metas]
    all_bugs = [b for b in bugs() if any(r["bug"] == b["name"] for r in rows)]
    m0 = metas[engines[0]]
    md = []
    for e in engines:
        m = metas[e]
        md.append("- %s: %s, %s trial(s) per bug, cap %s s, %s trial(s) at once on %s CPUs, load average %s when it "
                  "ended (other sessions' builds and fuzzers: the times are upper bounds, the executions are not "
                  "affected)." % (e, m["date"], m["trials"], m["cap"], m["jobs"], m["cpus"], m["load"]))
    md += ["", "Throughput, one after the other in the %s run: fuzz_driver on correct5 (%s lines) **%s exec/s**; "
           "fuzz_map on the reference core %s exec/s (libFuzzer, one process, %s s each)."
           % (m0["date"], m0["lines"], m0["fd_eps"], m0["fm_eps"], m0["throughput"]), "",
           "| bug | expect | reached through | engine | found | median s | max s | median execs |",
           "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    misses = 0
    over = 0
    for b in all_bugs:
        for e in engines:
            rs = [r for r in rows if r["bug"] == b["name"] and r["engine"] == e]
            found = [r for r in rs if r["found"]]
            misses += len(rs) - len(found)
            med = statistics.median([r["seconds"] for r in found]) if found else None
            over += med is not None and med > 5
            md.append("| %s | `%s` | %s | %s | %d/%d | %s | %s | %s |" % (
                b["name"], " ".join(b["expect"]), b["reach"], e, len(found), len(rs),
                "%.1f" % med if med is not None else "-",
                "%.1f" % max(r["seconds"] for r in found) if found else "-",
                "%d" % statistics.median([r["execs"] for r in found]) if found else "-"))
    md += ["", "Misses: %d; medians over 5 s: %d." % (misses, over)]
    table = "\n".join(md) + "\n"
    with open(os.path.join(BENCH, "drivers.md"), "w") as f:
        f.write(table)
    print(table)
    if not a.no_docs:
        p = "docs/BENCH.md"
        text = open(p).read() if os.path.exists(p) else ""
        b0, b1 = "<!-- bench-drivers:begin -->", "<!-- bench-drivers:end -->"
        if b0 in text and b1 in text:
            text = text[:text.index(b0) + len(b0)] + "\n" + table + text[text.index(b1):]
            open(p, "w").write(text)
            log("table written into %s" % p)
        else:
            log("%s has no %s marker: table only in %s" % (p, b0, os.path.join(BENCH, "drivers.md")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
