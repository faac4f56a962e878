#!/usr/bin/env python3
"""The benchmark of ./build.sh bench (scripts/bench.sh, docs/BENCH.md).

Standard library only.  Builds what it needs through the Makefile, then
measures (1) throughput of fuzz_map against an empty target and of the CLI,
(2) time to detect the seeded bugs (tests/bugs/*.patch) for fuzz_map and
fuzz_naive with libFuzzer and AFL++, (3) takes the core's coverage from
./build.sh coverage, and writes out/bench/*.csv, out/bench/survival.svg and
the results table into docs/BENCH.md and README.md between the markers
<!-- bench:begin --> and <!-- bench:end -->.
"""
import argparse
import concurrent.futures as cf
import csv
import datetime
import glob
import math
import os
import queue
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
SEEDS = sorted(glob.glob(os.path.join(OUT, "corpus", "fuzz_map", "*.bin")))
VIOLATED = re.compile(rb"mapfuzz: ([A-Z][A-Z-]*) violated")
SANITIZER = re.compile(rb"ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|runtime error:")

# Bug sets (docs/BENCH.md says why).  The full bench runs every core with
# fuzz_map under both engines and FULL_SUBSET with fuzz_naive: three bugs the
# naive baseline can reach (a map with a valid address, a zero length, a bad
# unmap) and two it cannot (host RAM is fixed, no fault plan), since every
# miss costs the whole cap.
FULL_SUBSET = [
    "offset_lost", "len_zero_accepted", "unmap_wrong_length",
    "host_ram_bus_addr", "translate_fail_as_resources",
]
QUICK_SET = ["offset_lost", "len_zero_accepted", "overlap_one_byte", "claim_leak_on_va_fail"]
COMBOS = [("fuzz_map", "libfuzzer"), ("fuzz_map", "afl"), ("fuzz_naive", "libfuzzer"), ("fuzz_naive", "afl")]
# One map of a valid bus address in the fixed window of fuzz_naive
# (0x01 = map, 8 bytes address, 4 bytes length); a single 0 byte (an unmap of
# nothing) if that seed already trips the bug.
NAIVE_SEEDS = [bytes([1]) + (0xF0000010).to_bytes(8, "little") + (0x100).to_bytes(4, "little"), b"\0"]

LF_ENV = {"ASAN_OPTIONS": "abort_on_error=1:detect_leaks=1:symbolize=0",
          "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=0:symbolize=0"}
AFL_ENV = {"AFL_SKIP_CPUFREQ": "1", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES": "1", "AFL_NO_UI": "1",
           "AFL_BENCH_UNTIL_CRASH": "1", "AFL_QUIET": "1",
           "ASAN_OPTIONS": "abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=1",
           "UBSAN_OPTIONS": "halt_on_error=1:abort_on_error=1:symbolize=0"}


def log(msg):
    print("bench: " + msg, flush=True)


def env_with(extra):
    e = dict(os.environ)
    e.update(extra)
    return e


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)


def make(targets, core=None, name=None):
    cmd = ["make", "-s", "-j%d" % os.cpu_count()]
    if core:
        cmd += ["OUT=%s/cores/%s" % (OUT, name), "OBJ=%s/obj" % OUT, "CORE=" + core]
    else:
        cmd += ["OUT=" + OUT]
    r = run(cmd + targets)
    if r.returncode != 0:
        sys.stderr.write(r.stdout.decode(errors="replace")[-3000:])
        raise SystemExit("bench: build failed: " + " ".join(targets))


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    clang = run(["clang", "--version"]).stdout.decode().splitlines()[0].strip()
    afl = "not installed"
    if shutil.which("afl-fuzz"):
        m = re.search(rb"afl-fuzz\+*\s*([0-9][0-9a-z.]*)", run(["afl-fuzz", "-h"]).stdout)
        afl = "AFL++ " + (m.group(1).decode() if m else "?")
    try:
        load = open("/proc/loadavg").read().split()[0]
    except OSError:
        load = "?"
    return {"nproc": os.cpu_count(), "cpu": cpu, "clang": clang, "afl": afl, "load": load,
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


# ---------------------------------------------------------------- throughput

# fuzz_map's own max_len (corpus/fuzz_map.options) first: the headline ratio.
# The smaller ones show how the ratio follows the size of the programs.
TP_MAX_LENS = (1400, 256, 64)


def lf_execs(binary, seed_dir, seconds, seed, max_len):
    work = tempfile.mkdtemp(prefix="mfbench-tp-")
    try:
        t0 = time.monotonic()
        r = run([binary, "-keep_seed=1", "-len_control=0", "-max_len=%d" % max_len, "-seed=%d" % seed,
                 "-max_total_time=%d" % seconds, "-print_final_stats=1", "-timeout=10",
                 "-artifact_prefix=%s/" % work, work, seed_dir], env=env_with(LF_ENV))
        wall = time.monotonic() - t0
        m = re.search(rb"stat::number_of_executed_units:\s*(\d+)", r.stdout)
        if r.returncode != 0 or not m:
            raise SystemExit("bench: %s failed in the throughput run:\n%s" % (binary, r.stdout.decode(errors="replace")[-2000:]))
        return int(m.group(1)), wall
    finally:
        shutil.rmtree(work, ignore_errors=True)


def throughput(reps, seconds):
    seed_dir = tempfile.mkdtemp(prefix="mfbench-seeds-")
    for f in SEEDS:
        shutil.copy(f, seed_dir)
    rows = []
    try:
        for max_len in TP_MAX_LENS:
            for i in range(reps):
                for target in ("fuzz_map", "fuzz_empty"):  # alternately: A B A B ...
                    execs, wall = lf_execs(os.path.join(OUT, target), seed_dir, seconds, 1000 + i, max_len)
                    rows.append({"max_len": max_len, "rep": i + 1, "target": target, "seed": 1000 + i,
                                 "execs": execs, "wall_s": "%.3f" % wall, "exec_per_s": "%.0f" % (execs / wall)})
                    log("throughput max_len %d %s rep %d: %d execs in %.2f s = %.0f exec/s"
                        % (max_len, target, i + 1, execs, wall, execs / wall))
    finally:
        shutil.rmtree(seed_dir, ignore_errors=True)
    cli = []
    for i in range(reps):
        for cmd in ("replay", "sweep"):
            t0 = time.monotonic()
            r = run([os.path.join(OUT, "mapfuzz"), cmd] + SEEDS, env=env_with(LF_ENV))
            wall = time.monotonic() - t0
            runs = len(SEEDS)
            if cmd == "sweep":
                m = re.search(rb"sweep: \d+ files, (\d+) runs", r.stdout)
                runs = int(m.group(1)) if m else 0
            cli.append({"rep": i + 1, "command": cmd, "inputs": len(SEEDS), "runs": runs, "wall_s": "%.4f" % wall,
                        "inputs_per_s": "%.0f" % (len(SEEDS) / wall), "runs_per_s": "%.0f" % (runs / wall),
                        "exit": r.returncode})
    return rows, cli


# ---------------------------------------------------------------- detection

def bug_info(name):
    head = open("tests/bugs/%s.patch" % name).read().split("\n--- ")[0]
    m = re.search(r"^expect: *([A-Z][A-Z-]*)", head, re.M)
    return m.group(1) if m else "?"


def seeds_for(name):
    """The shipped seeds minus those that replay to a failure on this core."""
    r = run([os.path.join(OUT, "cores", name, "mapfuzz"), "replay"] + SEEDS, env=env_with(LF_ENV))
    failing = set(m.decode() for m in re.findall(rb"^FAIL ([^:]+):", r.stdout, re.M))
    passing = set(m.decode() for m in re.findall(rb"^PASS ([^:]+):", r.stdout, re.M))
    return [f for f in SEEDS if f in passing and f not in failing]


def naive_seed_for(name):
    """The first candidate seed that fuzz_naive on this core does not crash on."""
    binary = os.path.join(OUT, "cores", name, "fuzz_naive")
    for s in NAIVE_SEEDS:
        with tempfile.NamedTemporaryFile(prefix="mfbench-naive-", delete=False) as f:
            f.write(s)
        r = run([binary, f.name], env=env_with(LF_ENV))
        os.unlink(f.name)
        if r.returncode == 0:
            return s
    return None


def verdict(output):
    m = VIOLATED.search(output)
    if m:
        return m.group(1).decode()
    m = SANITIZER.search(output)
    if m:
        return "sanitizer:" + (m.group(1) or b"UBSan").decode()
    return None


# CPUs the workers own, one each: AFL++ trials bind to theirs.  None when
# there are more workers than CPUs: those trials float.
CPUS = queue.Queue()


def trial(job, cap, deadline):
    """One (bug, harness, engine, trial) on a CPU of its own."""
    cpu = CPUS.get()
    try:
        return run_trial(job, cap, deadline, cpu)
    finally:
        CPUS.put(cpu)


def run_trial(job, cap, deadline, cpu):
    """Returns the CSV row."""
    name, target, engine, seed, seed_files = job
    row = {"bug": name, "expect": bug_info(name), "harness": target, "engine": engine, "seed": seed,
           "seeds": len(seed_files), "detected": 0, "time_s": "", "id": "", "note": ""}
    if time.monotonic() > deadline:
        row["note"] = "not run (budget)"
        return row
    work = tempfile.mkdtemp(prefix="mfbench-%s-" % name)
    try:
        sdir = os.path.join(work, "seeds")
        os.mkdir(sdir)
        # AFL++ queues seeds in descending name order; with -Z it fuzzes
        # them in that order.  Smallest first: the cheap seeds each get a
        # short stage, the big table seeds come last in the first cycle, not
        # first with a stage of seconds that every other bug waits behind
        # (BENCH.md).
        by_size = sorted((f for f in seed_files if not isinstance(f, bytes)), key=lambda f: (os.path.getsize(f), f))
        afl_name = {f: "%04d-%s" % (9999 - rank, os.path.basename(f)) for rank, f in enumerate(by_size)}
        for i, s in enumerate(seed_files):
            if isinstance(s, bytes):
                with open(os.path.join(sdir, "seed%d" % i), "wb") as f:
                    f.write(s)
            elif engine == "afl":
                shutil.copy(s, os.path.join(sdir, afl_name[s]))
            else:
                shutil.copy(s, sdir)
        core = os.path.join(OUT, "cores", name)
        dicts = ["-dict=corpus/fuzz_map.dict"] if target == "fuzz_map" else []
        max_len = 1400 if target == "fuzz_map" else 1024
        if engine == "libfuzzer":
            new = os.path.join(work, "new")
            os.mkdir(new)
            cmd = [os.path.join(core, target), "-seed=%d" % seed, "-max_len=%d" % max_len, "-timeout=10",
                   "-rss_limit_mb=2048", "-max_total_time=%d" % cap, "-artifact_prefix=%s/" % work] + dicts + [new, sdir]
            t0 = time.monotonic()
            try:
                r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env_with(LF_ENV),
                                   timeout=cap + 30)
                out = r.stdout
            except subprocess.TimeoutExpired as e:
                out = e.stdout or b""
            t = time.monotonic() - t0
            crashed = bool(glob.glob(os.path.join(work, "crash-*")) or glob.glob(os.path.join(work, "leak-*")))
            if crashed and b"INITED" not in out:
                row["note"] = "crashed on a seed"
            v = verdict(out) if crashed else None
        else:
            o = os.path.join(work, "afl")
            # -Z: the queue in order, every seed in the first cycle; AFL++'s
            # weighted pick favours cheap inputs and, in a trial of a minute,
            # never reaches the big seeds the bounded tables need (BENCH.md).
            cmd = ["afl-fuzz", "-Z", "-i", sdir, "-o", o, "-s", str(seed), "-V", str(cap), "-m", "none",
                   "-t", "1000+"]
            # afl-fuzz, its fork server and the target hand over every
            # execution; on one core that costs a fraction of what it does
            # across cores (measured: 49k against 13k exec/s).  Each worker
            # owns a core, so two trials never share one.
            env = env_with(AFL_ENV)
            if cpu is None:
                env["AFL_NO_AFFINITY"] = "1"
            else:
                cmd += ["-b", str(cpu)]
            if target == "fuzz_map":
                cmd += ["-x", "corpus/fuzz_map.dict"]
                # Its structural mutator (docs/ENGINES.md); fuzz_naive has none.
                env["AFL_CUSTOM_MUTATOR_LIBRARY"] = os.path.abspath(os.path.join(OUT, "afl", "mapfuzz_mutator.so"))
            cmd += ["--", os.path.join(core, "afl", target)]
            wall0 = time.time()
            try:
                r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                                   timeout=cap + 60)
                out = r.stdout
            except subprocess.TimeoutExpired as e:
                out = e.stdout or b""
            crashes = sorted(glob.glob(os.path.join(o, "default", "crashes", "id:*")), key=os.path.getmtime)
            v = None
            t = cap + 1.0
            if crashes:
                # The first crash, confirmed by the libFuzzer build of the same
                # target replaying it (the verdict line or a sanitizer report).
                t = os.path.getmtime(crashes[0]) - wall0
                rr = run([os.path.join(core, target), crashes[0]], env=env_with(LF_ENV))
                v = verdict(rr.stdout)
            elif b"PROGRAM ABORT" in out:
                row["note"] = "afl-fuzz aborted: " + out.decode(errors="replace").split("PROGRAM ABORT")[-1][:80].strip()
        if v and t <= cap:
            row.update(detected=1, time_s="%.2f" % t, id=v)
            if v != row["expect"] and not v.startswith("sanitizer"):
                row["note"] = (row["note"] + " other ID").strip()
        elif v:
            row["note"] = (row["note"] + " found after the cap").strip()
        elif t <= cap and not row["note"]:
            row["note"] = "stopped without a confirmed finding"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return row


# ---------------------------------------------------------------- reporting

def targets(rows, cap):
    """The targets docs/BENCH.md states ("Targets"), each by its name, met or
    not as the table's data says.  The throughput ratio is a figure, not a
    target: it measures input size, not what a user waits for."""
    out = []
    for engine in ("libfuzzer", "afl"):
        rs = [r for r in rows if r["harness"] == "fuzz_map" and r["engine"] == engine
              and not r["note"].startswith("not run")]
        name = "detection (fuzz_map + %s)" % engine
        if not rs:
            out.append("%s: not run" % name)
            continue
        slow = []
        for bug in sorted(set(r["bug"] for r in rs)):
            ts = [float(r["time_s"]) if r["detected"] else math.inf for r in rs if r["bug"] == bug]
            if statistics.median(ts) >= 5 or max(ts) > cap:
                slow.append(bug)
        missed = sum(1 for r in rs if not r["detected"])
        ok = not slow and not missed
        out.append("%s, every bug in every trial within %d s and every median under 5 s: %s%s" % (
            name, cap, "met" if ok else "**not met**",
            "" if ok else " (%d missed trial(s); median 5 s or more or a miss: %s)" % (
                missed, ", ".join(slow) if slow else "none")))
    return out


def fmt_s(x):
    return "%.1f" % x if x < 10 else "%.0f" % x


def cell(rows, cap):
    """median / max / misses of one (bug, combo): a miss counts as the cap."""
    planned = len(rows)
    rows = [r for r in rows if not r["note"].startswith("not run")]
    if not rows:
        return "not run (budget)" if planned else "not run"
    part = " (%d of %d trials run)" % (len(rows), planned) if len(rows) < planned else ""
    return cell_of(rows, cap) + part


def cell_of(rows, cap):
    ts = sorted(float(r["time_s"]) if r["detected"] else float("inf") for r in rows)
    miss = sum(1 for t in ts if t == float("inf"))
    n = len(ts)
    med = statistics.median(ts) if miss * 2 < n else float("inf")
    if miss == n:
        return "miss (%d/%d)" % (n, n)
    med_s = fmt_s(med) if med != float("inf") else "miss"
    max_s = fmt_s(ts[-1]) if miss == 0 else ">%d" % cap
    return "%s / %s%s" % (med_s, max_s, (" (%d/%d miss)" % (miss, n)) if miss else "")


def survival_svg(path, curves, cap, title):
    """curves: [(label, colour, dash, [times or None], n)]: fraction detected by t."""
    W, H, L, R, T, B = 860, 420, 60, 300, 40, 50
    pw, ph = W - L - R, H - T - B
    x = lambda t: L + pw * min(t, cap) / cap
    y = lambda f: T + ph * (1 - f)
    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (W, H),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="%d" y="20" font-size="14">%s</text>' % (L, title)]
    for i in range(11):
        f = i / 10
        s.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (L, y(f), L + pw, y(f)))
        s.append('<text x="%d" y="%.1f" text-anchor="end">%.1f</text>' % (L - 5, y(f) + 4, f))
    for i in range(7):
        t = cap * i / 6
        s.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>' % (x(t), T, x(t), T + ph))
        s.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (x(t), T + ph + 15, fmt_s(t)))
    s.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>' % (L, T, pw, ph))
    s.append('<text x="%d" y="%d" text-anchor="middle">seconds</text>' % (L + pw / 2, H - 12))
    s.append('<text x="15" y="%d" transform="rotate(-90 15 %d)" text-anchor="middle">fraction of (bug, trial) detected</text>' % (T + ph / 2, T + ph / 2))
    for k, (label, colour, dash, times, n) in enumerate(curves):
        if not n:
            continue
        pts = [(0.0, 0.0)]
        done = 0
        for t in sorted(t for t in times if t is not None and t <= cap):
            pts.append((t, done / n))
            done += 1
            pts.append((t, done / n))
        pts.append((cap, done / n))
        d = " ".join("%.1f,%.1f" % (x(a), y(b)) for a, b in pts)
        s.append('<polyline fill="none" stroke="%s" stroke-width="2" %s points="%s"/>' % (
            colour, 'stroke-dasharray="6,4"' if dash else "", d))
        ly = T + 10 + 18 * k
        s.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2" %s/>' % (
            L + pw + 10, ly, L + pw + 35, ly, colour, 'stroke-dasharray="6,4"' if dash else ""))
        s.append('<text x="%d" y="%d">%s (%d)</text>' % (L + pw + 40, ly + 4, label, n))
    s.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(s) + "\n")


def coverage():
    path = os.path.join(OUT, "coverage", "summary.txt")
    if not os.path.exists(path):
        if "coverage)" not in open("build.sh").read():
            return "not available (no ./build.sh coverage)"
        log("running ./build.sh coverage for the core's figures")
        r = run(["./build.sh", "coverage"])
        if r.returncode != 0 or not os.path.exists(path):
            return "not available (./build.sh coverage failed)"
    for line in open(path):
        f = line.split()
        if f and f[0].endswith("core_ref.c") and len(f) >= 13:
            # Filename Regions Missed Cover Functions Missed Executed Lines Missed Cover Branches Missed Cover
            lines, lmiss, bra, bmiss = int(f[7]), int(f[8]), int(f[10]), int(f[11])
            return "core (src/core/core_ref.c), corpus replay+sweep: lines %s (%d/%d), branches %s (%d/%d) [out/coverage/summary.txt]" % (
                f[9], lines - lmiss, lines, f[12], bra - bmiss, bra)
    return "not available (no src/core/core_ref.c line in out/coverage/summary.txt)"


def put_between_markers(path, text, heading=None):
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    src = open(path).read()
    block = begin + "\n" + text.rstrip("\n") + "\n" + end
    if begin in src and end in src:
        a, b = src.index(begin), src.index(end) + len(end)
        src = src[:a] + block + src[b:]
    else:
        src = src.rstrip("\n") + "\n\n" + (heading + "\n\n" if heading else "") + block + "\n"
    with open(path, "w") as f:
        f.write(src)


def write_csv(path, rows):
    if not rows:
        return
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(prog="./build.sh bench")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--trials", type=int)
    ap.add_argument("--cap", type=int)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--budget", type=int, help="seconds the whole bench may take (default 1800, --quick 300)")
    ap.add_argument("--bugs", help="comma-separated core names for every combination (overrides the sets)")
    ap.add_argument("--only", help="comma-separated combinations to run, e.g. fuzz_map+libfuzzer,fuzz_naive+afl")
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite docs/BENCH.md and README.md")
    a = ap.parse_args()
    mode = "quick" if a.quick else "full"
    trials = a.trials or (3 if a.quick else 5)
    cap = a.cap or (20 if a.quick else 60)
    if trials < 1 or cap < 1:
        raise SystemExit("bench: --trials and --cap take positive numbers")
    allbugs = sorted(os.path.basename(p)[:-len(".patch")] for p in glob.glob("tests/bugs/*.patch"))
    if a.bugs:
        sets = {c: a.bugs.split(",") for c in COMBOS}
    elif a.quick:
        sets = {c: QUICK_SET for c in COMBOS}
    else:
        sets = {c: (allbugs if c[0] == "fuzz_map" else FULL_SUBSET) for c in COMBOS}
    if a.only:
        keep = set(tuple(x.split("+")) for x in a.only.split(","))
        for c in COMBOS:
            if c not in keep:
                sets[c] = []
    have_afl = shutil.which("afl-fuzz") is not None
    if not have_afl:
        log("afl-fuzz not installed: the AFL++ columns are 'not run'")
        for c in COMBOS:
            if c[1] == "afl":
                sets[c] = []
    for c in COMBOS:
        for b in sets[c]:
            if b not in allbugs:
                raise SystemExit("bench: no tests/bugs/%s.patch" % b)
    started = time.monotonic()
    mach = machine()
    os.makedirs(BENCH, exist_ok=True)

    # ---- builds (the shared objects once, then one core at a time in parallel)
    log("building (%s mode: %d trials, cap %d s)" % (mode, trials, cap))
    make(["bench"]
         + ([OUT + "/afl/fuzz_map", OUT + "/afl/fuzz_naive", OUT + "/afl/mapfuzz_mutator.so"] if have_afl else []))
    global SEEDS
    SEEDS = sorted(glob.glob(os.path.join(OUT, "corpus", "fuzz_map", "*.bin")))
    needed = {}
    for (target, engine), bugs in sets.items():
        for b in bugs:
            t = needed.setdefault(b, {"mapfuzz"})
            t.add(target)
            if engine == "afl":
                t.add("afl/" + target)
                t.add(target)  # AFL findings are confirmed with the libFuzzer build
    with cf.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        list(ex.map(lambda b: make(["%s/cores/%s/%s" % (OUT, b, t) for t in sorted(needed[b])],
                                   core="out/bugs/%s.c" % b, name=b), sorted(needed)))
    log("built %d cores in %.0f s" % (len(needed), time.monotonic() - started))

    # ---- throughput: alone, before the detection runs
    reps, secs = (2, 2) if a.quick else (3, 5)
    tp, cli = throughput(reps, secs)
    write_csv(os.path.join(BENCH, "throughput.csv"), tp)
    write_csv(os.path.join(BENCH, "cli.csv"), cli)

    # ---- detection
    jobs = []
    seeds_cache = {}
    skipped = {}
    for (target, engine), bugs in sets.items():
        for b in bugs:
            if target == "fuzz_map":
                if b not in seeds_cache:
                    seeds_cache[b] = seeds_for(b)
                files = seeds_cache[b]
            else:
                s = naive_seed_for(b)
                files = [s] if s is not None else []
            if not files:
                skipped[(b, target, engine)] = "every seed trips the bug"
                continue
            for i in range(trials):
                jobs.append((b, target, engine, i + 1, files))
    # fuzz_map with libFuzzer first, then AFL++, then the baseline, trial by
    # trial: if the budget runs out, what is left is the baseline's last trials.
    jobs.sort(key=lambda j: (j[1] != "fuzz_map", j[2] != "libfuzzer", j[3], j[0]))
    # No trial starts later than this (the budget: 30 min full, 5 min quick).
    budget = a.budget if a.budget else (300 if a.quick else 1800)
    deadline = started + budget - cap - 45
    log("detection: %d trials on %d worker(s), cap %d s" % (len(jobs), a.jobs, cap))
    rows = []
    t_det = time.monotonic()
    allowed = sorted(os.sched_getaffinity(0))
    for w in range(a.jobs):
        CPUS.put(allowed[w] if a.jobs <= len(allowed) else None)
    with cf.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        futs = [ex.submit(trial, j, cap, deadline) for j in jobs]
        for k, fu in enumerate(cf.as_completed(futs), 1):
            r = fu.result()
            rows.append(r)
            if k % 10 == 0 or k == len(jobs):
                log("  %d/%d trials done (%.0f s)" % (k, len(jobs), time.monotonic() - t_det))
    rows.sort(key=lambda r: (r["bug"], r["harness"], r["engine"], r["seed"]))
    write_csv(os.path.join(BENCH, "detect.csv"), rows)

    # ---- summaries
    by = {}
    for r in rows:
        by.setdefault((r["bug"], r["harness"], r["engine"]), []).append(r)
    summary = []
    bugs_any = sorted(set(b for c in COMBOS for b in sets[c]))
    for b in bugs_any:
        srow = {"bug": b, "expect": bug_info(b)}
        for target, engine in COMBOS:
            k = (b, target, engine)
            if b not in sets[(target, engine)]:
                srow["%s+%s" % (target, engine)] = "not run"
            elif k in skipped:
                srow["%s+%s" % (target, engine)] = "not run (%s)" % skipped[k]
            else:
                srow["%s+%s" % (target, engine)] = cell(by.get(k, []), cap)
        summary.append(srow)
    write_csv(os.path.join(BENCH, "detect_summary.csv"), summary)

    ran = [c for c in COMBOS if sets[c]]
    common = [b for b in bugs_any if all(b in sets[c] for c in ran)]
    colours = {("fuzz_map", "libfuzzer"): "#1f77b4", ("fuzz_map", "afl"): "#ff7f0e",
               ("fuzz_naive", "libfuzzer"): "#2ca02c", ("fuzz_naive", "afl"): "#d62728"}
    curves = []
    for dashed in (False, True):
        for c in ran:
            if dashed and len(sets[c]) == len(common):
                continue
            bset = set(sets[c]) if dashed else set(common)
            rs = [r for r in rows if (r["harness"], r["engine"]) == c and r["bug"] in bset
                  and not r["note"].startswith("not run")]
            label = "%s + %s%s" % (c[0], c[1], ", all %d bugs" % len(bset) if dashed else "")
            curves.append((label, colours[c], dashed, [float(r["time_s"]) if r["detected"] else None for r in rs], len(rs)))
    survival_svg(os.path.join(BENCH, "survival.svg"), curves, cap,
                 "Seeded bugs detected by time: solid, the %d bugs every combination ran; dashed, all its bugs "
                 "(legend: number of (bug, trial) runs)" % len(common))

    # ---- the table
    def med(vals):
        return statistics.median(vals) if vals else 0
    def eps_at(max_len):
        e = {t: med([int(r["exec_per_s"]) for r in tp if r["target"] == t and r["max_len"] == max_len])
             for t in ("fuzz_map", "fuzz_empty")}
        return e, (e["fuzz_map"] / e["fuzz_empty"] if e["fuzz_empty"] else 0)
    eps, ratio = eps_at(TP_MAX_LENS[0])
    rp = [float(r["wall_s"]) for r in cli if r["command"] == "replay"]
    sw = [float(r["wall_s"]) for r in cli if r["command"] == "sweep"]
    sw_runs = max((r["runs"] for r in cli if r["command"] == "sweep"), default=0)
    cov = coverage()
    elapsed = time.monotonic() - started
    L = []
    L.append("Generated by `./build.sh bench%s` on %s: %d CPU(s), %s, %s, %s; load average %s at the start. "
             "Took %d min %d s." % (" --quick" if a.quick else "", mach["date"], mach["nproc"], mach["cpu"],
                                    mach["clang"], mach["afl"], mach["load"], elapsed // 60, elapsed % 60))
    L.append("")
    L.append("Mode **%s**: %d trial(s) per cell, cap %d s, %d trial(s) at a time. CSV: `out/bench/*.csv`; "
             "plot: `out/bench/survival.svg`." % (mode, trials, cap, a.jobs))
    L.append("")
    L.append("**Throughput** (libFuzzer, ASan+UBSan, same seeds, `-keep_seed=1 -len_control=0 -max_len=1400`, "
             "%d alternating runs of %d s each, medians): fuzz_map %.0f exec/s, empty target %.0f exec/s, "
             "ratio fuzz_map/empty **%.2f**." % (reps, secs, eps["fuzz_map"], eps["fuzz_empty"], ratio))
    L.append("The ratio by the longest input the engine may make (`-max_len`), same runs otherwise: " + "; ".join(
        "%d bytes %.2f (%.0f against %.0f exec/s)" % (n, eps_at(n)[1], eps_at(n)[0]["fuzz_map"],
                                                      eps_at(n)[0]["fuzz_empty"]) for n in TP_MAX_LENS) + ".")
    L.append("CLI over the %d seeds (%d repetitions, medians): `mapfuzz replay` %.0f inputs/s; "
             "`mapfuzz sweep` %.0f inputs/s, %.0f runs/s (%d runs)." % (
                 len(SEEDS), reps, len(SEEDS) / med(rp), len(SEEDS) / med(sw), sw_runs / med(sw), sw_runs))
    L.append("")
    L.append("**Coverage**: " + cov)
    L.append("")
    L.append("**Time to detect** (seconds from start to the first crash confirmed by its `mapfuzz: <ID> violated` "
             "line or a sanitizer report; `median / max` over the trials; a miss is censored at the cap, "
             "so a max of `>%d` or a median of `miss` is not a measurement):" % cap)
    L.append("")
    hdr = ["bug", "expect"] + ["%s %s" % (t, "libFuzzer" if e == "libfuzzer" else "AFL++") for t, e in COMBOS]
    L.append("| " + " | ".join(hdr) + " |")
    L.append("|" + " --- |" * len(hdr))
    for s in summary:
        L.append("| " + " | ".join([s["bug"], "`%s`" % s["expect"]] + [s["%s+%s" % c] for c in COMBOS]) + " |")
    L.append("")
    tot = []
    for c in COMBOS:
        rs = [r for r in rows if (r["harness"], r["engine"]) == c and not r["note"].startswith("not run")]
        if not rs:
            tot.append("%s %s: not run" % c)
            continue
        found = len(set(r["bug"] for r in rs if r["detected"]))
        nb = len(set(r["bug"] for r in rs))
        tot.append("%s + %s: %d/%d bugs found at least once, %d/%d trials detected" % (
            c[0], c[1], found, nb, sum(r["detected"] for r in rs), len(rs)))
    L.append("Totals: " + "; ".join(tot) + ".")
    L.append("")
    L.append("**Targets** (docs/BENCH.md, \"Targets\"), from the figures above: " + "; ".join(targets(rows, cap)) + ".")
    oth = [r for r in rows if "other ID" in r["note"]]
    if oth:
        L.append("")
        L.append("%d detection(s) named another invariant than the expected one (see `detect.csv`); a violation "
                 "on a broken core is still the bug, the reference core passes every check." % len(oth))
    table = "\n".join(L) + "\n"
    with open(os.path.join(BENCH, "table.md"), "w") as f:
        f.write(table)
    print()
    print(table)
    if not a.no_docs:
        put_between_markers("docs/BENCH.md", table, "## Results")
        put_between_markers("README.md", "See docs/BENCH.md for the method.\n\n" + table, "## Results")
        log("results written into docs/BENCH.md and README.md")
    log("done in %d s" % elapsed)


if __name__ == "__main__":
    main()
