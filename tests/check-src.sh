#!/bin/sh
# tests/check-src.sh - source policy (STYLE.md 3.1, 3.10), as TAP:
# calls go downward only, GMime only in its edge files, banned functions.
srcdir=${srcdir:-.}
cd "$srcdir" || exit 1
n=0
fail=0
check() { # check "what" command...
	what=$1
	shift
	n=$((n + 1))
	out=$("$@" 2>/dev/null)
	if [ -z "$out" ]; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		echo "$out" | sed 's/^/#   /'
		fail=1
	fi
}
inc() { # inc DIR PATTERN: lines in DIR/*.[ch] including PATTERN
	grep -nE "^#[[:space:]]*include[[:space:]]+[\"<]($2)" "$1"/*.[ch] 2>/dev/null
}
check "common includes no other module" inc common 'parsers/|templates/|store/|intake/|gmime|glib|sqlite3|curl|libetpan'
check "parsers include only common" inc parsers 'templates/|store/|intake/'
check "templates include only common" inc templates 'parsers/|store/|intake/|gmime|glib|sqlite3|curl'
check "store includes only common" inc store 'parsers/|templates/|intake/|gmime|curl|libetpan'
check "only parsers/mime*.c and intake/mailbuild.c include GMime" \
	sh -c "grep -lE '^#[[:space:]]*include[[:space:]]+<gmime/' common/*.[ch] parsers/*.[ch] templates/*.[ch] store/*.[ch] intake/*.[ch] | grep -vE '^(parsers/mime(-[a-z]+)?\.[ch]|intake/mailbuild.c)$'"
check "only store/db.c opens sqlite" \
	sh -c "grep -lE 'sqlite3_open' common/*.c parsers/*.c templates/*.c store/*.c intake/*.c | grep -v '^store/db.c$'"
check "only intake/imap.c interprets MAILIMAP codes" \
	sh -c "grep -lE 'MAILIMAP_(NO_)?ERROR' common/*.c parsers/*.c templates/*.c store/*.c intake/*.c | grep -v '^intake/imap' "
check "no banned functions" \
	sh -c "grep -nE '(^|[^_a-zA-Z0-9.>])(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|system|popen|alloca)[[:space:]]*\(' common/*.c parsers/*.c templates/*.c store/*.c intake/*.c"
check "raw malloc family only in common/mem.c" \
	sh -c "grep -nE '(^|[^_a-zA-Z0-9x])(malloc|calloc|realloc|strdup|strndup)[[:space:]]*\(' common/*.c parsers/*.c templates/*.c store/*.c intake/*.c | grep -v '^common/mem.c:'"
echo "1..$n"
exit $fail
