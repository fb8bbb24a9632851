/* common/hostport.c - "HOST:PORT" and "[IPV6]:PORT". */
#include <stdlib.h>
#include <string.h>

#include "common/hostport.h"

int
hostport_split(const char *spec, bool port_optional, char *host,
	       size_t host_size, unsigned long *port_r)
{
	const char *h, *end, *port;
	size_t hlen, plen;

	*port_r = 0;
	if (spec[0] == '[') {
		h = spec + 1;
		if ((end = strchr(h, ']')) == NULL ||
		    (end[1] != '\0' && end[1] != ':'))
			return -1;
		port = end[1] == ':' ? end + 2 : NULL;
	} else {
		h = spec;
		end = strchr(spec, ':');
		if (end != NULL && strchr(end + 1, ':') != NULL)
			return -1;	/* an IPv6 literal needs brackets */
		if (end == NULL)
			end = spec + strlen(spec);
		port = *end == ':' ? end + 1 : NULL;
	}
	hlen = (size_t)(end - h);
	if (hlen == 0 || hlen >= host_size)
		return -1;
	if (port == NULL) {
		if (!port_optional)
			return -1;
	} else {
		plen = strlen(port);
		if (plen == 0 || plen > 10 ||
		    strspn(port, "0123456789") != plen)
			return -1;
		*port_r = strtoul(port, NULL, 10);
	}
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	return 0;
}
