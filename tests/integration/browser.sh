#!/bin/sh
# tests/integration/browser.sh - the staff console in a real browser:
# a store filled by ingesting deploy/sample-mail (and a stranger's mail,
# which flags a case for staff) with a listing directory naming the
# vendors of the first report's two listings, a real `reportgate serve`, and
# tests/browser/console.py driving headless Chromium through Selenium.
# Screenshots go to tests/integration/browser-shots/ in the build tree.
# Skips only where Chromium, its driver or python3-selenium is missing
# (deploy/install-deps.sh installs them). TAP from console.py.
set -u
: "${REPORTGATE:?}"
PY=/usr/bin/python3
if ! command -v chromium >/dev/null 2>&1 || [ ! -x /usr/bin/chromedriver ]; then
	echo "1..0 # SKIP Chromium is not installed (apt-get install chromium chromium-driver)"
	exit 0
fi
if ! "$PY" -c 'import selenium' 2>/dev/null; then
	echo "1..0 # SKIP python3-selenium is not installed"
	exit 0
fi
for tool in curl; do
	command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool is not installed"; exit 0; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-browser-XXXXXX")
. "$srcdir/tests/integration/web-lib.sh"
trap web_cleanup EXIT
trap 'exit 1' INT TERM
SHOTS=$(pwd)/tests/integration/browser-shots
mkdir -p "$SHOTS"
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att
[web]
decisions = true
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
Y=$(date -u +%Y)
setup_failed() { echo "not ok 1 - $1"; sed 's/^/# /' "$T/log" 2>/dev/null | tail -20; echo "1..1"; exit 1; }
"$REPORTGATE" ingest "$srcdir"/deploy/sample-mail/*.eml >/dev/null 2>>"$T/log" ||
	setup_failed "the sample mails are ingested"
# The listings of the first sample report belong to two vendors.
printf 'listing_id,vendor_name,vendor_email,title\ncmjj00012345,Tool Shop,tools@shop-a.example,Tools\ncmjj00067890,Other Shop,other@shop-b.example,Tools\n' > "$T/dir.csv"
"$REPORTGATE" listings import "$T/dir.csv" >/dev/null 2>>"$T/log" ||
	setup_failed "the listing directory is imported"
"$PY" "$srcdir/tests/integration/mkmail.py" --from 'Mallory <m@stranger.example>' \
	--subject "Re: [IPR-$Y-000001] your report" \
	--body "I am not part of this case but want to say something." > "$T/stranger.eml"
"$REPORTGATE" ingest "$T/stranger.eml" >/dev/null 2>>"$T/log" ||
	setup_failed "the stranger's mail is ingested"
PASSWORD=browser-pass-1
printf '%s\n' "$PASSWORD" | "$REPORTGATE" users add dana --role decider >/dev/null 2>>"$T/log" &&
printf '%s\n' "$PASSWORD" | "$REPORTGATE" users add lou --role viewer >/dev/null 2>>"$T/log" ||
	setup_failed "the accounts are added"
"$REPORTGATE" serve --listen 127.0.0.1:0 2>"$T/serve.log" </dev/null &
SPID=$!
i=0
PORT=
while [ $i -lt 100 ] && [ -z "$PORT" ] && kill -0 "$SPID" 2>/dev/null; do
	PORT=$(sed -n 's/.*event=web.listening .*port=\([0-9]*\).*/\1/p' "$T/serve.log")
	[ -z "$PORT" ] && sleep 0.1
	i=$((i + 1))
done
[ -n "$PORT" ] || setup_failed "serve starts"
NOTICES=$("$REPORTGATE" cases list --all --json 2>>"$T/log" | wc -l)
U=http://127.0.0.1:$PORT NOTICES=$NOTICES SHOTS=$SHOTS PROFILE=$T/profile PASSWORD=$PASSWORD \
	REF_FLAGGED=IPR-$Y-000005 REF_ZH=IPR-$Y-000004 REF_READY=IPR-$Y-000001 \
	timeout 300 "$PY" "$srcdir/tests/browser/console.py"
