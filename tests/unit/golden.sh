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
# Many files at once go to worker processes: the same lines, in the
# order of the files, whatever the number of workers; an unreadable file
# in the middle costs its own line only, and the exit status says so.
# (Every fixture twice, so the default spreads them over workers.)
set -- *.eml *.eml
for eml in "$@"; do cat "${eml%.eml}.json"; done > "$tmp.want" 2>/dev/null
for jobs in 1 2 3 16 default; do
	n=$((n + 1))
	if [ "$jobs" = default ]; then
		"$REPORTGATE" parse --json "$@" > "$tmp.got" 2>/dev/null
	else
		"$REPORTGATE" parse --json --jobs "$jobs" "$@" > "$tmp.got" \
			2>/dev/null
	fi
	rc=$?
	if [ "$rc" -eq 0 ] && cmp -s "$tmp.want" "$tmp.got"; then
		echo "ok $n - $# files, --jobs $jobs: every report, in order"
	else
		echo "not ok $n - $# files, --jobs $jobs: exit $rc or other output"
		fail=$((fail + 1))
	fi
done
half=$(($# / 2))
n=$((n + 1))
# shellcheck disable=SC2046
"$REPORTGATE" parse --json --jobs 3 $(printf '%s\n' "$@" | head -n "$half") \
	no-such-file.eml $(printf '%s\n' "$@" | tail -n +"$((half + 1))") \
	> "$tmp.got" 2> "$tmp.err"
rc=$?
if [ "$rc" -eq 1 ] && cmp -s "$tmp.want" "$tmp.got" &&
	grep -q 'no-such-file.eml' "$tmp.err"; then
	echo "ok $n - an unreadable file among workers: exit 1, the rest printed"
else
	echo "not ok $n - an unreadable file among workers: exit $rc"
	fail=$((fail + 1))
fi
rm -f "$tmp.want" "$tmp.got" "$tmp.err"
echo "1..$n"
[ "$fail" -eq 0 ]
