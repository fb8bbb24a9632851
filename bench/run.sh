#!/bin/sh
# bench/run.sh - parser benchmark (not a test): `reportgate parse --json`
# against a bare GMime walk (bench/gmime-walk.c) and Python's email package
# (bench/py-walk.py) on one generated corpus, plus peak RSS on one message
# with a big attachment. Prints a Markdown report; see bench/README.md.
#
# Usage: bench/run.sh [--strict] [-n N] [--seed S] [--big MB] [--runs R]
#                     [--batch B] [--report-shaped]
# Env:   REPORTGATE (binary), BENCH_DATA (default /tmp/bench-data),
#        CC (default cc), PYTHON (default /usr/bin/python3)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
data=${BENCH_DATA:-/tmp/bench-data}
cc=${CC:-cc}
python=${PYTHON:-/usr/bin/python3}
strict=0
n=2000
seed=1
big=50
runs=3
batch=500
shape=

usage() {
	sed -n '2,11s/^# \{0,1\}//p' "$0"
	exit "$1"
}

while [ $# -gt 0 ]; do
	case $1 in
	--strict) strict=1 ;;
	-n) n=$2; shift ;;
	--seed) seed=$2; shift ;;
	--big) big=$2; shift ;;
	--runs) runs=$2; shift ;;
	--batch) batch=$2; shift ;;
	--report-shaped) shape=--report-shaped ;;
	-h|--help) usage 0 ;;
	*) echo "run.sh: unknown argument: $1" >&2; usage 2 >&2 ;;
	esac
	shift
done
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
bench_numbers run.sh "$n" "$seed" "$big" "$runs" "$batch"

say() { echo "run.sh: $*" >&2; }
now() { date +%s; }
t_start=$(now)

# --- tools: compiled into $data/bin, never into the repo -------------------
mkdir -p "$data"
data=$(cd "$data" && pwd)
bin=$data/bin
mkdir -p "$bin"
bench_build "$bin/rss" "$here/rss.c"
# shellcheck disable=SC2046
bench_build "$bin/gmime-walk" "$here/gmime-walk.c" $(pkg-config --cflags --libs gmime-3.0)
rss=$bin/rss

# --- the binary under test (bench/lib.sh) ----------------------------------
rg=$(bench_find_reportgate)
if [ -n "$rg" ]; then
	[ -x "$rg" ] || { say "REPORTGATE=$rg is not executable"; exit 2; }
	rg=$(cd "$(dirname "$rg")" && pwd)/$(basename "$rg")
	say "reportgate: $rg"
else
	say "no reportgate binary found (set REPORTGATE): its column is n/a"
fi

# --- corpus, cached by seed, N and the generator's own hash -----------------
gen=$here/gen-corpus.py
ghash=$(sha256sum "$gen" | cut -c1-12)
corpus=$data/corpus-s$seed-n$n${shape:+-report}-$ghash
if [ ! -f "$corpus/.complete" ]; then
	say "generating $n messages (seed $seed) in $corpus"
	rm -rf "$corpus"
	"$python" "$gen" --seed "$seed" -n "$n" $shape "$corpus"
	touch "$corpus/.complete"
fi
bigdir=$data/big-s$seed-$big-$ghash
bigfile=$bigdir/big-${big}mb.eml
if [ ! -f "$bigdir/.complete" ]; then
	say "generating one message with a $big MiB attachment"
	rm -rf "$bigdir"
	"$python" "$gen" --seed "$seed" --one-big "$big" "$bigdir" >/dev/null
	touch "$bigdir/.complete"
fi

work=$(mktemp -d "$data/run.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cd "$corpus"
for f in msg-*.eml; do echo "$f"; done > "$work/list"
nmsg=$(wc -l < "$work/list")
# warm-up: one cat of every file (also gives the byte count)
bytes=$(xargs cat < "$work/list" | wc -c)
cat "$bigfile" > /dev/null

# --- sanity check of the binary under test ----------------------------------
rg_ok=0
if [ -n "$rg" ]; then
	head -n 20 "$work/list" > "$work/sample"
	if xargs "$rg" parse --json < "$work/sample" > "$work/sample.out" \
		2> "$work/sample.err"; then
		lines=$(wc -l < "$work/sample.out")
		objs=$(grep -c '^{.*}$' "$work/sample.out" || true)
		if [ "$lines" -eq 20 ] && [ "$objs" -eq 20 ]; then
			rg_ok=1
		else
			say "reportgate parse printed $lines lines ($objs JSON objects) for 20 files"
		fi
	else
		say "reportgate parse failed on a sample:"
		head -n 5 "$work/sample.err" >&2
	fi
fi

# --- measurements --------------------------------------------------------------
# measure LABEL OUT CMD...: one timed run over the whole list in batches
measure() {
	label=$1; out=$2; shift 2
	"$rss" -o "$work/$label.res" xargs -n "$batch" "$@" \
		< "$work/list" > "$out" 2>> "$work/$label.err" || true
}
i=1
while [ "$i" -le "$runs" ]; do
	say "round $i/$runs"
	[ "$rg_ok" -eq 1 ] && measure rg /dev/null "$rg" parse --json
	[ "$rg_ok" -eq 1 ] && measure rg1 /dev/null "$rg" parse --json --jobs 1
	measure gmime "$work/gmime.out.$i" "$bin/gmime-walk"
	measure py "$work/py.out.$i" "$python" "$here/py-walk.py"
	i=$((i + 1))
done
say "peak RSS on $(basename "$bigfile")"
if [ "$rg_ok" -eq 1 ]; then
	"$rss" -o "$work/rg.big" "$rg" parse --json "$bigfile" \
		> /dev/null 2>> "$work/rg.err" || true
fi
"$rss" -o "$work/gmime.big" "$bin/gmime-walk" "$bigfile" > /dev/null || true
"$rss" -o "$work/py.big" "$python" "$here/py-walk.py" "$bigfile" > /dev/null || true

# the walkers count what they walked: a short count means a broken run
for t in gmime py; do
	got=$(cat "$work/$t.out".* | awk -F'[= ]' '{ for (k = 1; k < NF; k++) if ($k == "msgs") s += $(k + 1) } END { print s + 0 }')
	want=$((nmsg * runs))
	[ "$got" -eq "$want" ] || say "$t walked $got messages, expected $want"
done

read -r rg_t rg_cpu rg_kb rg_st <<EOF
$(bench_summary "$work/rg.res")
EOF
read -r rg1_t rg1_cpu rg1_kb rg1_st <<EOF
$(bench_summary "$work/rg1.res")
EOF
read -r gm_t gm_cpu gm_kb gm_st <<EOF
$(bench_summary "$work/gmime.res")
EOF
read -r py_t py_cpu py_kb py_st <<EOF
$(bench_summary "$work/py.res")
EOF
read -r rgb_t _ rgb_kb rgb_st <<EOF
$(bench_summary "$work/rg.big")
EOF
read -r gmb_t _ gmb_kb gmb_st <<EOF
$(bench_summary "$work/gmime.big")
EOF
read -r pyb_t _ pyb_kb pyb_st <<EOF
$(bench_summary "$work/py.big")
EOF
bigbytes=$(wc -c < "$bigfile")

row() {	# row NAME WALL CPU KB STATUS BIGWALL BIGKB BIGSTATUS
	awk -v name="$1" -v t="$2" -v cpu="$3" -v kb="$4" -v st="$5" \
	    -v bt="$6" -v bkb="$7" -v bst="$8" -v n="$nmsg" -v bytes="$bytes" \
	    'BEGIN {
		if (t == "-") { printf "| %s | n/a | | | | | | |\n", name; exit }
		note = st != 0 ? sprintf(" (exit %d)", st) : ""
		bnote = bst != 0 ? sprintf(" (exit %d)", bst) : ""
		printf "| %s | %.3f%s | %.3f | %.0f | %.1f | %.1f | %s | %s |\n",
		    name, t, note, cpu, n / t, bytes / 1e6 / t, kb / 1024,
		    bt == "-" ? "n/a" : sprintf("%.3f%s", bt, bnote),
		    bkb == "-" ? "n/a" : sprintf("%.1f", bkb / 1024) }'
}

rg_valid=$rg_t
[ "$rg_st" = "-" ] || [ "$rg_st" -eq 0 ] || rg_valid=-
rgb_valid=$rgb_kb
[ "$rgb_st" = "-" ] || [ "$rgb_st" -eq 0 ] || rgb_valid=-
r_gm=$(bench_ratio "$gm_t" "$rg_valid")
r_py=$(bench_ratio "$py_t" "$rg_valid")
rg1_valid=$rg1_t
[ "$rg1_st" = "-" ] || [ "$rg1_st" -eq 0 ] || rg1_valid=-
r1_gm=$(bench_ratio "$gm_t" "$rg1_valid")
r1_py=$(bench_ratio "$py_t" "$rg1_valid")
big_mb=$(awk -v k="$rgb_valid" 'BEGIN { if (k == "-") print "-"; else printf "%.1f MiB\n", k / 1024 }')
v_gm=$(bench_verdict "$r_gm" ">=" 0.60)
v_py=$(bench_verdict "$r_py" ">=" 10)
v_big=$(bench_verdict "$big_mb" "<" 32)

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
cat <<EOF
## reportgate parser benchmark

- corpus: $nmsg messages, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB, seed $seed (\`$corpus\`)
- big message: $(basename "$bigfile"), $(awk -v b="$bigbytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB file
- reportgate: ${rg:-not found}$( [ -n "$rg" ] && [ "$rg_ok" -eq 0 ] && echo " (failed the sanity check, not measured)")
- host: $(nproc) CPU, ${cpu:-unknown CPU}; GMime $(pkg-config --modversion gmime-3.0); $("$python" --version 2>&1)
- method: warm page cache; best wall time of $runs runs; files fed by \`xargs -n $batch\`; MB = 10^6 bytes, RSS in MiB

| tool | wall s | CPU s | msgs/s | MB/s | peak RSS MiB | big msg wall s | big msg peak RSS MiB |
|---|---|---|---|---|---|---|---|
EOF
row "reportgate parse --json" "$rg_t" "$rg_cpu" "$rg_kb" "$rg_st" \
	"$rgb_t" "$rgb_kb" "$rgb_st"
row "reportgate parse --json --jobs 1" "$rg1_t" "$rg1_cpu" "$rg1_kb" \
	"$rg1_st" - - -
row "gmime-walk (C baseline)" "$gm_t" "$gm_cpu" "$gm_kb" "$gm_st" \
	"$gmb_t" "$gmb_kb" "$gmb_st"
row "py-walk (Python email)" "$py_t" "$py_cpu" "$py_kb" "$py_st" \
	"$pyb_t" "$pyb_kb" "$pyb_st"
cat <<EOF

| target | measured | goal | result |
|---|---|---|---|
| parse / gmime-walk throughput | $r_gm | >= 0.60 | $v_gm |
| parse / python throughput | $r_py | >= 10 | $v_py |
| parse peak RSS, ${big} MiB attachment | $big_mb | < 32 MiB | $v_big |

In one process (\`--jobs 1\`, one core; the baselines use one core
too): parse / gmime-walk $r1_gm, parse / python $r1_py. By default
\`parse\` shares many files among one worker process per CPU.

(total bench time $(( $(now) - t_start )) s)
EOF

for t in rg rg1 gmime py; do
	[ -s "$work/$t.err" ] || continue
	say "$t wrote to stderr (first lines):"
	head -n 5 "$work/$t.err" >&2
done
if [ "$strict" -eq 1 ]; then
	for v in "$v_gm" "$v_py" "$v_big"; do
		[ "$v" = PASS ] || exit 1
	done
fi
exit 0
