#!/bin/sh
# tests/integration/links.sh - cases that report the same listing form one
# group (SPEC §7): 40 reports of one listing give 39 "case.linked"
# events, one on each case that joined (pairwise links gave 1,560), and
# every case lists the others. TAP output.
set -u
: "${REPORTGATE:?}"
: "${srcdir:?}"
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-links-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }
[ -x "$PY" ] || { echo "1..0 # SKIP no $PY"; exit 0; }
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
mkdir "$T/in"
"$PY" - "$T/in" 40 <<'PYEOF'
import sys
d, k = sys.argv[1], int(sys.argv[2])
for i in range(k):
    with open("%s/%03d.eml" % (d, i), "w") as f:
        f.write("From: Reporter %d <r%d@brand%d.example>\nTo: ip@gw.example.net\n"
                "Subject: Report %d\nMessage-ID: <links-%d@brand.example>\n\n"
                "Infringing: https://marketplace.alibabacloud.com/products/1/same1.html\n"
                % (i, i, i, i, i))
PYEOF
"$REPORTGATE" ingest "$T"/in/*.eml > /dev/null 2>>"$T/log"
sql() { "$PY" -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$T/rg.db" "$1"; }
check "40 cases" [ "$(sql "SELECT count(*) FROM cases")" -eq 40 ]
check "39 case.linked events, one per case that joined the group" \
	[ "$(sql "SELECT count(*) FROM events WHERE type = 'case.linked'")" -eq 39 ]
check "no case has more than one" [ "$(sql "SELECT max(c) FROM (SELECT count(*) c FROM events WHERE type = 'case.linked' GROUP BY case_id)")" -eq 1 ]
last=$("$REPORTGATE" cases list --json | "$PY" -c 'import json,sys; print([json.loads(l) for l in sys.stdin][-1]["ref"])')
check "the last case lists the 39 others" [ "$("$REPORTGATE" cases show "$last" --json | \
	"$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["same_listing"]))')" -eq 39 ]
echo "1..$n"
[ $fails -eq 0 ]
