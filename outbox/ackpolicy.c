/* outbox/ackpolicy.c - RFC 3834 rules for answering a sender: never answer
   machines, lists, forged mail or ourselves. */
#include <string.h>
#include <strings.h>

#include "ackpolicy.h"
#include "common/sender.h"
#include "smtp.h"

/* Local parts (before any "+detail") that belong to machines or to
   role mailboxes nobody reads for answers. */
static const char *const ackpolicy_system[] = {
	"mailer-daemon", "postmaster", "mailerdaemon", "daemon", "bounce",
	"bounces", NULL
};

/* Prefixes of no-reply local parts ("noreply", "noreply-alerts"). */
static const char *const ackpolicy_noreply[] = {
	"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply",
	"do_not_reply", NULL
};

/* Copies the local part of addr, up to '+' or '@', into out (size bytes,
   truncated). */
static void
ackpolicy_local(const char *addr, char *out, size_t size)
{
	size_t n = strcspn(addr, "+@");

	if (n >= size)
		n = size - 1;
	memcpy(out, addr, n);
	out[n] = '\0';
}

static bool
ackpolicy_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Returns the reason why addr must not be answered, or NULL. */
static const char *
ackpolicy_addr_refused(const char *addr)
{
	char local[128];

	if (addr == NULL || addr[0] == '\0')
		return "null_sender";
	if (!smtp_address_ok(addr))
		return "bad_address";
	ackpolicy_local(addr, local, sizeof(local));
	for (size_t i = 0; ackpolicy_system[i] != NULL; i++)
		if (strcasecmp(local, ackpolicy_system[i]) == 0)
			return "system_address";
	for (size_t i = 0; ackpolicy_noreply[i] != NULL; i++)
		if (strncasecmp(local, ackpolicy_noreply[i],
				strlen(ackpolicy_noreply[i])) == 0)
			return "noreply_address";
	if (strncasecmp(local, "owner-", 6) == 0 ||
	    ackpolicy_has_suffix(local, "-request") ||
	    ackpolicy_has_suffix(local, "-bounces") ||
	    ackpolicy_has_suffix(local, "-owner"))
		return "list_address";
	return NULL;
}

const char *
ackpolicy_address(const struct report *r)
{
	const char *rdom = sender_domain(r->reply_to_address);
	const char *fdom = sender_domain(r->from_address);

	if (r->reply_to_address != NULL &&
	    ackpolicy_addr_refused(r->reply_to_address) == NULL &&
	    rdom != NULL && fdom != NULL && strcasecmp(rdom, fdom) == 0 &&
	    sender_dmarc_pass(r))
		return r->reply_to_address;
	if (r->from_address != NULL && r->from_address[0] != '\0')
		return r->from_address;
	return NULL;
}

bool
ackpolicy_may_answer(const struct report *r, const char *address,
		     const struct strv *gateway_addresses, const char **why_r)
{
	const char *why = NULL;

	if (r->kind == KIND_BOUNCE)
		why = "bounce";
	else if (!report_wants_ack(r))
		why = "auto_reply";
	else if (r->auto_submitted)
		why = "auto_submitted";
	else if (r->is_list)
		why = "list_mail";
	else if (r->dmarc != NULL && strcasecmp(r->dmarc, "fail") == 0)
		why = "dmarc_fail";
	else if (r->return_path != NULL && r->return_path[0] == '\0')
		why = "null_sender";	/* MAIL FROM:<> (RFC 3834 2) */
	else
		why = ackpolicy_addr_refused(address);
	if (why == NULL && gateway_addresses != NULL) {
		for (size_t i = 0; i < gateway_addresses->n; i++)
			if (strcasecmp(address, gateway_addresses->v[i]) == 0)
				why = "own_address";
	}
	if (why_r != NULL)
		*why_r = why ? why : "ok";
	return why == NULL;
}
