/* console/web_query.h - reading the case list's query string (?tab=,
   filters, sort, page, search) with a check of every value before any
   store query. Internal to the console: it sees libmicrohttpd's
   connection. */
#ifndef RG_WEB_QUERY_H
#define RG_WEB_QUERY_H

#include <microhttpd.h>

#include "console/web.h"

/* Fills q from the query of the request on c (the caller's fields me,
   token and role are left alone). Returns 0, or -1 when a value is not
   one the list knows (r is then a 400 page). */
int web_query_read(struct MHD_Connection *c, struct web_query *q,
		   struct web_reply *r);

/* The tab names of ?tab=, indexed by enum store_queue. */
extern const char *const web_query_tabs[STORE_QUEUE_N];

#endif
