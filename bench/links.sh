#!/bin/sh
# bench/links.sh - N reports (default 600) naming one listing, ingested in
# two halves into a fresh store: prints the seconds of each half and the
# ratio second/first. With cases grouped by listing (store/related.c) the
# ratio stays near 1; with a link per pair it grew with N.
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
now() { python3 -c 'import time; print(time.monotonic())'; }
t0=$(now)
"$RG" --config "$T/rg.conf" ingest "$T"/a/*.eml > /dev/null 2>&1
t1=$(now)
"$RG" --config "$T/rg.conf" ingest "$T"/b/*.eml > /dev/null 2>&1
t2=$(now)
python3 - "$t0" "$t1" "$t2" "$N" <<'PYEOF'
import sys
t0, t1, t2, n = map(float, sys.argv[1:5])
a, b = t1 - t0, t2 - t1
print("reports=%d first_half_s=%.2f second_half_s=%.2f ratio=%.2f" % (n, a, b, b / a))
PYEOF
