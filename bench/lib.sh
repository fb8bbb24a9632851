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
