/* cli/config_check.c - the checks of a configuration value beyond its
   type (header-safe text, host names, addresses, URLs, regular
   expressions, listen addresses, the [dsa] texts, country codes, trusted
   flaggers and Transparency Database URL), used by the key table of
   config.c. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common/dsa.h"
#include "common/hostport.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "cli/config-int.h"
#include "common/file.h"

static bool
config_is_host_char(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '-' || c == '_';
}

/* An HTTP header field name (RFC 9110 token, letters, digits and '-'
   only), at most 64 characters. */
int
config_check_header(const char *v, const char **why)
{
	size_t n = strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			  "0123456789-");

	if (v[n] != '\0' || n > 64) {
		*why = "must be a header name (letters, digits, '-')";
		return -1;
	}
	return 0;
}

int
config_check_token(const char *v, const char **why)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p <= ' ' || *p == 0x7f) {
			*why = "must not contain spaces or control characters";
			return -1;
		}
	return 0;
}

int
config_check_host(const char *v, const char **why)
{
	const unsigned char *p = (const unsigned char *)v;

	if (*p == '.' || *p == '-') {
		*why = "is not a host name";
		return -1;
	}
	for (; *p; p++)
		if (!config_is_host_char(*p)) {
			*why = "is not a host name";
			return -1;
		}
	return 0;
}

/* Calls check on each item of a comma/space separated list; an empty
   list is refused. */
static int
config_check_list(const char *v, config_check_fn *check, const char **why)
{
	const char *p = v;
	char *item;
	size_t n, count = 0;
	int ret = 0;

	while (*p != '\0' && ret == 0) {
		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (n == 0)
			break;
		item = xstrndup(p, n);
		ret = check(item, why);
		free(item);
		p += n;
		count++;
	}
	if (ret == 0 && count == 0) {
		*why = "is an empty list";
		ret = -1;
	}
	return ret;
}

int
config_check_hosts(const char *v, const char **why)
{
	if (config_check_list(v, config_check_host, why) < 0) {
		*why = "must be a list of host names";
		return -1;
	}
	return 0;
}

static int
config_check_address(const char *v, const char **why)
{
	const char *at = strchr(v, '@');

	if (at == NULL || at == v || at[1] == '\0' || strchr(at + 1, '@') ||
	    config_check_token(v, why) < 0 || config_check_host(at + 1, why) < 0) {
		*why = "is not a mail address";
		return -1;
	}
	return 0;
}

int
config_check_addresses(const char *v, const char **why)
{
	if (config_check_list(v, config_check_address, why) < 0) {
		*why = "must be a list of mail addresses";
		return -1;
	}
	return 0;
}

/* "Name <addr>" or a bare address. */
int
config_check_from(const char *v, const char **why)
{
	const char *lt = strrchr(v, '<');
	char *addr;
	int ret;

	if (lt == NULL)
		return config_check_address(v, why);
	if (v[strlen(v) - 1] != '>') {
		*why = "must be an address or Name <address>";
		return -1;
	}
	addr = xstrndup(lt + 1, strlen(lt + 1) - 1);
	ret = config_check_address(addr, why);
	free(addr);
	return ret;
}

int
config_check_url(const char *v, const char **why)
{
	const char *host;

	if (strncmp(v, "smtp://", 7) == 0)
		host = v + 7;
	else if (strncmp(v, "smtps://", 8) == 0)
		host = v + 8;
	else {
		*why = "must start with smtp:// or smtps://";
		return -1;
	}
	if (*host == '\0' || *host == '/' || *host == ':') {
		*why = "has no host";
		return -1;
	}
	return config_check_token(v, why);
}

int
config_check_regex(const char *v, const char **why)
{
	regex_t re;

	if (regcomp(&re, v, REG_EXTENDED) != 0) {
		*why = "is not a POSIX extended regular expression";
		return -1;
	}
	if (re.re_nsub < 1) {
		regfree(&re);
		*why = "needs a group ( ) around the listing id";
		return -1;
	}
	regfree(&re);
	return 0;
}

int
config_check_prefix(const char *v, const char **why)
{
	size_t n = strlen(v);

	if (n < 2 || n > 16 || !(v[0] >= 'A' && v[0] <= 'Z') ||
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != n) {
		*why = "must be 2-16 upper-case letters or digits, "
		       "starting with a letter";
		return -1;
	}
	return 0;
}

/* The portal's public address: http:// or https:// and then printable
   ASCII without blanks, quotes or angle brackets (it is written into
   mails and pages), at most 200 bytes. */
int
config_check_base_url(const char *v, const char **why)
{
	size_t n = strlen(v), i;

	*why = "must be http(s)://HOST[/PATH], at most 200 bytes";
	if (n > 200 || (strncmp(v, "https://", 8) != 0 &&
			strncmp(v, "http://", 7) != 0))
		return -1;
	for (i = 0; i < n; i++)
		if (v[i] <= ' ' || v[i] > '~' || strchr("\"'<>`\\", v[i]))
			return -1;
	if (v[n - 1] == '/' || strchr(v, '?') != NULL || strchr(v, '#'))
		return -1;
	return 0;
}

/* "host:port" or "[v6]:port". */
int
config_check_listen(const char *v, const char **why)
{
	static const char usage[] = "must be HOST:PORT or [IPV6]:PORT";
	char host[256];
	unsigned long port;

	if (hostport_split(v, false, host, sizeof(host), &port) < 0 ||
	    (v[0] != '[' && config_check_host(host, why) < 0)) {
		*why = usage;
		return -1;
	}
	if (port == 0 || port > 65535) {
		*why = "has a port outside 1-65535";
		return -1;
	}
	return config_check_token(v, why);
}


/* Text written into mails and statements of reasons: no control
   characters (so no line breaks), at most 1000 bytes. */
int
config_check_text(const char *v, const char **why)
{
	size_t n = strlen(v);

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < ' ' || v[i] == 0x7f) {
			*why = "must not contain control characters";
			return -1;
		}
	if (n > 1000) {
		*why = "must be at most 1000 bytes";
		return -1;
	}
	return 0;
}

static int
config_check_eea(const char *v, const char **why)
{
	if (!dsa_eea_code(v)) {
		*why = "is not an EEA country code";
		return -1;
	}
	return 0;
}

/* EEA country codes (upper case, GR for Greece). */
int
config_check_scope(const char *v, const char **why)
{
	if (config_check_list(v, config_check_eea, why) < 0) {
		*why = "must be a list of EEA country codes (AT BE ... SK)";
		return -1;
	}
	return 0;
}

static int
config_check_flagger(const char *v, const char **why)
{
	if (v[0] == '@')
		return v[1] != '\0' ? config_check_host(v + 1, why) : -1;
	return config_check_address(v, why);
}

/* Mail addresses and @domains. */
int
config_check_flaggers(const char *v, const char **why)
{
	if (config_check_list(v, config_check_flagger, why) < 0) {
		*why = "must be a list of mail addresses and @domains";
		return -1;
	}
	return 0;
}

/* The Transparency Database: https://HOST[:PORT][/PATH] in printable
   ASCII without blanks, quotes, query or fragment; http:// only to a
   loopback host (a local test server). */
int
config_check_api_url(const char *v, const char **why)
{
	static const char *const loopback[] = {
		"http://127.0.0.1", "http://localhost", "http://[::1]", NULL
	};
	const char *host = NULL, *colon = NULL;
	size_t n = strlen(v), i, auth, digits;

	*why = "must be https://HOST[:PORT][/PATH] (http:// only to "
	       "127.0.0.1, localhost or [::1]), at most 200 bytes";
	if (n > 200)
		return -1;
	if (strncmp(v, "https://", 8) == 0)
		host = v + 8;
	for (i = 0; host == NULL && loopback[i] != NULL; i++) {
		size_t k = strlen(loopback[i]);

		if (strncmp(v, loopback[i], k) == 0 &&
		    strchr(":/", v[k]) != NULL)
			host = v + 7;
	}
	if (host == NULL || *host == '\0' || *host == '/' || *host == ':')
		return -1;
	/* a port, after the authority's last ':' (past a "]"), is 1 to 5
	   digits */
	auth = strcspn(host, "/");
	for (i = 0; i < auth; i++)
		if (host[i] == ':')
			colon = host + i;
		else if (host[i] == ']')
			colon = NULL;
	if (colon != NULL) {
		digits = (size_t)(host + auth - colon - 1);
		if (digits < 1 || digits > 5 ||
		    strspn(colon + 1, "0123456789") != digits)
			return -1;
	}
	for (i = 0; i < n; i++)
		if (v[i] <= ' ' || v[i] > '~' || strchr("\"'<>`\\?#", v[i]))
			return -1;
	return 0;
}

int
config_check_group(const char *v, const char **why)
{
	struct group gr, *grp = NULL;
	char buf[4096];

	if (*v == '\0')
		return 0;
	if (getgrnam_r(v, &gr, buf, sizeof(buf), &grp) != 0 || grp == NULL) {
		*why = "no such group on this machine";
		return -1;
	}
	return 0;
}
