/* tests/unit/test-config.c - cli/config.c (defaults, the SPEC §9 sample,
   errors naming group.key, inline comments, mailboxes, printing, secrets),
   parsers/setup.c and cli/glib_log.c. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "../../common/dsa.h"
#include "../../common/log.h"
#include "../../common/mem.h"
#include "../../common/secret.h"
#include "../../cli/config.h"
#include "../../cli/glib_log.h"
#include "../../parsers/setup.h"
#include "../lib/testlib.h"

static char tmpdir[] = "/tmp/test-config.XXXXXX";

/* Writes text to tmpdir/name with mode; returns the path (static). */
static const char *
write_tmp(const char *name, const char *text, size_t len, mode_t mode)
{
	static char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		perror(path);
		exit(99);
	}
	close(fd);
	chmod(path, mode);
	return path;
}

static struct config *
load_text(const char *text, struct err *err)
{
	return config_load(write_tmp("t.conf", text, strlen(text), 0600), err);
}

static void
t_defaults(void)
{
	struct config *c = config_new_defaults();

	test_begin("defaults");
	test_ok(c->path == NULL, "no path");
	test_streq(c->store_path, "/var/lib/reportgate/reportgate.db", "store.path");
	test_streq(c->attachments_dir, "/var/lib/reportgate/attachments",
		   "store.attachments_dir");
	test_ok(c->imap_host == NULL, "imap.host unset");
	test_ok(c->imap_port == 993, "imap.port 993");
	test_ok(c->imap_security == IMAP_SEC_IMAPS, "imap.security imaps");
	test_ok(c->imap_ca_file == NULL && c->imap_user == NULL &&
		c->imap_password_file == NULL, "imap ca_file/user/password unset");
	test_ok(c->imap_auth == IMAP_AUTH_LOGIN, "imap.auth login");
	test_ok(c->imap_oauth_token_file == NULL &&
		c->imap_oauth_token_command == NULL, "no oauth token");
	test_ok(!c->imap_allow_plaintext, "imap.allow_plaintext false");
	test_ok(c->imap_timeout == 30 && c->imap_poll_seconds == 60 &&
		c->imap_idle_seconds == 1740 && c->imap_fetch_batch == 100,
		"imap timeout 30, poll 60, idle 1740, batch 100");
	test_ok(c->n_mailboxes == 0 && c->mailboxes == NULL, "no mailbox");
	test_ok(c->smtp_url == NULL && c->smtp_ca_file == NULL &&
		c->smtp_user == NULL && c->smtp_password_file == NULL &&
		c->smtp_from == NULL, "smtp strings unset");
	test_ok(!c->smtp_allow_plaintext, "smtp.allow_plaintext false");
	test_ok(c->smtp_timeout == 60 && c->smtp_retry_base == 60 &&
		c->smtp_give_up_after == 172800,
		"smtp timeout 60, retry_base 60, give_up_after 172800");
	test_streq(c->marketplace_hosts, "marketplace.alibabacloud.com",
		   "marketplace.hosts");
	test_streq(c->listing_path, "^/products/[0-9]+/([A-Za-z0-9_-]+)\\.html$",
		   "marketplace.listing_path");
	test_streq(c->registry_hosts,
		   "tsdr.uspto.gov euipo.europa.eu branddb.wipo.int "
		   "patents.google.com sbj.cnipa.gov.cn",
		   "marketplace.registry_hosts (SPEC §4.2)");
	test_streq(c->case_prefix_ip, "IPR", "intake.case_prefix_ip");
	test_streq(c->case_prefix_abuse, "ABR", "intake.case_prefix_abuse");
	test_streq(c->language, "en", "intake.language");
	test_ok(c->rules_file == NULL && c->templates_dir == NULL &&
		c->trusted_authserv_id == NULL && c->gateway_addresses == NULL &&
		c->message_id_host == NULL, "intake optional strings unset");
	test_ok(c->ack_limit_hour == 5 && c->ack_limit_day == 20,
		"ack limits 5/h 20/day");
	test_ok(!c->business_days, "workflow.business_days false");
	test_ok(c->max_message_bytes == 128u << 20 &&
		c->max_header_bytes == 256u << 10, "limits: 128 MiB, 256 KiB");
	test_ok(c->max_mime_parts == 1000 && c->max_mime_depth == 20 &&
		c->max_links == 500 && c->max_attachments == 200,
		"limits: 1000 parts, depth 20, 500 links, 200 attachments");
	test_streq(c->web_listen, "127.0.0.1:8080", "web.listen");
	test_ok(c->web_user_header == NULL && !c->web_decisions,
		"web: no user header, read-only");
	test_streq(c->portal_listen, "127.0.0.1:8090", "portal.listen");
	test_ok(c->portal_base_url == NULL && c->portal_client_header == NULL &&
		c->portal_secret_file == NULL, "portal optional strings unset");
	test_ok(c->portal_max_upload_mb == 25 && c->portal_max_files == 20 &&
		c->portal_rate_per_hour == 20,
		"portal limits: 25 MB, 20 files, 20 an hour");
	test_ok(c->web_header_timeout_seconds == 10 &&
		c->portal_header_timeout_seconds == 10,
		"a request's head is due within 10 s (console and portal)");
	config_free(&c);
	test_ok(c == NULL, "config_free clears the pointer");
	config_free(&c);
}

static void
t_paths(void)
{
	struct err err = { ERR_NONE, "" };
	struct config *c;
	bool explicit;
	char missing[600];

	test_begin("paths");
	snprintf(missing, sizeof(missing), "%s/nope.conf", tmpdir);
	unsetenv("REPORTGATE_CONFIG");
	test_streq(config_resolve_path(NULL, &explicit), CONFIG_DEFAULT_PATH,
		   "default path");
	test_ok(!explicit, "default path is not explicit");
	if (access(CONFIG_DEFAULT_PATH, F_OK) == 0) {
		test_skip(CONFIG_DEFAULT_PATH " exists on this machine");
	} else {
		c = config_load(NULL, &err);
		test_ok(c != NULL && c->path == NULL && c->imap_port == 993,
			"missing default file gives the defaults");
		config_free(&c);
	}
	setenv("REPORTGATE_CONFIG", missing, 1);
	test_streq(config_resolve_path(NULL, &explicit), missing,
		   "$REPORTGATE_CONFIG");
	test_ok(explicit, "$REPORTGATE_CONFIG is explicit");
	c = config_load(NULL, &err);
	test_ok(c == NULL && strstr(err.msg, "no such file"),
		"missing $REPORTGATE_CONFIG file is an error: %s", err.msg);
	test_streq(config_resolve_path("/x.conf", &explicit), "/x.conf",
		   "--config wins over the environment");
	unsetenv("REPORTGATE_CONFIG");
	c = config_load(missing, &err);
	test_ok(c == NULL && err.class == ERR_FATAL &&
		strstr(err.msg, missing) && strstr(err.msg, "no such file"),
		"missing explicit file is an error: %s", err.msg);
	c = config_load(write_tmp("nul.conf", "[imap]\nuser = a\0b\n", 17, 0600),
			&err);
	test_ok(c == NULL && strstr(err.msg, "NUL byte"),
		"a NUL byte is refused: %s", err.msg);
	c = config_load(tmpdir, &err);
	test_ok(c == NULL && strstr(err.msg, "not a regular file"),
		"a directory is refused: %s", err.msg);
}

static void
t_sample(void)
{
	struct err err = { ERR_NONE, "" };
	struct config *c = config_load(test_path("fixtures/config/spec-sample.conf"),
				       &err);
	const struct config_mailbox *mb;

	test_begin("SPEC §9 sample");
	if (!test_ok(c != NULL, "sample loads: %s", err.msg))
		return;
	test_streq(c->imap_host, "imap.example.net", "imap.host");
	test_ok(c->imap_port == 993, "imap.port with comment");
	test_ok(c->imap_security == IMAP_SEC_IMAPS, "security with comment");
	test_ok(c->imap_ca_file == NULL, "ca_file = # comment is empty");
	test_streq(c->imap_user, "reports@example.net", "imap.user");
	test_streq(c->imap_password_file, "/etc/reportgate/imap.pass",
		   "imap.password_file");
	test_ok(c->imap_auth == IMAP_AUTH_LOGIN, "auth with comment");
	test_ok(c->imap_oauth_token_file == NULL, "oauth_token_file empty");
	test_ok(c->n_mailboxes == 1, "one mailbox (group header comment)");
	mb = config_mailbox_find(c, "ip");
	test_ok(mb != NULL && strcmp(mb->folder, "INBOX") == 0 &&
		mb->stream == STREAM_IP &&
		strcmp(mb->processed_folder, "Processed") == 0 &&
		strcmp(mb->quarantine_folder, "Quarantine") == 0,
		"mailbox ip");
	test_streq(c->smtp_url, "smtp://smtp.example.net:587", "smtp.url");
	test_ok(c->smtp_user == NULL && c->smtp_password_file == NULL,
		"smtp empty keys");
	test_streq(c->smtp_from, "IP Reports <ip-reports@example.net>",
		   "smtp.from");
	test_streq(c->listing_path,
		   "^/products/[0-9]+/([A-Za-z0-9_-]+)\\.html$",
		   "listing_path taken literally (no GKeyFile escapes)");
	test_streq(c->language, "en", "language with comment");
	test_ok(c->max_mime_depth == 20, "unset keys keep their defaults");
	config_free(&c);
}

static void
t_mailboxes(void)
{
	struct err err = { ERR_NONE, "" };
	struct config *c = config_load(test_path("fixtures/config/mailboxes.conf"),
				       &err);
	const struct config_mailbox *mb;

	test_begin("several mailboxes, every section");
	if (!test_ok(c != NULL, "loads: %s", err.msg))
		return;
	test_ok(c->n_mailboxes == 2, "two mailboxes");
	test_streq(c->mailboxes[0].name, "ip", "file order kept (1)");
	test_streq(c->mailboxes[1].name, "abuse", "file order kept (2)");
	mb = config_mailbox_find(c, "abuse");
	test_ok(mb != NULL && mb->stream == STREAM_ABUSE, "abuse stream");
	test_streq(mb ? mb->folder : NULL, "INBOX/Abuse #2",
		   "quoted value keeps #, ; comment cut");
	test_ok(mb && mb->processed_folder == NULL, "empty processed_folder");
	test_streq(mb ? mb->quarantine_folder : NULL, "Junk/Quarantine",
		   "quarantine_folder");
	test_streq(c->mailboxes[0].processed_folder, "Processed",
		   "mailbox defaults apply");
	test_ok(config_mailbox_find(c, "nope") == NULL, "unknown mailbox");
	test_ok(c->imap_security == IMAP_SEC_STARTTLS && c->imap_port == 143,
		"starttls without port -> 143");
	test_ok(c->imap_poll_seconds == 30 && c->imap_idle_seconds == 600 &&
		c->imap_fetch_batch == 20 && c->imap_timeout == 15,
		"imap numbers");
	test_streq(c->smtp_from, "\"IP Reports\" <ip-reports@example.net>",
		   "quotes inside a value are kept");
	test_ok(c->smtp_timeout == 20 && c->smtp_retry_base == 120 &&
		c->smtp_give_up_after == 86400, "smtp numbers");
	test_streq(c->language, "zh", "language zh");
	test_ok(c->ack_limit_hour == 3 && c->ack_limit_day == 10, "ack limits");
	test_ok(c->business_days, "business_days yes");
	test_ok(c->max_message_bytes == 25u << 20 &&
		c->max_header_bytes == 128u << 10, "byte suffixes M and K");
	test_ok(c->max_mime_parts == 200 && c->max_mime_depth == 10 &&
		c->max_links == 100 && c->max_attachments == 50, "limits");
	test_streq(c->web_listen, "[::1]:8081", "web.listen IPv6");
	test_streq(c->web_user_header, "X-Remote-User", "web.user_header");
	test_ok(c->web_decisions, "web.decisions yes");
	config_free(&c);
}

struct bad_case {
	const char *text;
	const char *want;	/* substring of err.msg */
};

static const struct bad_case bad_cases[] = {
	{ "[imapp]\nhost = x\n", "imapp.host: unknown group" },
	{ "[imapp]\n", "imapp: unknown group" },
	{ "[imap]\npasword_file = /x\n", "imap.pasword_file: unknown key" },
	{ "[mailbox ip]\nfolder = INBOX\nfoldr = x\n",
	  "mailbox ip.foldr: unknown key" },
	{ "[imap]\nsecurity = tls\n", "imap.security: bad value tls: must be "
	  "one of imaps | starttls | none" },
	{ "[imap]\nauth = cram-md5\n", "imap.auth: bad value" },
	{ "[intake]\nlanguage = fr\n", "intake.language: bad value fr" },
	{ "[mailbox ip]\nstream = spam\n", "mailbox ip.stream: bad value spam" },
	{ "[imap]\nport = 0\n", "imap.port: bad value 0: must be a number "
	  "from 1 to 65535" },
	{ "[imap]\nport = 99999\n", "imap.port: bad value 99999" },
	{ "[imap]\nport = 99x\n", "imap.port: bad value 99x" },
	{ "[imap]\nport = -1\n", "imap.port: bad value -1" },
	{ "[imap]\nport = +5\n", "imap.port: bad value +5" },
	{ "[imap]\nport =\n", "imap.port: bad value" },
	{ "[imap]\ntimeout = 99999999999999999999999\n", "imap.timeout: bad value" },
	{ "[limits]\nmax_message_bytes = 99999999999G\n",
	  "limits.max_message_bytes: bad value" },
	{ "[limits]\nmax_mime_depth = 0\n", "limits.max_mime_depth: bad value" },
	{ "[imap]\nallow_plaintext = maybe\n",
	  "imap.allow_plaintext: bad value maybe: must be true or false" },
	{ "[imap]\nsecurity = none\n", "imap.security: none needs "
	  "imap.allow_plaintext = true" },
	{ "[imap]\nsecurity = none\nallow_plaintext = false\n",
	  "imap.security: none needs" },
	{ "[imap]\nhost = h\nauth = xoauth2\n", "imap.auth: xoauth2 needs" },
	{ "[imap]\noauth_token_file = /a\noauth_token_command = b\n",
	  "imap.oauth_token_command: set only one" },
	{ "[store]\npath =\n", "store.path: bad value \"\": must not be empty" },
	{ "[smtp]\nurl = http://x\n", "smtp.url: bad value http://x: must start "
	  "with smtp:// or smtps://" },
	{ "[smtp]\nfrom = nobody\n", "smtp.from: bad value nobody" },
	{ "[marketplace]\nlisting_path = ^/products/[0-9]+\n",
	  "marketplace.listing_path: bad value" },
	{ "[marketplace]\nlisting_path = ([a-\n",
	  "marketplace.listing_path: bad value" },
	{ "[marketplace]\nhosts = , ,\n", "marketplace.hosts: bad value" },
	{ "[marketplace]\nhosts = a.example b/c\n", "marketplace.hosts: bad value" },
	{ "[intake]\ncase_prefix_ip = ipr\n", "intake.case_prefix_ip: bad value" },
	{ "[intake]\ncase_prefix_abuse = IPR\n",
	  "intake.case_prefix_abuse: must differ" },
	{ "[intake]\nack_limit_hour = 50\n", "intake.ack_limit_hour: must not "
	  "exceed" },
	{ "[intake]\ngateway_addresses = a@b.example, nope\n",
	  "intake.gateway_addresses: bad value" },
	{ "[intake]\nmessage_id_host = gw example\n",
	  "intake.message_id_host: bad value" },
	{ "[limits]\nmax_header_bytes = 1M\nmax_message_bytes = 512K\n",
	  "limits.max_header_bytes: must not exceed" },
	{ "[web]\nlisten = 8080\n", "web.listen: bad value 8080" },
	{ "[web]\nlisten = localhost:0\n", "web.listen: bad value" },
	{ "[web]\nuser_header = X-User: x\n", "web.user_header: bad value" },
	{ "[web]\ndecisions = maybe\n", "web.decisions: bad value" },
	{ "[portal]\nbase_url = ftp://x.example\n", "portal.base_url: bad value" },
	{ "[portal]\nbase_url = https://x.example/\n",
	  "portal.base_url: bad value" },
	{ "[portal]\nbase_url = https://x.example/\"a\n",
	  "portal.base_url: bad value" },
	{ "[portal]\nmax_files = 0\n", "portal.max_files" },
	{ "[portal]\nheader_timeout_seconds = 0\n",
	  "portal.header_timeout_seconds" },
	{ "[store]\ngroup = no-such-group-rg\n",
	  "store.group: bad value no-such-group-rg: no such group" },
	{ "[web]\nheader_timeout_seconds = 3601\n",
	  "web.header_timeout_seconds" },
	{ "[mailbox]\nfolder = x\n", "mailbox: a mailbox group needs a NAME" },
	{ "[mailbox a/b]\n", "mailbox a/b: a mailbox group needs a NAME" },
	{ "[mailbox a]\nfolder = X\n[mailbox  a]\nfolder = Y\n",
	  "mailbox  a: mailbox a is defined twice" },
	{ "[mailbox a]\nfolder = X\n[mailbox b]\nfolder = X\n",
	  "mailbox b.folder: already watched by [mailbox a]" },
	{ "[imap]\nuser = caf\xe9\n", "imap.user: not valid UTF-8" },
	{ "host = x\n", "t.conf: " },
	{ "[imap]\nhost\n", "t.conf: " },
};

static void
t_errors(void)
{
	struct err err;
	struct config *c;

	test_begin("errors name group.key and the file");
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		err_clear(&err);
		c = load_text(bad_cases[i].text, &err);
		test_ok(c == NULL && err.class == ERR_FATAL &&
			strstr(err.msg, bad_cases[i].want) != NULL &&
			strstr(err.msg, "t.conf") != NULL,
			"%s -> %s", bad_cases[i].want, err.msg);
		config_free(&c);
	}
}

static void
t_values(void)
{
	struct err err = { ERR_NONE, "" };
	struct config *c;

	test_begin("inline comments, quotes, booleans");
	c = load_text("[imap]\n"
		      "host = imap.example.net   # a comment\n"
		      "port = 993\t; another\n"
		      "user = a#b@example.net\n"
		      "oauth_token_command = \"get-token --for imap # it\"  # c\n"
		      "allow_plaintext = yes\n"
		      "security = none # fine with allow_plaintext\n"
		      "[intake]\n"
		      "trusted_authserv_id =   # nothing\n"
		      "templates_dir = \"\"\n"
		      "[workflow]\nbusiness_days = 1\n", &err);
	if (!test_ok(c != NULL, "loads: %s", err.msg))
		return;
	test_streq(c->imap_host, "imap.example.net", "# comment cut");
	test_ok(c->imap_port == 993, "; comment cut");
	test_streq(c->imap_user, "a#b@example.net", "# inside a word is kept");
	test_streq(c->imap_oauth_token_command, "get-token --for imap # it",
		   "quoted # kept, comment after the quotes cut");
	test_ok(c->imap_allow_plaintext && c->business_days, "yes and 1");
	test_ok(c->imap_security == IMAP_SEC_NONE && c->imap_port == 993,
		"none allowed with allow_plaintext; explicit port kept");
	test_ok(c->trusted_authserv_id == NULL, "only a comment: empty");
	test_ok(c->templates_dir == NULL, "\"\" is empty");
	config_free(&c);
}

/* Prints c into a new string owned by the caller. */
static char *
print_to_string(const struct config *c)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);

	config_print(c, f);
	fclose(f);
	return data;
}

static void
t_print(void)
{
	struct err err = { ERR_NONE, "" };
	struct config *c, *c2;
	char *out, *out2, *p, *p2;
	const char *path;

	test_begin("print");
	c = config_load(test_path("fixtures/config/mailboxes.conf"), &err);
	if (!test_ok(c != NULL, "loads: %s", err.msg))
		return;
	out = print_to_string(c);
	test_ok(strstr(out, "hunter2") == NULL, "URL password not printed");
	test_ok(strstr(out, "url = smtps://gateway:********@smtp.example.net:465/\n")
		!= NULL, "URL password masked");
	test_ok(strstr(out, "\n[mailbox ip]\nfolder = INBOX/IP\nstream = ip\n")
		!= NULL, "mailbox ip printed");
	test_ok(strstr(out, "folder = \"INBOX/Abuse #2\"\n") != NULL,
		"value with # quoted");
	test_ok(strstr(out, "processed_folder =\n") != NULL, "empty value");
	test_ok(strstr(out, "password_file = imap.pass\n# not readable: ") != NULL,
		"password_file path shown, unreadable noted");
	test_ok(strstr(out, "max_message_bytes = 26214400\n") != NULL,
		"bytes printed in full");
	test_ok(strstr(out, "[web]\nlisten = [::1]:8081\n") != NULL, "web");
	/* the output reads back as the same configuration */
	path = write_tmp("printed.conf", out, strlen(out), 0600);
	c2 = config_load(path, &err);
	if (test_ok(c2 != NULL, "printed output loads: %s", err.msg)) {
		out2 = print_to_string(c2);
		p = strchr(out, '\n');
		p2 = strchr(out2, '\n');
		/* the URL password is masked in both, so only it differs */
		test_streq(p2, p, "printed output reads back the same");
		free(out2);
	}
	config_free(&c2);
	free(out);
	config_free(&c);

	c = config_new_defaults();
	out = print_to_string(c);
	test_ok(strncmp(out, "# reportgate: effective configuration, from the "
			"built-in defaults", 60) == 0, "defaults header");
	test_ok(strstr(out, "# no [mailbox NAME] group") != NULL,
		"missing mailbox noted");
	free(out);
	config_free(&c);

	c = config_new_defaults();
	free(c->smtp_password_file);
	c->smtp_password_file = xstrdup(write_tmp("smtp.pass", "x\n", 2, 0644));
	free(c->imap_password_file);
	c->imap_password_file = xstrdup(write_tmp("imap.pass", "x\n", 2, 0600));
	out = print_to_string(c);
	test_ok(strstr(out, "smtp.pass\n# readable; warning: mode 0644") != NULL,
		"loose secret file mode noted");
	test_ok(strstr(out, "imap.pass\n# readable\n") != NULL,
		"readable secret file noted");
	free(out);
	config_free(&c);
}

static void
t_secret(void)
{
	struct err err = { ERR_NONE, "" };
	char big[SECRET_MAX + 2];
	const char *path;
	char *s;

	test_begin("secrets");
	path = write_tmp("s1", "s3cret pass\nsecond line\n", 24, 0600);
	s = secret_read(path, &err);
	test_streq(s, "s3cret pass", "first line only");
	secret_free(&s);
	test_ok(s == NULL, "config_secret_free clears the pointer");
	secret_free(&s);
	secret_free(NULL);
	path = write_tmp("s2", "tok\r\n", 5, 0600);
	s = secret_read(path, &err);
	test_streq(s, "tok", "CRLF removed");
	secret_free(&s);
	path = write_tmp("s3", "nonl", 4, 0600);
	s = secret_read(path, &err);
	test_streq(s, "nonl", "no newline at the end");
	secret_free(&s);
	path = write_tmp("s4", "\nx\n", 3, 0600);
	s = secret_read(path, &err);
	test_ok(s == NULL && strstr(err.msg, "empty"), "empty first line: %s",
		err.msg);
	memset(big, 'a', sizeof(big));
	path = write_tmp("s5", big, SECRET_MAX, 0600);
	s = secret_read(path, &err);
	test_ok(s != NULL && strlen(s) == SECRET_MAX,
		"a secret of 16 KiB (an OAuth token may be long)");
	secret_free(&s);
	path = write_tmp("s6", big, SECRET_MAX + 1, 0600);
	s = secret_read(path, &err);
	test_ok(s == NULL && strstr(err.msg, "longer than 16384"),
		"over 16 KiB refused: %s", err.msg);
	path = write_tmp("s7", "a\0b\n", 4, 0600);
	s = secret_read(path, &err);
	test_ok(s == NULL && strstr(err.msg, "NUL"), "NUL refused");
	path = write_tmp("s8", "loose\n", 6, 0644);
	s = secret_read(path, &err);
	test_streq(s, "loose", "world-readable secret still read (warning)");
	secret_free(&s);
	s = secret_read("/nonexistent/secret", &err);
	test_ok(s == NULL && strstr(err.msg, "/nonexistent/secret: cannot open"),
		"missing secret: %s", err.msg);
}

static void
t_setup(void)
{
	struct err err = { ERR_NONE, "" };
	struct config *c = config_load(test_path("fixtures/config/mailboxes.conf"),
				       &err);
	struct parser_cfg p;
	struct parser_rules *rules = (struct parser_rules *)&err;
	struct strv sv = { NULL, 0, 0 };

	test_begin("setup");
	setup_split_list(" a.example,, b.example\tc.example a.example ", &sv);
	test_ok(sv.n == 3 && strcmp(sv.v[0], "a.example") == 0 &&
		strcmp(sv.v[2], "c.example") == 0, "split and dedupe a list");
	strv_free(&sv);
	setup_split_list(NULL, &sv);
	test_ok(sv.n == 0, "NULL list");
	if (!test_ok(c != NULL, "loads: %s", err.msg))
		return;
	test_ok(setup_parser_cfg(c, &p, &rules, &err) == 0, "parser cfg: %s",
		err.msg);
	test_ok(rules == NULL && p.rules == parser_rules_builtin(),
		"built-in rules without rules_file");
	test_ok(p.marketplace_hosts.n == 3 &&
		strcmp(p.marketplace_hosts.v[1], "market.example.com") == 0,
		"marketplace hosts");
	test_ok(p.registry_hosts.n == 2 &&
		strcmp(p.registry_hosts.v[1], "euipo.europa.eu") == 0,
		"registry hosts replace the parser's list");
	test_streq(p.prefix_ip, "IPX", "prefix ip");
	test_streq(p.prefix_abuse, "ABX", "prefix abuse");
	test_streq(p.trusted_authserv_id, "mx.example.net", "authserv-id");
	test_streq(p.listing_path, c->listing_path, "listing path");
	test_ok(p.max_message_bytes == 25u << 20 && p.max_header_bytes == 128u << 10
		&& p.max_parts == 200 && p.max_depth == 10 && p.max_links == 100
		&& p.max_attachments == 50, "limits");
	parser_cfg_clear(&p);

	c->rules_file = xstrdup(write_tmp("ok.rules", "identity: passport\n", 19,
					  0644));
	test_ok(setup_parser_cfg(c, &p, &rules, &err) == 0 && rules != NULL &&
		p.rules == rules, "rules_file parsed: %s", err.msg);
	parser_cfg_clear(&p);
	parser_rules_free(&rules);
	free(c->rules_file);
	c->rules_file = xstrdup(write_tmp("bad.rules", "syntax error\n", 13, 0644));
	test_ok(setup_parser_cfg(c, &p, &rules, &err) < 0 && rules == NULL &&
		strstr(err.msg, "intake.rules_file: ") &&
		strstr(err.msg, "line 1"), "bad rules_file: %s", err.msg);
	free(c->rules_file);
	c->rules_file = xstrdup("/nonexistent/x.rules");
	test_ok(setup_parser_cfg(c, &p, &rules, &err) < 0 &&
		strstr(err.msg, "intake.rules_file: /nonexistent/x.rules: cannot "
		       "open"), "missing rules_file: %s", err.msg);
	config_free(&c);
}

/* Runs fn with stderr sent to a file; returns what it wrote (caller
   frees). */
static char *
capture_stderr(void (*fn)(void))
{
	const char *path = write_tmp("stderr", "", 0, 0600);
	int saved = dup(2), fd = open(path, O_WRONLY | O_TRUNC);
	size_t len;

	fflush(stderr);
	dup2(fd, 2);
	close(fd);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	return test_read_file(path, &len);
}

static void
glib_messages(void)
{
	g_log("GMime", G_LOG_LEVEL_WARNING, "bad \"part\"\nlevel=error fake");
	g_log("GMime", G_LOG_LEVEL_CRITICAL, "assertion failed");
	g_log(NULL, G_LOG_LEVEL_DEBUG, "quiet unless -v");
	g_log_structured("GLib", G_LOG_LEVEL_MESSAGE, "MESSAGE", "structured %d",
			 42);
}

static void
t_glib_log(void)
{
	char *out;

	test_begin("glib_log");
	glib_log_install();
	glib_log_install();
	log_init(LOG_LVL_INFO, false);
	out = capture_stderr(glib_messages);
	test_ok(out && strstr(out, "level=warn comp=glib event=glib.warning "
			      "domain=GMime text=\"bad \\\"part\\\"\\nlevel=error fake\"\n"),
		"warning line, text quoted (no injected line)");
	test_ok(out && strstr(out, "level=error comp=glib event=glib.critical "
			      "domain=GMime text=\"assertion failed\"\n"),
		"critical -> error");
	test_ok(out && strstr(out, "level=info comp=glib event=glib.message "
			      "domain=GLib text=\"structured 42\"\n"),
		"structured message -> info");
	test_ok(out && strstr(out, "quiet unless") == NULL, "debug filtered");
	test_ok(out && strstr(out, "\nlevel=error fake") == NULL,
		"no raw newline from the message");
	free(out);
	log_init(LOG_LVL_DEBUG, false);
	out = capture_stderr(glib_messages);
	test_ok(out && strstr(out, "level=debug comp=glib event=glib.debug "
			      "domain=- text=\"quiet unless -v\""),
		"debug shown with -v");
	free(out);
	log_init(LOG_LVL_INFO, false);
}

/* The [dsa] group: defaults, values read, and what is refused. */
static void
t_dsa(void)
{
	static const struct { const char *text, *want; } bad[] = {
		{ "[dsa]\nterritorial_scope = DE US\n",
		  "dsa.territorial_scope: bad value \"DE US\": must be a list "
		  "of EEA country codes" },
		{ "[dsa]\nterritorial_scope = EL\n", "dsa.territorial_scope" },
		{ "[dsa]\nterritorial_scope = de\n", "dsa.territorial_scope" },
		{ "[dsa]\nterritorial_scope =\n",
		  "dsa.territorial_scope: bad value \"\": must not be empty" },
		{ "[dsa]\nterms_clause =\n", "dsa.terms_clause" },
		{ "[dsa]\nredress_text = a\tb\n",
		  "dsa.redress_text: bad value" },
		{ "[dsa]\nautomated = yes\n",
		  "dsa.automated: bad value yes: must be one of none | "
		  "detection | partial | full" },
		{ "[dsa]\napi_url = ftp://x.example\n", "dsa.api_url: bad value" },
		{ "[dsa]\napi_url = http://tdb.example.eu\n",
		  "dsa.api_url: bad value" },
		{ "[dsa]\napi_url = http://127.0.0.1.example\n",
		  "dsa.api_url: bad value" },
		{ "[dsa]\napi_url = https://x.example/?a\n",
		  "dsa.api_url: bad value" },
		{ "[dsa]\napi_url = http://127.0.0.1:\n",
		  "dsa.api_url: bad value" },
		{ "[dsa]\napi_url = https://x.example:80a/\n",
		  "dsa.api_url: bad value" },
		{ "[dsa]\ntrusted_flaggers = @\n", "dsa.trusted_flaggers" },
		{ "[dsa]\ntrusted_flaggers = flagger.example\n",
		  "dsa.trusted_flaggers: bad value flagger.example: must be "
		  "a list of mail addresses and @domains" },
		{ "[dsa]\nunfounded_warn = 0\n", "dsa.unfounded_warn" },
		{ "[dsa]\nunfounded_warn = 3\nunfounded_suspend = 3\n",
		  "dsa.unfounded_warn: must be below unfounded_suspend" },
		{ "[dsa]\nunfounded_window_days = 0\n",
		  "dsa.unfounded_window_days" },
		{ "[dsa]\nsuspend_days = 3651\n", "dsa.suspend_days" },
		{ "[dsa]\nrepeat_window_days = x\n", "dsa.repeat_window_days" },
		{ "[dsa]\nrepeat_threshold = 0\n", "dsa.repeat_threshold" },
		{ "[dsa]\nclause_malware_zh =\n", "dsa.clause_malware_zh" },
		{ "[dsa]\nclause_gambling_en = x\n",
		  "dsa.clause_gambling_en: unknown key" },
	};
	struct err err = { ERR_NONE, "" };
	struct config *c = config_new_defaults();

	test_begin("[dsa]");
	test_streq(c->dsa_territorial_scope, dsa_eea_default,
		   "territorial_scope: the EEA");
	test_ok(strlen(dsa_eea_default) == 30 * 3 - 1 &&
		dsa_eea_code("GR") && dsa_eea_code("NO") && !dsa_eea_code("EL") &&
		!dsa_eea_code("CH") && !dsa_eea_code("GB"),
		"30 EEA codes as the Transparency Database spells them");
	test_streq(c->dsa_terms_clause, "Marketplace Terms of Use",
		   "terms_clause");
	test_ok(strstr(c->dsa_redress_text, "Article 21") != NULL &&
		strstr(c->dsa_redress_text_zh, "第21条") != NULL,
		"redress_text en and zh name Art. 21");
	test_ok(c->dsa_automated == DSA_AUTOMATED_NONE, "automated: none");
	test_streq(c->dsa_api_url, "https://transparency.dsa.ec.europa.eu",
		   "api_url");
	test_ok(c->dsa_token_file == NULL && c->dsa_trusted_flaggers == NULL,
		"no token file, no trusted flagger");
	test_ok(c->dsa_unfounded_warn == 2 && c->dsa_unfounded_window_days == 180 &&
		c->dsa_unfounded_suspend == 3 && c->dsa_suspend_days == 30,
		"unfounded: warn 2, suspend 3 in 180 days, for 30 days");
	test_ok(c->dsa_repeat_window_days == 365 && c->dsa_repeat_threshold == 3,
		"repeat infringer: 3 removals in 365 days");
	for (int i = 0; i < DSA_CLAUSE_COUNT; i++)
		test_ok(c->dsa_clauses[i].en != NULL && c->dsa_clauses[i].zh &&
			*c->dsa_clauses[i].en != '\0' &&
			(unsigned char)*c->dsa_clauses[i].zh >= 0x80,
			"clause %s worded in en and zh", dsa_clause_names[i]);
	test_ok(strstr(c->dsa_clauses[DSA_CLAUSE_INACTIVE].en, "six months") &&
		strstr(c->dsa_clauses[DSA_CLAUSE_MALWARE].en, "malware"),
		"clauses in their order");
	test_ok(dsa_name_index(dsa_clause_names, "personal_data") ==
		DSA_CLAUSE_PERSONAL_DATA &&
		dsa_name_index(dsa_clause_names, "gambling") < 0,
		"clause names");
	test_streq(dsa_source_api(DSA_SOURCE_OTHER_NOTIFICATION),
		   "SOURCE_TYPE_OTHER_NOTIFICATION", "source type in the API");
	test_streq(dsa_source_api(DSA_SOURCE_VOLUNTARY), "SOURCE_VOLUNTARY",
		   "voluntary in the API");
	config_free(&c);

	c = load_text("[dsa]\n"
		      "territorial_scope = DE, AT FR\n"
		      "terms_clause = \"Terms of Use, section 4.2\"\n"
		      "redress_text = the Example ODS Body, https://ods.example\n"
		      "redress_text_zh =\n"
		      "automated = detection\n"
		      "api_url = http://127.0.0.1:8999/\n"
		      "token_file = tdb.token\n"
		      "trusted_flaggers = tf@brand.example, @hotline.example\n"
		      "unfounded_warn = 1\nunfounded_suspend = 2\n"
		      "unfounded_window_days = 30\nsuspend_days = 7\n"
		      "repeat_window_days = 90\nrepeat_threshold = 2\n"
		      "clause_outdated_zh = 长期未更新\n", &err);
	if (test_ok(c != NULL, "loads: %s", err.msg)) {
		test_streq(c->dsa_territorial_scope, "DE, AT FR", "scope");
		test_streq(c->dsa_terms_clause, "Terms of Use, section 4.2",
			   "terms_clause");
		test_ok(c->dsa_redress_text_zh == NULL, "redress_text_zh empty");
		test_ok(c->dsa_automated == DSA_AUTOMATED_DETECTION,
			"automated detection");
		test_streq(c->dsa_api_url, "http://127.0.0.1:8999/",
			   "http:// to loopback");
		test_streq(c->dsa_token_file, "tdb.token", "token_file");
		test_streq(c->dsa_trusted_flaggers,
			   "tf@brand.example, @hotline.example", "flaggers");
		test_ok(c->dsa_unfounded_warn == 1 && c->dsa_unfounded_suspend == 2 &&
			c->dsa_unfounded_window_days == 30 &&
			c->dsa_suspend_days == 7 && c->dsa_repeat_window_days == 90 &&
			c->dsa_repeat_threshold == 2, "numbers");
		test_streq(c->dsa_clauses[DSA_CLAUSE_OUTDATED].zh, "长期未更新",
			   "a clause's wording replaced");
		test_ok(strstr(c->dsa_clauses[DSA_CLAUSE_OUTDATED].en, "patches")
			!= NULL, "the other language keeps its default");
	}
	config_free(&c);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&err);
		c = load_text(bad[i].text, &err);
		test_ok(c == NULL && strstr(err.msg, bad[i].want) != NULL,
			"%s -> %s", bad[i].want, err.msg);
		config_free(&c);
	}
}

/* Removes tmpdir and the files in it (no subdirectories are made). */
static void
cleanup(void)
{
	char path[600];
	struct dirent *e;
	DIR *d = opendir(tmpdir);

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(tmpdir);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	unsetenv("REPORTGATE_CONFIG");
	t_defaults();
	t_paths();
	t_sample();
	t_mailboxes();
	t_errors();
	t_values();
	t_print();
	t_dsa();
	t_secret();
	t_setup();
	t_glib_log();
	cleanup();
	return test_done();
}
