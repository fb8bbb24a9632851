/* outbox/ackpolicy.h - who may get an answer from the gateway (SPEC §2,
   RFC 3834): the address to answer, and whether to answer it at all.
   Rate limits per recipient are the outbox's business, not this file's. */
#ifndef RG_ACKPOLICY_H
#define RG_ACKPOLICY_H

#include <stdbool.h>

#include "common/report.h"
#include "common/strv.h"

/* Returns the address an answer to r goes to, borrowed from r: the From
   address; its Reply-To only when that is sane (smtp_address_ok, not a
   no-reply or system mailbox), in the From's own domain, and the trusted
   MX said DMARC pass for that domain (sender_dmarc_pass): a Reply-To is
   chosen by whoever wrote the mail, so it never sends our answers to a
   third party. Returns NULL when there is no From. Whether it may be
   answered at all is ackpolicy_may_answer's call. */
const char *ackpolicy_address(const struct report *r);

/* Decides whether the gateway may send an answer about r to address
   (normally ackpolicy_address(r)). Never: for auto_reply or bounce kinds
   (report_wants_ack), auto-submitted or list mail, a DMARC "fail" from the
   trusted authserv-id, a null reverse path (Return-Path <>), an empty or
   malformed address, machine mailboxes (MAILER-DAEMON, postmaster,
   mailerdaemon, daemon, bounce, bounces), no-reply local parts (noreply, no-reply, no_reply, donotreply,
   do-not-reply, do_not_reply, also as a prefix such as noreply-alerts;
   case-insensitive, "+detail" ignored), list robots (owner-*, *-request,
   *-bounces), and the gateway's own addresses (gateway_addresses may be
   NULL; compared case-insensitively). Sets *why_r (may be NULL) to a
   static reason for the event log: "ok" when allowed, else one of
   "auto_reply", "bounce", "auto_submitted", "list_mail", "dmarc_fail",
   "null_sender", "bad_address", "system_address", "noreply_address",
   "list_address", "own_address". */
bool ackpolicy_may_answer(const struct report *r, const char *address,
			  const struct strv *gateway_addresses,
			  const char **why_r);

#endif
