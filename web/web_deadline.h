/* web/web_deadline.h - a deadline for the whole head of each request,
   for both web processes (the staff console, the public portal).

   libmicrohttpd 0.9.75 has only an idle timeout: any byte received
   restarts it, so a client sending one byte every few seconds keeps a
   connection for ever. Here each connection is known from its opening
   (MHD_OPTION_NOTIFY_CONNECTION) to its closing; the head of a request
   must be complete (the access handler called) within the deadline of
   the connection's opening or of the end of its previous request. A
   thread of our own watches the deadlines and, past one, shuts the
   socket down (shutdown(2), never close(2)): libmicrohttpd then reads
   the end of the stream and closes the connection itself. The socket
   stays open until libmicrohttpd's "closed" notification, which takes
   the same lock, so a number reused by a new connection is never hit.
   Bodies (uploads) are not under the deadline: the idle timeout
   governs them. docs/SPEC.md §9 (web.header_timeout_seconds,
   portal.header_timeout_seconds). */
#ifndef RG_WEB_DEADLINE_H
#define RG_WEB_DEADLINE_H

#include <microhttpd.h>

#include "common/err.h"

struct web_deadline;	/* opaque: the watch and its thread */

/* Starts the watch: heads not complete within seconds (> 0) are cut,
   each cut logged as "<comp>.head_deadline" (comp: a static string,
   "web" or "portal"). Returns the watch, owned by the caller
   (web_deadline_free after MHD_stop_daemon), or NULL with err set (no
   thread). Start it after the process's signal mask is set: the thread
   inherits it. */
struct web_deadline *web_deadline_new(unsigned seconds, const char *comp,
				      struct err *err);

/* Stops the thread and frees the watch; NULL-safe; sets *dp = NULL.
   Call it after MHD_stop_daemon (every connection closed). */
void web_deadline_free(struct web_deadline **dp);

/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback; cls is the
   struct web_deadline. On "started" the connection's head is due within
   the deadline; on "closed" it is forgotten. */
void web_deadline_notify(void *cls, struct MHD_Connection *c,
			 void **socket_context,
			 enum MHD_ConnectionNotificationCode toe);

/* The head of c's current request is complete: call it from the access
   handler (the first call of each request is enough, later ones do no
   harm). d may be NULL (no watch). */
void web_deadline_head_done(struct web_deadline *d, struct MHD_Connection *c);

/* c's request ended (MHD_OPTION_NOTIFY_COMPLETED): the next request's
   head on the same connection is due within the deadline from now. d
   may be NULL. */
void web_deadline_request_done(struct web_deadline *d,
			       struct MHD_Connection *c);

#endif
