#!/bin/sh
# bench/e2e.sh - end-to-end intake benchmark (not a test): N messages in a
# throwaway Dovecot, `reportgate poll --once` over imaps into cases, against
# a raw UID FETCH of the same messages over the same TLS (bench/imap-fetch.c),
# plus poll's peak RSS at two mailbox sizes. With --report-shaped the N
# messages are the report-shaped corpus (run.sh's, attachments <= 200 KB)
# and poll's peak RSS over them is judged (<= 32 MiB). Prints a Markdown
# report; see bench/README.md. Must run as root (the Dovecot script needs
# it).
#
# Usage: bench/e2e.sh [--strict] [-n N] [--seed S] [--runs R] [--no-rss]
#                     [--rss LOW,HIGH] [--rss-cap BYTES] [--report-shaped]
# Env:   REPORTGATE (binary), BENCH_DATA (default /tmp/bench-data),
#        DOVECOT_SH (default: tests/integration/dovecot.sh of this tree),
#        CC (default cc), PYTHON (default /usr/bin/python3),
#        E2E_TIMEOUT (seconds per timed run, default 1800), E2E_KEEP=1
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
data=${BENCH_DATA:-/tmp/bench-data}
cc=${CC:-cc}
python=${PYTHON:-/usr/bin/python3}
dovecot_sh=${DOVECOT_SH:-$root/tests/integration/dovecot.sh}
limit=${E2E_TIMEOUT:-1800}
strict=0
n=2000
seed=1
runs=3
do_rss=1
rss_lo=1000
rss_hi=10000
rss_cap=32768
shape=
batch=100	# UIDs per FETCH, both in imap-fetch and in reportgate's config

usage() {
	sed -n '2,16s/^# \{0,1\}//p' "$0"
	exit "$1"
}

while [ $# -gt 0 ]; do
	case $1 in
	--strict) strict=1 ;;
	-n) n=$2; shift ;;
	--seed) seed=$2; shift ;;
	--runs) runs=$2; shift ;;
	--no-rss) do_rss=0 ;;
	--rss) rss_lo=${2%%,*}; rss_hi=${2#*,}; shift ;;
	--rss-cap) rss_cap=$2; shift ;;
	--report-shaped) shape=--report-shaped ;;
	-h|--help) usage 0 ;;
	*) echo "e2e.sh: unknown argument: $1" >&2; usage 2 >&2 ;;
	esac
	shift
done
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
bench_numbers e2e.sh "$n" "$seed" "$runs" "$rss_lo" "$rss_hi" "$rss_cap" "$limit"
if [ "$n" -lt 1 ] || [ "$runs" -lt 1 ] || [ "$rss_lo" -lt 1 ] ||
	[ "$rss_lo" -gt "$rss_hi" ]; then
	echo "e2e.sh: need -n >= 1, --runs >= 1 and 1 <= LOW <= HIGH" >&2
	exit 2
fi

say() { echo "e2e.sh: $*" >&2; }
die() { say "$*"; exit 1; }
now() { date +%s; }
t_start=$(now)

[ "$(id -u)" = 0 ] || die "must run as root (the Dovecot script needs it)"
[ -f "$dovecot_sh" ] || die "no Dovecot script at $dovecot_sh (set DOVECOT_SH)"
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] ||
	die "dovecot is not installed (dovecot-imapd, deploy/install-deps.sh)"
dovecot() { bash "$dovecot_sh" "$@"; }

# --- tools: compiled into $data/bin, never into the repo -------------------
mkdir -p "$data"
data=$(cd "$data" && pwd)
chmod o+x "$data"	# Dovecot's mail user (nobody) must reach its home
bin=$data/bin
mkdir -p "$bin"
bench_build "$bin/rss" "$here/rss.c"
# Debian's libetpan.pc leaks its own -specs= and -Wl,-z flags (the specs
# file makes the program non-PIE and needs libdpkg-perl): keep the rest, as
# configure.ac does. The product's warning set (configure.ac).
etpan_libs=$(pkg-config --libs libetpan |
	sed -e 's/-specs=[^ ]*//g' -e 's/-Wl,-z,[a-z]*//g')
# shellcheck disable=SC2046,SC2086
bench_build "$bin/imap-fetch" "$here/imap-fetch.c" -Wformat=2 -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition \
	-Wpointer-arith -Wcast-qual -Wwrite-strings -Wvla -Wundef \
	-Wnull-dereference -Wimplicit-fallthrough -Wmissing-noreturn \
	$(pkg-config --cflags libetpan) $etpan_libs
rss=$bin/rss
fetch=$bin/imap-fetch

# --- the binary under test (bench/lib.sh) ----------------------------------
rg=$(bench_find_reportgate)
poll_ok=0
if [ -n "$rg" ]; then
	[ -x "$rg" ] || { say "REPORTGATE=$rg is not executable"; exit 2; }
	rg=$(cd "$(dirname "$rg")" && pwd)/$(basename "$rg")
	say "reportgate: $rg"
	if "$rg" poll --help >/dev/null 2>&1; then
		poll_ok=1
	else
		say "SKIP poll: \`$rg poll --help\` fails (no poll command in this build): only the raw fetch is measured"
	fi
else
	say "SKIP poll: no reportgate binary found (set REPORTGATE): only the raw fetch is measured"
fi

# --- corpora, cached by seed, N and the generator's own hash ---------------
gen=$here/gen-corpus.py
ghash=$(sha256sum "$gen" | cut -c1-12)
corpus() {	# corpus DIR N [CAP|--report-shaped]: generates DIR unless complete
	if [ ! -f "$1/.complete" ]; then
		say "generating $2 messages (seed $seed${3:+, $3}) in $1"
		rm -rf "$1"
		case ${3:-} in
		--*) "$python" "$gen" --seed "$seed" -n "$2" "$3" "$1" ;;
		*) "$python" "$gen" --seed "$seed" -n "$2" \
			${3:+--max-attachment "$3"} "$1" ;;
		esac
		touch "$1/.complete"
	fi
}
# the same as bench/run.sh's (with or without --report-shaped)
main_corpus=$data/corpus-s$seed-n$n${shape:+-report}-$ghash
corpus "$main_corpus" "$n" $shape
rss_corpus=$data/corpus-s$seed-n$rss_hi-cap$rss_cap-$ghash
if [ "$poll_ok" -eq 1 ] && [ "$do_rss" -eq 1 ]; then
	corpus "$rss_corpus" "$rss_hi" "$rss_cap"
fi

work=$(mktemp -d "$data/e2e.XXXXXX")
chmod o+x "$work"
dc=$work/dovecot
# shellcheck disable=SC2317
cleanup() {
	if [ -f "$dc/run/test-master.pid" ]; then
		dovecot stop "$dc" || true
	fi
	if [ "${E2E_KEEP:-0}" = 1 ]; then
		say "kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Dovecot on free loopback ports ------------------------------------------
free_ports() {	# two distinct free TCP ports on 127.0.0.1
	"$python" -c 'import socket
a = socket.socket(); a.bind(("127.0.0.1", 0))
b = socket.socket(); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])'
}
started=0
for _ in 1 2 3; do	# a port taken between the probe and the start: retry
	read -r port imaps <<EOF
$(free_ports)
EOF
	if dovecot start "$port" "$dc" "$imaps" >/dev/null; then
		started=1
		break
	fi
done
[ "$started" -eq 1 ] || die "could not start Dovecot (see above)"
say "Dovecot on 127.0.0.1:$port, imaps $imaps, in $dc"
ca=$dc/tls/ca.pem
[ -s "$ca" ] || die "the Dovecot script made no test CA at $ca"

# fresh_mailbox N DIR: stops Dovecot, throws the Maildir away (INBOX,
# Processed and their indexes), starts it again on the same ports and
# delivers the first N messages of corpus DIR. The first goes through the
# script (which tells where the Maildir is); the rest are copied the same
# way in bulk (tmp/, owner, rename into new/), which is what takes seconds
# rather than minutes for 10,000 messages.
# Every timed run starts from the same quiet file system:
# - the old Maildir is moved aside, not deleted, until the bench ends: on
#   ext4 without a journal, every new inode skips, one by one, the inodes
#   freed in the last 5 s to 5 min (recently_deleted), so deleting 2,000
#   files made each file poll created scan them all (a quarter of poll's
#   CPU time, for the bench's own clean-up);
# - then everything is written out (sync): the delivery leaves hundreds
#   of MB of dirty pages, and poll's first batch flush (syncfs, which
#   covers the whole file system) would write them inside the timed run.
maildir=
nold=0
fresh_mailbox() {
	dovecot stop "$dc"
	if [ -n "$maildir" ]; then
		nold=$((nold + 1))
		mkdir -p "$work/old"
		mv "$maildir" "$work/old/$nold"
	fi
	dovecot start "$port" "$dc" "$imaps" >/dev/null
	(cd "$2" && for f in msg-*.eml; do echo "$f"; done) | head -n "$1" \
		> "$work/list"
	first=$(head -n 1 "$work/list")
	got=$(dovecot deliver "$dc" "$2/$first")
	maildir=$(dirname "$(dirname "$got")")
	owner=$(stat -c %u:%g "$got")
	tail -n +2 "$work/list" | (cd "$2" && xargs -r cp -p -t "$maildir/tmp")
	chown -R "$owner" "$maildir/tmp"
	tail -n +2 "$work/list" |
		(cd "$maildir/tmp" && xargs -r mv -t "$maildir/new")
	[ "$(find "$maildir/new" -type f | wc -l)" -eq "$1" ] ||
		die "delivered $(find "$maildir/new" -type f | wc -l) of $1 messages"
	sync
}

# kv FILE KEY: the value of KEY=... in FILE's last line, or "-"
kv() {
	[ -s "$1" ] || { echo -; return; }
	tail -n 1 "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | grep . || echo -
}

# fetch_count FOLDER OUT: messages and bytes in FOLDER, by fetching them
fetch_count() {
	"$fetch" -t 60 -m "$1" 127.0.0.1 "$imaps" > "$2" 2>> "$work/check.err" ||
		true
}

# --- raw fetch: one timed run I on a freshly delivered mailbox ---------------
raw_run() {
	say "raw fetch $1/$runs: delivering $n messages"
	fresh_mailbox "$n" "$main_corpus"
	"$rss" -o "$work/raw.res" timeout "$limit" \
		"$fetch" -t 60 -b "$batch" 127.0.0.1 "$imaps" \
		> "$work/raw.out.$1" 2>> "$work/raw.err" || true
	got=$(kv "$work/raw.out.$1" msgs)
	[ "$got" = "$n" ] || say "raw fetch $1 fetched $got of $n messages"
}

# --- poll ---------------------------------------------------------------------
# write_conf DIR: a config for one poll run with its own store under DIR
write_conf() {
	mkdir -p "$1"
	printf '%s\n' "${DOVECOT_PASS:-testpass}" > "$1/imap.pass"
	chmod 600 "$1/imap.pass"
	cat > "$1/reportgate.conf" <<EOF
# generated by bench/e2e.sh
[store]
path = $1/reportgate.db
attachments_dir = $1/attachments

[imap]
host = 127.0.0.1
port = $imaps
security = imaps
ca_file = $ca
user = ${DOVECOT_USER:-testuser}
password_file = $1/imap.pass
auth = login
timeout = 60
fetch_batch = $batch

[mailbox ip]
folder = INBOX
stream = ip
processed_folder = Processed
quarantine_folder = Quarantine
EOF
}

# poll_run LABEL N CORPUS: one timed `poll --once` over N fresh messages,
# then the checks; appends to LABEL.res and writes LABEL.check (one line
# "cases=C inbox=I processed=P pbytes=B").
poll_run() {
	label=$1; want=$2
	nrun=$((nrun + 1))
	run=$work/run$nrun
	say "$label run: delivering $want messages"
	fresh_mailbox "$want" "$3"
	write_conf "$run"
	conf=$run/reportgate.conf
	if ! "$rg" --config "$conf" check-config > /dev/null 2> "$run/check-config.err"; then
		say "reportgate check-config rejects the generated config:"
		head -n 5 "$run/check-config.err" >&2
	fi
	say "$label run: reportgate poll --once"
	"$rss" -o "$work/$label.res" timeout "$limit" \
		"$rg" --config "$conf" poll --once \
		> "$run/poll.out" 2> "$run/poll.err" || {
		say "$label run: poll exited non-zero; its last lines:"
		tail -n 5 "$run/poll.err" >&2
	}
	if "$rg" --config "$conf" cases list --json > "$run/cases" \
		2> "$run/cases.err"; then
		cases=$(wc -l < "$run/cases")
	else
		cases=-
		say "reportgate cases list --json failed:"
		head -n 3 "$run/cases.err" >&2
	fi
	fetch_count INBOX "$run/inbox"
	fetch_count Processed "$run/processed"
	# filed counts messages (a follow-up joins its case: fewer cases)
	filed=$(sed -n 's/^filed \([0-9]*\),.*/\1/p' "$run/poll.out")
	echo "cases=$cases filed=${filed:--} inbox=$(kv "$run/inbox" msgs)" \
		"processed=$(kv "$run/processed" msgs)" \
		"pbytes=$(kv "$run/processed" bytes)" >> "$work/$label.check"
}

# --- best of R each: a raw fetch, then a poll, R times --------------------------
# Interleaved, so that both see the same moments of a shared machine (whose
# speed drifts by tens of per cent over a minute) rather than the raw
# fetches all one minute and the polls the next.
nrun=0
i=1
while [ "$i" -le "$runs" ]; do
	raw_run "$i"
	[ "$poll_ok" -eq 1 ] && poll_run poll "$n" "$main_corpus"
	i=$((i + 1))
done
bytes=$(kv "$work/raw.out.1" bytes)	# as served by IMAP (CRLF)
if [ "$poll_ok" -eq 1 ] && [ "$do_rss" -eq 1 ]; then
	poll_run rsslo "$rss_lo" "$rss_corpus"
	poll_run rsshi "$rss_hi" "$rss_corpus"
fi

# --- report -------------------------------------------------------------------
read -r raw_t raw_cpu raw_kb raw_st <<EOF
$(bench_summary "$work/raw.res")
EOF
read -r poll_t poll_cpu poll_kb poll_st <<EOF
$(bench_summary "$work/poll.res")
EOF
read -r lo_t lo_cpu lo_kb lo_st <<EOF
$(bench_summary "$work/rsslo.res")
EOF
read -r hi_t hi_cpu hi_kb hi_st <<EOF
$(bench_summary "$work/rsshi.res")
EOF

# filed WANT LABEL: "yes" when every run of LABEL filed WANT messages
# (new cases or follow-ups joining them) and left INBOX empty with WANT
# messages in Processed, else what went wrong
filed() {
	[ -f "$work/$2.check" ] || { echo -; return; }
	awk -v want="$1" '{ for (k = 1; k <= NF; k++) { split($k, kv, "="); v[kv[1]] = kv[2] }
		if (v["filed"] != want || v["inbox"] != 0 || v["processed"] != want)
			bad = sprintf("run %d: %s filed (%s cases), %s left in INBOX, %s in Processed",
			    NR, v["filed"], v["cases"], v["inbox"], v["processed"]) }
	     END { print bad == "" ? "yes" : bad }' "$work/$2.check"
}
ok_poll=$(filed "$n" poll)
ok_lo=$(filed "$rss_lo" rsslo)
ok_hi=$(filed "$rss_hi" rsshi)
lo_bytes=$(kv "$work/rsslo.check" pbytes)
hi_bytes=$(kv "$work/rsshi.check" pbytes)

# row NAME N BYTES WALL CPU KB STATUS FILED
row() {
	awk -v name="$1" -v n="$2" -v bytes="$3" -v t="$4" -v cpu="$5" \
	    -v kb="$6" -v st="$7" -v filed="$8" 'BEGIN {
		if (t == "-") { printf "| %s | %s | n/a | | | | | | |\n", name, n; exit }
		note = st != 0 ? sprintf(" (exit %d)", st) : ""
		printf "| %s | %d | %.3f%s | %.3f | %.0f | %s | %.1f | %s |\n",
		    name, n, t, note, cpu, n / t,
		    bytes == "-" ? "n/a" : sprintf("%.1f", bytes / 1e6 / t),
		    kb / 1024, filed }'
}

# a failed run (non-zero exit, or not every message filed) gives no ratio
valid() {	# valid VALUE STATUS FILED
	if [ "$1" = - ] || [ "$2" != 0 ] || [ "$3" != yes ]; then echo -; else echo "$1"; fi
}
raw_rate=$(awk -v t="$raw_t" -v n="$n" 'BEGIN { if (t == "-") print "-"; else print n / t }')
raw_ok=yes
for f in "$work"/raw.out.*; do
	[ "$(kv "$f" msgs)" = "$n" ] || raw_ok="fetched $(kv "$f" msgs) of $n"
done
raw_rate=$(valid "$raw_rate" "$raw_st" "$raw_ok")
poll_rate=$(awk -v t="$poll_t" -v n="$n" 'BEGIN { if (t == "-") print "-"; else print n / t }')
poll_rate=$(valid "$poll_rate" "$poll_st" "$ok_poll")
r_tput=$(bench_ratio "$poll_rate" "$raw_rate")
r_rss=$(bench_ratio "$(valid "$hi_kb" "$hi_st" "$ok_hi")" \
	"$(valid "$lo_kb" "$lo_st" "$ok_lo")")
v_tput=$(bench_verdict "$r_tput" ">=" 0.50)
v_rss=$(bench_verdict "$r_rss" "<=" 1.2)
# report-shaped: poll's own peak over the N messages, in MiB
poll_mib=$(awk -v kb="$(valid "$poll_kb" "$poll_st" "$ok_poll")" \
	'BEGIN { if (kb == "-") print "-"; else printf "%.1f", kb / 1024 }')
v_mib=$(bench_verdict "$poll_mib" "<=" 32)
if [ "$poll_ok" -eq 0 ]; then
	v_filed=n/a
elif [ "$ok_poll" = yes ] && { [ "$do_rss" -eq 0 ] ||
	{ [ "$ok_lo" = yes ] && [ "$ok_hi" = yes ]; }; }; then
	v_filed=PASS
else
	v_filed=FAIL
fi

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
dcv=$(/usr/sbin/dovecot --version 2>/dev/null | cut -d' ' -f1 || echo '?')
kib=$((rss_cap / 1024))
echo "## reportgate end-to-end intake benchmark"
echo
echo "- mailbox: $n ${shape:+report-shaped }messages, $(awk -v b="$bytes" 'BEGIN { if (b == "-") print "?"; else printf "%.1f", b / 1e6 }') MB as served by IMAP, seed $seed (\`$main_corpus\`)"
echo "- server: Dovecot $dcv on 127.0.0.1:$imaps, imaps (TLS), a fresh Maildir before every run"
if [ "$poll_ok" -eq 1 ]; then
	echo "- reportgate: $rg"
else
	echo "- reportgate: ${rg:-not found}: \`poll\` not available, poll runs skipped"
fi
echo "- host: $(nproc) CPU, ${cpu_model:-?}; libetpan $(pkg-config --modversion libetpan)"
echo "- method: best wall time of $runs runs each, raw fetch and poll taking turns (process start to exit); $batch UIDs per FETCH; MB = 10^6 bytes, RSS in MiB"
[ "$poll_ok" -eq 1 ] && [ "$do_rss" -eq 1 ] &&
	echo "- RSS runs: $rss_lo and $rss_hi messages, the same mix with every attachment capped at $kib KiB (\`$rss_corpus\`), one run each"
echo
echo "| run | msgs | wall s | CPU s | msgs/s | MB/s | peak RSS MiB | all filed |"
echo "|---|---|---|---|---|---|---|---|"
row "raw UID FETCH (imap-fetch)" "$n" "$bytes" "$raw_t" "$raw_cpu" \
	"$raw_kb" "$raw_st" "$( [ "$raw_ok" = yes ] && echo "n/a (fetch only)" || echo "$raw_ok")"
if [ "$poll_ok" -eq 1 ]; then
	row "reportgate poll --once" "$n" "$bytes" "$poll_t" "$poll_cpu" \
		"$poll_kb" "$poll_st" "$ok_poll"
	if [ "$do_rss" -eq 1 ]; then
		row "poll --once, ≤ $kib KiB attachments" "$rss_lo" "$lo_bytes" \
			"$lo_t" "$lo_cpu" "$lo_kb" "$lo_st" "$ok_lo"
		row "poll --once, ≤ $kib KiB attachments" "$rss_hi" "$hi_bytes" \
			"$hi_t" "$hi_cpu" "$hi_kb" "$hi_st" "$ok_hi"
	fi
fi
echo
echo "| target | measured | goal | result |"
echo "|---|---|---|---|"
echo "| poll / raw fetch throughput (msgs/s) | $r_tput | >= 0.50 | $v_tput |"
[ "$do_rss" -eq 1 ] &&
	echo "| peak RSS $rss_hi / $rss_lo messages | $r_rss | <= 1.2 | $v_rss |"
[ -n "$shape" ] &&
	echo "| poll peak RSS MiB, $n report-shaped messages | $poll_mib | <= 32 | $v_mib |"
case $v_filed in
PASS) m_filed="every run" ;;
FAIL) m_filed="not every run (column all filed)" ;;
*) m_filed=- ;;
esac
echo "| cases = messages, INBOX empty, all in Processed | $m_filed | every run | $v_filed |"
echo
echo "(total bench time $(($(now) - t_start)) s)"

for f in raw check; do
	[ -s "$work/$f.err" ] || continue
	say "stderr of $f:"
	head -n 5 "$work/$f.err" >&2
done
if [ "$strict" -eq 1 ]; then
	for v in "$v_tput" "$v_rss" "$v_filed"; do
		[ "$v" = PASS ] || exit 1
	done
	[ -z "$shape" ] || [ "$v_mib" = PASS ] || exit 1
fi
exit 0
