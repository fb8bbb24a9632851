#!/bin/sh
# bench/console.sh - the staff console's case list (not a test): a store
# of N generated cases (bench/gen-cases.py, default 100,000), `reportgate
# serve` on it, and the median milliseconds of R requests (default 21)
# for each of several list pages, measured by curl, with the CPU time
# serve spent per page (from /proc, so a busy machine inflates the
# milliseconds more than the CPU time). Two baselines from
# the same run: /style.css from the same process (the HTTP floor, no
# store) and `reportgate cases list --json` (every case read, what the
# list page read before it had pages). Prints a Markdown table.
#
# With REPORTGATE_BASE (another build's binary), the same pages are also
# served by that build from the same store, page by page in the same run,
# and the table adds its numbers and the CPU ratio to them.
#
# Usage: bench/console.sh [-n N] [-r R]
# Env:   REPORTGATE (binary; default build-plain/reportgate of this tree),
#        REPORTGATE_BASE (binary to compare with; default none),
#        PYTHON (default /usr/bin/python3), BENCH_DIR (a directory kept
#        between runs: its store is generated once and reused)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rg=${REPORTGATE:-$root/build-plain/reportgate}
python=${PYTHON:-/usr/bin/python3}
n=100000
runs=21
while [ $# -gt 0 ]; do
	case $1 in
	-n) n=$2; shift ;;
	-r) runs=$2; shift ;;
	*) sed -n '2,19s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
	shift
done
[ -x "$rg" ] || { echo "console.sh: no binary $rg (set REPORTGATE)" >&2; exit 1; }

if [ -n "${BENCH_DIR:-}" ]; then
	t=$BENCH_DIR
	mkdir -p "$t"
else
	t=$(mktemp -d "${TMPDIR:-/tmp}/rg-bench-console-XXXXXX")
fi
spids=
cleanup() {
	for p in $spids; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	[ -n "${BENCH_DIR:-}" ] || rm -rf "$t"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cat > "$t/rg.conf" <<CONF
[store]
path = $t/rg.db
attachments_dir = $t/att
[web]
decisions = true
CONF
export REPORTGATE_CONFIG="$t/rg.conf"
if [ ! -s "$t/generated" ] || [ "$(cat "$t/generated")" != "$n" ]; then
	rm -rf "$t/rg.db" "$t/rg.db-wal" "$t/rg.db-shm" "$t/att"
	printf 'bench-password\n' | "$rg" users add alice --role admin >/dev/null
	s0=$(date +%s)
	"$python" "$here/gen-cases.py" "$t/rg.db" "$n"
	echo "$n" > "$t/generated"
	echo "generated $n cases in $(( $(date +%s) - s0 )) s" >&2
fi

# start_serve BIN LOG: serve from BIN on the store; its pid into $spid
# (appended to $spids), its URL into $u, signed in as alice with the
# cookie jar $jar ($t/jar.LOG).
start_serve() {
	"$1" serve --listen 127.0.0.1:0 2>"$t/$2.log" </dev/null &
	spid=$!
	spids="$spids $spid"
	port=
	i=0
	while [ -z "$port" ] && [ $i -lt 100 ]; do
		port=$(sed -n 's/.*event=web.listening .*port=\([0-9]*\).*/\1/p' "$t/$2.log")
		[ -z "$port" ] && sleep 0.1
		i=$((i + 1))
	done
	[ -n "$port" ] || { cat "$t/$2.log" >&2; exit 1; }
	u=http://127.0.0.1:$port
	jar=$t/jar.$2
	curl -sS -c "$jar" -o "$t/login.html" "$u/login"
	tok=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$t/login.html")
	curl -sS -b "$jar" -c "$jar" -o /dev/null -H "Origin: $u" \
		-d "token=$tok" -d user=alice -d password=bench-password "$u/login"
}
spids=
if [ -n "${REPORTGATE_BASE:-}" ]; then
	start_serve "$REPORTGATE_BASE" serve-base
	bpid=$spid bu=$u bjar=$jar
fi
start_serve "$rg" serve

median() {	# the median of the numbers on stdin
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
cpu() {	# cpu PID: that serve's user + system time so far, in clock ticks
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}
tick=$(getconf CLK_TCK)
page() {	# page PATH [PID URL JAR]: "median-ms cpu-ms-per-page" of $runs GETs
	pp=${2:-$spid} pu=${3:-$u} pj=${4:-$jar}
	code=$(curl -sS -b "$pj" -o "$t/page.html" -w '%{http_code}' "$pu$1")
	[ "$code" = 200 ] || { echo "console.sh: $1 answered $code" >&2; exit 1; }
	c0=$(cpu "$pp")
	i=0
	while [ $i -lt "$runs" ]; do
		curl -sS -b "$pj" -o /dev/null -w '%{time_total}\n' "$pu$1"
		i=$((i + 1))
	done | awk '{ printf "%.2f\n", $1 * 1000 }' | median | tr '\n' ' '
	awk -v a="$c0" -v b="$(cpu "$pp")" -v t="$tick" -v r="$runs" \
		'BEGIN { printf "%.1f\n", (b - a) * 1000 / t / r }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
set -- $(page /style.css)
floor=$1
if [ -n "${REPORTGATE_BASE:-}" ]; then
	echo "| page ($n cases, median of $runs) | ms | × /style.css | serve CPU ms/page | base: ms | base: CPU ms/page | CPU × base |"
	echo "|---|---|---|---|---|---|---|"
	echo "| \`/style.css\` (HTTP floor, no store) | $floor | 1.0 | $2 | | | |"
else
	echo "| page ($n cases, median of $runs) | ms | × /style.css | serve CPU ms/page |"
	echo "|---|---|---|---|"
	echo "| \`/style.css\` (HTTP floor, no store) | $floor | 1.0 | $2 |"
fi
for p in "/" "/?page=200" "/?tab=needs-staff" "/?tab=overdue" \
	"/?tab=unassigned&sort=activity" "/?tab=mine" \
	"/?tab=all&stream=abuse&category=fraud" \
	"/?vendor=vendor7%40shop.example" "/?tab=incomplete&age=300&page=20"; do
	if [ -n "${REPORTGATE_BASE:-}" ]; then
		# the base first, then this build, page by page, so both see
		# the same load
		set -- $(page "$p" "$bpid" "$bu" "$bjar") $(page "$p")
		echo "| \`$p\` | $3 | $(ratio "$3" "$floor") | $4 | $1 | $2 | $(ratio "$4" "$2") |"
	else
		set -- $(page "$p")
		echo "| \`$p\` | $1 | $(ratio "$1" "$floor") | $2 |"
	fi
done
i=0
while [ $i -lt 3 ]; do
	s=$(date +%s%N)
	"$rg" cases list --json >/dev/null
	echo $(( ($(date +%s%N) - s) / 1000000 ))
	i=$((i + 1))
done | median > "$t/list.ms"
echo "| baseline: \`reportgate cases list --json\` (every case, what the list read before pages) | $(cat "$t/list.ms") | | |"
