# tests/integration/web-lib.sh - sourced by the tests of the staff web
# console: TAP helpers and starting and stopping `reportgate serve` on a
# free loopback port. The caller sets REPORTGATE and T (its temporary
# directory) and sets `trap web_cleanup EXIT`.

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
