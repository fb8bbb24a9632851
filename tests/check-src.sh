#!/bin/sh
# tests/check-src.sh - source policy (docs/DEVELOPERS.md), as TAP:
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
ROOMS="common parsers templates store outbox intake workflow console cli"
SRC_C=$(for r in $ROOMS; do printf '%s/*.c ' "$r"; done)
SRC_H=$(for r in $ROOMS; do printf '%s/*.[ch] ' "$r"; done)
export SRC_C SRC_H
# The rooms, lowest first (docs/DEVELOPERS.md, "Rooms"): a room includes
# only the rooms before it in its own line.
ALL='common|parsers|templates|store|outbox|intake|workflow|console|cli'
may() { # may ROOM ALLOWED...: ROOM includes no room but itself and ALLOWED
	room=$1
	shift
	allowed="$room"
	for a in "$@"; do allowed="$allowed|$a"; done
	grep -nE "^#[[:space:]]*include[[:space:]]+\"($ALL)/" "$room"/*.[ch] 2>/dev/null |
		grep -vE "^[^:]*:[0-9]+:#[[:space:]]*include[[:space:]]+\"($allowed)/"
}
check "common includes no other room nor library" sh -c \
	"grep -nE '^#[[:space:]]*include[[:space:]]+[\"<]((parsers|templates|store|outbox|intake|workflow|console|cli)/|gmime|glib|sqlite3|curl|libetpan)' common/*.[ch]"
check "parsers include only common" may parsers common
check "templates include only common" may templates common
check "store includes only common" may store common
check "outbox includes only common, parsers, templates, store" \
	may outbox common parsers templates store
check "intake includes only common, parsers, templates, store" \
	may intake common parsers templates store
check "workflow includes only the rooms below it and outbox" \
	may workflow common parsers templates store outbox
check "console includes only the rooms below it and workflow" \
	may console common parsers templates store outbox workflow
check "no library in templates, no GMime/curl/libetpan in store" \
	sh -c "grep -nE '^#[[:space:]]*include[[:space:]]+<(gmime|glib|sqlite3|curl|libetpan)' templates/*.[ch];
	grep -nE '^#[[:space:]]*include[[:space:]]+<(gmime|curl|libetpan)' store/*.[ch]"
check "only parsers/mime*.c and outbox/mailbuild.c include GMime" \
	sh -c "grep -lE '^#[[:space:]]*include[[:space:]]+<gmime/' $SRC_H | grep -vE '^(parsers/mime(-[a-z]+)?\.[ch]|outbox/mailbuild.c)$'"
check "only store/db.c opens sqlite" \
	sh -c "grep -lE 'sqlite3_open' $SRC_C | grep -v '^store/db.c$'"
check "only intake/imap.c interprets MAILIMAP codes" \
	sh -c "grep -lE 'MAILIMAP_(NO_)?ERROR' $SRC_C | grep -v '^intake/imap' "
check "no banned functions" \
	sh -c "grep -nE '(^|[^_a-zA-Z0-9.>])(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|system|popen|alloca)[[:space:]]*\(' $SRC_C"
check "raw malloc family only in common/mem.c" \
	sh -c "grep -nE '(^|[^_a-zA-Z0-9x])(malloc|calloc|realloc|strdup|strndup)[[:space:]]*\(' $SRC_C | grep -v '^common/mem.c:'"
echo "1..$n"
exit $fail
