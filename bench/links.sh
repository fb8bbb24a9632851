#!/bin/sh
# bench/links.sh - N reports (default 600) naming one listing, ingested in
# two halves into a fresh store: prints the seconds of each half and the
# ratio second/first. With cases grouped by listing (store/related.c) the
# ratio stays near 1; with a link per pair it grew with N. N up to 99,999
# (10,000 takes a few minutes on a 2-core machine).
# Usage: [REPORTGATE=path] bench/links.sh [N]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
RG=${REPORTGATE:-$top/build-plain/reportgate}
N=${1:-600}
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-bench-links-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
printf '[store]\npath = %s/rg.db\nattachments_dir = %s/att\n' "$T" "$T" > "$T/rg.conf"
mkdir "$T/a" "$T/b"
python3 - "$T" "$N" <<'PYEOF'
import sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    half = "a" if i < n // 2 else "b"
    with open("%s/%s/%05d.eml" % (d, half, i), "w") as f:
        f.write("From: Reporter %d <r%d@brand%d.example>\nTo: ip@gw.example.net\n"
                "Subject: Report %d\nMessage-ID: <bench-links-%d@brand.example>\n\n"
                "Infringing: https://marketplace.alibabacloud.com/products/1/same1.html\n"
                % (i, i, i, i, i))
PYEOF
# Each half is run and timed from python: the wall-clock seconds and the
# CPU seconds (user + system of reportgate and its workers), the latter
# much less disturbed by other work on a shared machine.
python3 - "$RG" "$T" "$N" <<'PYEOF'
import glob, resource, subprocess, sys, time
rg, d, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def half(name):
    files = sorted(glob.glob("%s/%s/*.eml" % (d, name)))
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run([rg, "--config", d + "/rg.conf", "ingest"] + files,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    t1 = time.monotonic()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return t1 - t0, cpu
a, ca = half("a")
b, cb = half("b")
print("reports=%d first_half_s=%.2f second_half_s=%.2f ratio=%.2f "
      "first_half_cpu_s=%.2f second_half_cpu_s=%.2f cpu_ratio=%.2f"
      % (n, a, b, b / a, ca, cb, cb / ca))
PYEOF
