#!/bin/sh
# tests/unit/corpus.sh - robustness over the real-world corpus (TAP, one
# line per message): `reportgate parse --json FILE` must exit 0 within 20 s
# with exactly one valid JSON object and nothing from a sanitizer on
# stderr. The corpus lives outside the repository: the shared corpus
# beside the checkout (corpus/real in the folder "shared" next to the
# source tree, files listed in its index.tsv), or $RG_CORPUS; without it
# the test is skipped.
srcdir=${srcdir:-.}
beside=$srcdir/..
corpus=${RG_CORPUS:-$beside/shared/corpus/real}
REPORTGATE=${REPORTGATE:-./reportgate}
PY=/usr/bin/python3
if [ ! -f "$corpus/index.tsv" ]; then
	echo "1..0 # SKIP no corpus at $corpus"
	exit 0
fi
if [ ! -x "$PY" ] || [ ! -x "$REPORTGATE" ]; then
	echo "1..0 # SKIP needs $PY and $REPORTGATE"
	exit 0
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/corpus.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
i=0
grep -v '^#' "$corpus/index.tsv" | cut -f1 | while IFS= read -r f; do
	i=$((i + 1))
	(cd "$corpus" && timeout 20 "$REPORTGATE" parse --json "$f" \
		>"$work/$i.out" 2>"$work/$i.err")
	printf '%s\t%s\n' "$?" "$f" >>"$work/list"
done
"$PY" - "$work" <<'PYEOF'
import json, sys
work = sys.argv[1]
n = crashes = bad = timeouts = sanitizer = 0
for n, line in enumerate(open(work + "/list", encoding="utf-8"), 1):
    rc, path = line.rstrip("\n").split("\t", 1)
    rc = int(rc)
    why = []
    if rc == 124:
        timeouts += 1
        why.append("timed out")
    elif rc >= 128 or rc in (1, 23):
        crashes += 1
        why.append("exit status %d" % rc)
    elif rc != 0:
        why.append("exit status %d" % rc)
    err = open("%s/%d.err" % (work, n), "rb").read().decode("utf-8", "replace")
    if any(s in err for s in ("AddressSanitizer", "LeakSanitizer",
                              "runtime error", "CRITICAL", "WARNING **")):
        sanitizer += 1
        why.append("stderr: " + err.strip().splitlines()[0][:100])
    if rc == 0:
        lines = open("%s/%d.out" % (work, n), "rb").read().splitlines()
        try:
            if len(lines) != 1:
                raise ValueError("%d lines" % len(lines))
            json.loads(lines[0])
        except Exception as e:
            bad += 1
            why.append("invalid JSON: %s" % str(e)[:80])
    if why:
        print("not ok %d - %s: %s" % (n, path, "; ".join(why)))
    else:
        print("ok %d - %s" % (n, path))
print("# files=%d crashes=%d invalid_json=%d timeouts=%d stderr_reports=%d"
      % (n, crashes, bad, timeouts, sanitizer))
print("1..%d" % n)
sys.exit(1 if crashes or bad or timeouts or sanitizer else 0)
PYEOF
