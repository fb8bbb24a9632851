#!/bin/sh
# tests/integration/check-config.sh - `reportgate check-config`: exit
# codes, errors naming group.key on stderr, masked output (TAP).
set -u
fix="${srcdir:-.}/tests/fixtures/config"
rg="${REPORTGATE:-./reportgate}"
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi; }

if [ ! -x "$rg" ]; then
	echo "ok 1 # SKIP no reportgate binary at $rg"
	echo "1..1"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-config.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
unset REPORTGATE_CONFIG

# run ARGS...: sets rc, output in $tmp/out and $tmp/err
run() {
	"$rg" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
has() { grep -qF -- "$2" "$tmp/$1"; }

run check-config --config "$fix/spec-sample.conf"
check "$([ $rc = 0 ] && has out "[mailbox ip]" && has out "listing_path = ^/products/[0-9]+/([A-Za-z0-9_-]+)\.html$" && echo 0)" \
	"SPEC §9 sample: exit 0, effective config printed"
check "$([ ! -s "$tmp/err" ] && echo 0)" "nothing on stderr when valid"

run check-config --config "$fix/unknown-key.conf"
check "$([ $rc = 1 ] && has err "imap.pasword_file: unknown key" && echo 0)" \
	"unknown key: exit 1 naming imap.pasword_file"
check "$([ ! -s "$tmp/out" ] && echo 0)" "nothing printed on error"

run check-config --config "$tmp/missing.conf"
check "$([ $rc = 1 ] && has err "missing.conf: no such file" && echo 0)" \
	"missing --config file: exit 1"

printf '[imap]\nsecurity = none\n' >"$tmp/plain.conf"
run check-config --config="$tmp/plain.conf"
check "$([ $rc = 1 ] && has err "imap.security: none needs imap.allow_plaintext = true" && echo 0)" \
	"security = none without allow_plaintext: exit 1 (--config=FILE)"

printf '[imap]\nport = 0\n' >"$tmp/port.conf"
run check-config --config "$tmp/port.conf"
check "$([ $rc = 1 ] && has err "imap.port: bad value 0" && has err "port.conf" && echo 0)" \
	"port 0: exit 1 naming imap.port and the file"

(cd "$fix" && "$rg" check-config --config mailboxes.conf) >"$tmp/out" 2>"$tmp/err"
rc=$?
check "$([ $rc = 0 ] && ! has out "hunter2" && has out "url = smtps://gateway:********@smtp.example.net:465/" && echo 0)" \
	"password in smtp.url masked"
check "$([ $rc = 0 ] && grep -A1 -x 'password_file = imap.pass' "$tmp/out" | grep -q '^# readable' && echo 0)" \
	"password_file path printed with a readable comment"
check "$([ $rc = 0 ] && has out "[mailbox abuse]" && has out "folder = \"INBOX/Abuse #2\"" && echo 0)" \
	"several mailboxes printed"

printf '[imap]\nauth = xoauth2\noauth_token_command = /usr/bin/get-token --client-secret s3cr3t\n' >"$tmp/oauth.conf"
run check-config --config "$tmp/oauth.conf"
check "$([ $rc = 0 ] && ! has out "s3cr3t" && has out "oauth_token_command = ********" && echo 0)" \
	"oauth_token_command masked"

cp "$tmp/out" "$tmp/printed.conf"
(cd "$fix" && REPORTGATE_CONFIG="$tmp/printed.conf" "$rg" check-config) \
	>"$tmp/out2" 2>"$tmp/err"
rc=$?
tail -n +2 "$tmp/out" >"$tmp/a"
tail -n +2 "$tmp/out2" >"$tmp/b"
check "$([ $rc = 0 ] && cmp -s "$tmp/a" "$tmp/b" && echo 0)" \
	"printed output, read back via \$REPORTGATE_CONFIG, prints the same"

run check-config --help
check "$([ $rc = 0 ] && has out "usage: reportgate" && echo 0)" "--help: exit 0"
run check-config --bogus
check "$([ $rc = 2 ] && echo 0)" "unknown option: exit 2"
run check-config extra
check "$([ $rc = 2 ] && echo 0)" "extra argument: exit 2"
run --config "$fix/spec-sample.conf" check-config
check "$([ $rc = 0 ] && echo 0)" "--config before the command"

# the shipped sample documents every key with its default value
sample="${srcdir:-.}/deploy/reportgate.conf.sample"
: >"$tmp/empty.conf"
run check-config --config "$tmp/empty.conf"
tail -n +2 "$tmp/out" >"$tmp/defaults"
run check-config --config "$sample"
tail -n +2 "$tmp/out" >"$tmp/sample"
check "$([ $rc = 0 ] && cmp -s "$tmp/defaults" "$tmp/sample" && echo 0)" \
	"deploy/reportgate.conf.sample: valid, and its values are the defaults"
missing=""
for key in $(sed -n 's/^\([a-z_]*\) =.*/\1/p' "$tmp/defaults") folder stream \
	processed_folder quarantine_folder; do
	grep -Eq "^#?$key =( |$)" "$sample" || missing="$missing $key"
done
check "$([ -z "$missing" ] && echo 0)" "sample documents every key${missing:+ (missing:$missing)}"

echo "1..$n"
[ $fails = 0 ]
