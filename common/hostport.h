/* common/hostport.h - the one reader of "HOST:PORT" and "[IPV6]:PORT"
   (the console's listen address in the configuration and on the command
   line, the Host header of a request). */
#ifndef RG_HOSTPORT_H
#define RG_HOSTPORT_H

#include <stdbool.h>
#include <stddef.h>

/* Splits spec into its host (an IPv6 literal without its brackets) and
   its port. HOST is non-empty and holds no ':' unless bracketed; PORT is
   1 to 10 decimal digits (the caller checks the range), and may be left
   out (then *port_r = 0) only when port_optional. Copies the host,
   NUL-terminated, into host[0..host_size). Returns 0, or -1 when spec
   has not that shape or the host does not fit. */
int hostport_split(const char *spec, bool port_optional, char *host,
		   size_t host_size, unsigned long *port_r);

#endif
