# tests/integration/web-lib.sh - sourced by the tests of the staff web
# console: TAP helpers, starting and stopping `reportgate serve` on a
# free loopback port, and curl with a cookie jar (get, has, token,
# signin). The caller sets REPORTGATE and T (its temporary directory)
# and sets `trap web_cleanup EXIT`.

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }
SPID=

# web_cleanup: the EXIT trap of a test: stops serve, removes $T.
web_cleanup() {
	[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	rm -rf "$T"
}

# start_serve LOG [serve args]: starts serve on any free loopback port,
# read from the log, into $SPID, $PORT and $U; exits if it does not start.
start_serve() {
	log=$1
	shift
	"$REPORTGATE" serve --listen 127.0.0.1:0 "$@" 2>"$log" </dev/null &
	SPID=$!
	i=0
	PORT=
	while [ $i -lt 100 ] && [ -z "$PORT" ] && kill -0 "$SPID" 2>/dev/null; do
		PORT=$(sed -n 's/.*event=web.listening .*port=\([0-9]*\).*/\1/p' "$log")
		[ -z "$PORT" ] && sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$PORT" ]; then
		notok "serve $* started and logged its port"
		sed 's/^/# /' "$log"
		echo "1..$n"
		exit 1
	fi
	ok "serve $* started on 127.0.0.1:$PORT"
	U=http://127.0.0.1:$PORT
}

# stop_serve: SIGTERM, waits; its exit status in $rc.
stop_serve() {
	kill -TERM "$SPID"
	wait "$SPID"
	rc=$?
	SPID=
}

# web_need TOOL...: skips the whole test when a tool is not installed.
web_need() {
	for tool; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			echo "1..0 # SKIP $tool is not installed"
			exit 0
		fi
	done
}

# get JAR PATH [curl args]: a request to the console with the cookies of
# JAR; the body into $T/body, the headers into $T/head; prints the
# status. (A test may define its own after sourcing this.)
get() {
	jar=$1
	p=$2
	shift 2
	curl -sS -b "$jar" -c "$jar" -o "$T/body" -D "$T/head" -w '%{http_code}' "$@" "$U$p" 2>>"$T/log"
}
# has TEXT: the last body holds TEXT (a grep pattern).
has() { grep -q -- "$1" "$T/body"; }
# form_token (or token): the first form token of the page in $T/body.
form_token() {
	sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1
}
token() { form_token; }
# signin JAR USER PASSWORD: signs USER in, the session cookie into JAR.
signin() {
	get "$1" /login >/dev/null
	t=$(form_token)
	get "$1" /login -H "Origin: $U" --data-urlencode "token=$t" \
		--data-urlencode "user=$2" --data-urlencode "password=$3" >/dev/null
}
