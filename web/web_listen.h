/* web/web_listen.h - where a web process (the staff console, the public
   portal) listens: "HOST:PORT" or "[IPV6]:PORT" resolved to a socket
   address, and whether it is the loopback interface. */
#ifndef RG_WEB_LISTEN_H
#define RG_WEB_LISTEN_H

#include <stdbool.h>
#include <sys/socket.h>

#include "common/err.h"

/* Where to listen, parsed from "HOST:PORT" or "[IPV6]:PORT". */
struct web_listen {
	struct sockaddr_storage addr;
	socklen_t addr_len;
	bool loopback;		/* 127.0.0.0/8, ::1 or ::ffff:127.x */
};

/* Parses spec (HOST may be a name, resolved now; PORT 0-65535, 0 for
   any free port) into *l. Returns 0, or -1 with err set (ERR_FATAL). */
int web_listen_parse(const char *spec, struct web_listen *l,
		     struct err *err);

/* Returns true if host (a Host header value) names the loopback
   interface: localhost, 127.x.x.x or [::1], with or without a port. */
bool web_listen_host_is_loopback(const char *host);

#endif
