#!/usr/bin/env python3
"""Receives AFL++'s StatsD metrics (AFL_STATSD, sent about once a second)
and keeps the latest of each instance in DIR/<banner>.stats, "key value"
lines.  fuzzer_stats, the other source, is rewritten about once a minute.

    afl_statsd_sink.py DIR SECONDS

Binds an ephemeral UDP port on 127.0.0.1 (so campaigns side by side do not
collide), writes it to DIR/port, and exits after SECONDS."""
import os
import socket
import sys
import time


def main():
    if len(sys.argv) != 3 or not sys.argv[2].isdigit():
        sys.exit("usage: afl_statsd_sink.py DIR SECONDS")
    out, deadline = sys.argv[1], time.time() + int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(1.0)
    with open(os.path.join(out, "port.tmp"), "w") as f:
        f.write("%d\n" % sock.getsockname()[1])
    os.replace(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
    while time.time() < deadline:
        try:
            data = sock.recv(65536).decode("ascii", "replace")
        except socket.timeout:
            continue
        # dogstatsd lines: fuzzing.execs_done:123|g|#banner:main,afl_version:...
        stats = {}
        for line in data.splitlines():
            head, _, tags = line.partition("|#")
            name, _, value = head.partition("|")[0].partition(":")
            banner = dict(t.split(":", 1) for t in tags.split(",") if ":" in t).get("banner", "main")
            stats.setdefault(banner, {})[name.rsplit(".", 1)[-1]] = value
        for banner, kv in stats.items():
            if not banner.replace("_", "").isalnum():
                continue
            path = os.path.join(out, banner + ".stats")
            with open(path + ".tmp", "w") as f:
                f.write("".join("%s %s\n" % item for item in sorted(kv.items())))
            os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
