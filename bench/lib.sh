# bench/lib.sh - helpers shared by bench/run.sh and bench/e2e.sh (sourced,
# POSIX sh). Needs: $cc (compiler), $root (top of the source tree), say().
# shellcheck shell=sh disable=SC2154

# bench_build OUT SRC [ARGS...]: compiles SRC into OUT with -O2 and the
# given extra arguments (flags, libraries) unless OUT is newer than SRC.
bench_build() {
	_out=$1; _src=$2; shift 2
	if [ ! -x "$_out" ] || [ -n "$(find "$_src" -newer "$_out")" ]; then
		say "building $(basename "$_out")"
		"$cc" -O2 -std=gnu11 -Wall -Wextra -o "$_out.tmp" "$_src" "$@"
		mv "$_out.tmp" "$_out"
	fi
}

# bench_find_reportgate: prints the binary under test: $REPORTGATE, else
# ./reportgate, else an in-tree build, else the newest non-sanitizer build
# in /tmp/build-*/ (an ASan binary would skew both time and RSS); prints
# nothing when there is none.
bench_find_reportgate() {
	if [ -n "${REPORTGATE:-}" ]; then
		echo "$REPORTGATE"
		return
	fi
	for _c in ./reportgate "$root/reportgate"; do
		[ -x "$_c" ] && { echo "$_c"; return; }
	done
	# shellcheck disable=SC2012,SC2045
	for _c in $(ls -t /tmp/build-*/reportgate 2>/dev/null); do
		grep -qa __asan_init "$_c" 2>/dev/null && continue
		echo "$_c"
		return
	done
}

# bench_numbers NAME VALUE...: exits 2 unless every VALUE is a number.
bench_numbers() {
	_name=$1; shift
	for _v in "$@"; do
		case $_v in
		''|*[!0-9]*) echo "$_name: not a number: $_v" >&2; exit 2 ;;
		esac
	done
}

# bench_summary FILE: the runs that bench/rss.c appended to FILE as
# "wall cpu kb status": the best wall time with the CPU time of that run,
# the highest peak RSS, the last non-zero exit status; "- - - -" when FILE
# does not exist.
bench_summary() {
	[ -f "$1" ] || { echo "- - - -"; return; }
	awk '{ for (k = 1; k <= NF; k++) { split($k, kv, "="); v[kv[1]] = kv[2] }
	       if (best == "" || v["wall"] + 0 < best) {
		       best = v["wall"] + 0; cpu = v["cpu"] + 0 }
	       if (v["maxrss_kb"] + 0 > rss) rss = v["maxrss_kb"] + 0
	       if (v["status"] + 0 != 0) st = v["status"] }
	     END { printf "%.3f %.3f %d %d\n", best, cpu, rss, st + 0 }' "$1"
}

# bench_verdict VALUE OP GOAL: PASS / FAIL, or n/a when VALUE is "-";
# OP is >=, < or <=.
bench_verdict() {
	awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN {
		if (v == "-") { print "n/a"; exit }
		if (op == ">=") ok = v + 0 >= g + 0
		else if (op == "<=") ok = v + 0 <= g + 0
		else ok = v + 0 < g + 0
		print ok ? "PASS" : "FAIL" }'
}

# bench_ratio A B: A / B with two decimals, or "-" when either is "-" or
# B is 0.
bench_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-" || b == "-" || b + 0 == 0) print "-"
		else printf "%.2f\n", a / b }'
}
