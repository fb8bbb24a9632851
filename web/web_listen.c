/* web/web_listen.c - parsing a listening address (web_listen.h). */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/web_listen.h"

int
web_listen_parse(const char *spec, struct web_listen *l, struct err *err)
{
	struct addrinfo hints, *res = NULL;
	const struct sockaddr_in6 *a6;
	const struct sockaddr_in *a4;
	const char *host, *port, *rb;
	char name[256];
	size_t hlen, plen;
	int rc;

	memset(l, 0, sizeof(*l));
	if (spec[0] == '[') {
		rb = strchr(spec, ']');
		if (rb == NULL || rb[1] != ':')
			goto bad;
		host = spec + 1;
		hlen = (size_t)(rb - host);
		port = rb + 2;
	} else {
		rb = strrchr(spec, ':');
		if (rb == NULL || memchr(spec, ':', (size_t)(rb - spec)))
			goto bad;
		host = spec;
		hlen = (size_t)(rb - spec);
		port = rb + 1;
	}
	plen = strlen(port);
	if (hlen == 0 || hlen >= sizeof(name) || plen == 0 || plen > 5 ||
	    strspn(port, "0123456789") != plen || strtoul(port, NULL, 10) > 65535)
		goto bad;
	memcpy(name, host, hlen);
	name[hlen] = '\0';
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
	const char *end;
	char name[64];
	size_t n;

	if (host[0] == '[') {
		if ((end = strchr(host, ']')) == NULL ||
		    (end[1] != '\0' && end[1] != ':'))
			return false;
		host++;
	} else if ((end = strchr(host, ':')) == NULL) {
		end = host + strlen(host);
	}
	n = (size_t)(end - host);
	if (n == 0 || n >= sizeof(name))
		return false;
	memcpy(name, host, n);
	name[n] = '\0';
	if (strcasecmp(name, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, name, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, name, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}
