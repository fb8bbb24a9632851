#!/bin/sh
# tests/check-src.sh - source policy (docs/DEVELOPERS.md), as TAP:
# calls go downward only, GMime only in its edge files, banned functions,
# comments citing only sections of docs/SPEC.md that exist.
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
ROOMS="common documents parsers templates store outbox intake workflow web console portal cli"
SRC_C=$(for r in $ROOMS; do printf '%s/*.c ' "$r"; done)
SRC_H=$(for r in $ROOMS; do printf '%s/*.[ch] ' "$r"; done)
export SRC_C SRC_H
# The rooms, lowest first (docs/DEVELOPERS.md, "Rooms"): a room includes
# only the rooms before it in its own line.
ALL='common|documents|parsers|templates|store|outbox|intake|workflow|web|console|portal|cli'
may() { # may ROOM ALLOWED...: ROOM includes no room but itself and ALLOWED
	room=$1
	shift
	allowed="$room"
	for a in "$@"; do allowed="$allowed|$a"; done
	grep -nE "^#[[:space:]]*include[[:space:]]+\"($ALL)/" "$room"/*.[ch] 2>/dev/null |
		grep -vE "^[^:]*:[0-9]+:#[[:space:]]*include[[:space:]]+\"($allowed)/"
}
check "common includes no other room nor library" sh -c \
	"grep -nE '^#[[:space:]]*include[[:space:]]+[\"<]((documents|parsers|templates|store|outbox|intake|workflow|web|console|portal|cli)/|gmime|glib|sqlite3|curl|libetpan)' common/*.[ch]"
check "documents include only common" may documents common
check "parsers include only common and documents" may parsers common documents
check "only the sandboxed child (documents/) reads documents with poppler, libarchive, libytnef" \
	sh -c "grep -lE '^#[[:space:]]*include[[:space:]]+<(poppler|archive|ytnef|seccomp)' $SRC_H | grep -vE '^documents/(ex_|zipread|sandbox_child)'"
check "templates include only common" may templates common
check "store includes only common" may store common
check "outbox includes only common, parsers, templates, store" \
	may outbox common documents parsers templates store
check "intake includes only common, parsers, templates, store" \
	may intake common documents parsers templates store
check "workflow includes only the rooms below it and outbox" \
	may workflow common documents parsers templates store outbox
check "web includes only common" may web common
check "console includes only the rooms below it and workflow" \
	may console common documents parsers templates store outbox workflow web
check "portal includes the rooms below it but not console" \
	may portal common documents parsers templates store outbox intake \
	workflow web
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
# Comments stand on their own (docs/DEVELOPERS.md, "Files"): a section of
# the contract is cited as "SPEC §n" or "docs/SPEC.md §n" and must exist
# there; the older forms without the section sign, and any pointer to the
# house-style or library-notes documents or the shared folder outside the
# tree, are refused. Every source-like file counts, tests, bench and deploy
# included; build trees, fixtures and generated sources do not.
cite_files() {
	find . \( -path './build*' -o -path ./_build -o -path ./.git \
		-o -path ./build-aux -o -path ./m4 -o -path ./autom4te.cache \
		-o -path ./tests/fixtures -o -path './reportgate-*' \) -prune -o \
		-type f \( -name '*.[ch]' -o -name '*.mk' -o -name '*.sh' \
		-o -name '*.py' -o -name '*.rules' -o -name Makefile.am \
		-o -name configure.ac \) -print |
		grep -vE '^\./(store/sql-embed|parsers/rules-builtin)\.c$' | sort
}
# cite_check SPEC_MD FILE...: prints each bad citation as file:line: text
cite_check() {
	spec=$1
	shift
	if [ ! -f "$spec" ]; then
		echo "$spec: missing"
		return
	fi
	grep -nE 'LIBS[.]md|STYLE[.]md|[.][.]/shared|(^|[^A-Za-z_])(LIBS|STYLE) [0-9]|(^|[^A-Za-z_])SPEC([.]md)?( section)? [0-9]' "$@" /dev/null
	sections=$(sed -nE 's/^##+ ([0-9]+([.][0-9]+)*)[.]? .*/\1/p' "$spec" | tr '\n' ' ')
	grep -noE '§[0-9]+([.][0-9]+)*' "$@" /dev/null |
		awk -F: -v have=" $sections" '{
			sec = $3; sub(/^[^0-9]*/, "", sec)
			if (index(have, " " sec " ") == 0)
				print $1 ":" $2 ": cites section " sec \
				    " that docs/SPEC.md does not have"
		}'
}
# doc_check FILE...: each docs/<NAME>.md a file names exists, and each
# 'docs/<NAME>.md, "Title"' names a heading of that file
doc_check() {
	grep -noE 'docs/[A-Za-z_-]+[.]md(, "[^"]+")?' "$@" /dev/null |
		while IFS= read -r hit; do
			cite=docs/${hit#*docs/}
			doc=${cite%%,*}
			if [ ! -f "$doc" ]; then
				echo "${hit%%docs/*} names $doc, which is missing"
				continue
			fi
			case $cite in
			*,*) title=${cite#*, \"}
				title=${title%\"}
				sed -n 's/^#\{1,6\} //p' "$doc" | grep -qxF -- "$title" ||
				echo "${hit%%docs/*} cites \"$title\", no heading of $doc";;
			esac
		done
}
CITE_FILES=$(cite_files)
# shellcheck disable=SC2086
check "comments cite only sections docs/SPEC.md has, nothing outside the tree" \
	cite_check docs/SPEC.md $CITE_FILES
# shellcheck disable=SC2086
check "docs/*.md cited by name exist, with the headings cited" \
	doc_check $CITE_FILES
# ... and the checks above can fail: a file with each kind of bad citation
# (written here in pieces, so this script does not cite them itself).
cite_selftest() {
	t=$(mktemp -d) || return
	s='§'
	printf '/* SPEC %s4.2 exists */\n' "$s" > "$t/good.c"
	{
		printf '/* SPEC %s99 */\n' "$s"
		printf '/* docs/SPEC.md %s4.99 */\n' "$s"
		printf '/* SPEC %s */\n' 4
		printf '/* SPEC.md section %s */\n' 4
		printf '/* see %s 2.3 */\n' "LIBS"".md"
		printf '/* see %s 3 */\n' "STYLE"".md"
		printf '# %s/%s/corpus\n' srcdir '..''/shared'
	} > "$t/bad.c"
	got=$(cite_check docs/SPEC.md "$t/good.c" "$t/bad.c" | grep -c "bad.c:")
	[ "$(cite_check docs/SPEC.md "$t/good.c" | wc -l)" -eq 0 ] ||
		echo "a valid citation was refused"
	[ "$got" -eq 7 ] || echo "only $got of 7 bad citations were caught"
	cite_check "$t/no-such-spec.md" "$t/good.c" | grep -q missing ||
		echo "a missing docs/SPEC.md went unnoticed"
	d=docs
	printf '/* %s/WORKFLOW.md, "Deadlines" */\n' "$d" > "$t/good.c"
	{
		printf '/* %s/WORKFLOW.md, "No such heading" */\n' "$d"
		printf '/* %s/NO-SUCH-DOC.md */\n' "$d"
	} > "$t/bad.c"
	[ "$(doc_check "$t/good.c" | wc -l)" -eq 0 ] ||
		echo "a valid heading citation was refused"
	got=$(doc_check "$t/bad.c" | wc -l)
	[ "$got" -eq 2 ] || echo "only $got of 2 bad document citations were caught"
	rm -rf "$t"
}
check "the citation checks catch each kind of bad citation" cite_selftest
echo "1..$n"
exit $fail
