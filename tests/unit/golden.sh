#!/bin/sh
# tests/unit/golden.sh - each tests/fixtures/mail/<case>.eml must parse to
# exactly tests/fixtures/mail/<case>.json, the output of
# `reportgate parse --json <case>.eml` run in that folder (TAP).
# UPDATE_GOLDEN=1 rewrites the .json files instead (review the diff).
srcdir=${srcdir:-.}
dir="$srcdir/tests/fixtures/mail"
REPORTGATE=${REPORTGATE:-./reportgate}
n=0
fail=0
if [ ! -x "$REPORTGATE" ]; then
	echo "1..0 # SKIP no reportgate binary at $REPORTGATE"
	exit 0
fi
tmp=$(mktemp "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 1
trap 'rm -f "$tmp"' EXIT INT TERM
cd "$dir" || exit 1
for eml in *.eml; do
	case=${eml%.eml}
	n=$((n + 1))
	"$REPORTGATE" parse --json "$eml" >"$tmp" 2>/dev/null
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "not ok $n - $case: exit status $rc"
		fail=$((fail + 1))
		continue
	fi
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$tmp" "$case.json"
		echo "ok $n - $case: golden rewritten"
	elif [ ! -f "$case.json" ]; then
		echo "not ok $n - $case: no $case.json (run with UPDATE_GOLDEN=1)"
		fail=$((fail + 1))
	elif cmp -s "$tmp" "$case.json"; then
		echo "ok $n - $case"
	else
		echo "not ok $n - $case: output differs from $case.json"
		diff "$case.json" "$tmp" | sed 's/^/# /' | head -20
		fail=$((fail + 1))
	fi
done
echo "1..$n"
[ "$fail" -eq 0 ]
