/* web/web_listen.c - parsing a listening address (web_listen.h). */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/hostport.h"
#include "web/web_listen.h"

int
web_listen_parse(const char *spec, struct web_listen *l, struct err *err)
{
	struct addrinfo hints, *res = NULL;
	const struct sockaddr_in6 *a6;
	const struct sockaddr_in *a4;
	char name[256], port[8];
	unsigned long pnum;
	int rc;

	memset(l, 0, sizeof(*l));
	if (hostport_split(spec, false, name, sizeof(name), &pnum) < 0 ||
	    pnum > 65535)
		goto bad;
	snprintf(port, sizeof(port), "%lu", pnum);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if ((rc = getaddrinfo(name, port, &hints, &res)) != 0) {
		err_set(err, ERR_FATAL, "listen address %s: %s", spec,
			gai_strerror(rc));
		return -1;
	}
	if (res->ai_addrlen > sizeof(l->addr) ||
	    (res->ai_family != AF_INET && res->ai_family != AF_INET6)) {
		freeaddrinfo(res);
		goto bad;
	}
	memcpy(&l->addr, res->ai_addr, res->ai_addrlen);
	l->addr_len = res->ai_addrlen;
	freeaddrinfo(res);
	if (l->addr.ss_family == AF_INET) {
		a4 = (const struct sockaddr_in *)&l->addr;
		l->loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
	} else {
		a6 = (const struct sockaddr_in6 *)&l->addr;
		l->loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr) ||
			      (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr) &&
			       a6->sin6_addr.s6_addr[12] == 127);
	}
	return 0;
bad:
	err_set(err, ERR_FATAL, "listen address %s: must be HOST:PORT or "
		"[IPV6]:PORT", spec);
	return -1;
}

bool
web_listen_host_is_loopback(const char *host)
{
	struct in6_addr a6;
	struct in_addr a4;
	unsigned long port;
	char name[64];

	if (hostport_split(host, true, name, sizeof(name), &port) < 0)
		return false;
	if (strcasecmp(name, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, name, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, name, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}
