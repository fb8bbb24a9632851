/* console/web_forms.c - the decision forms on a case page: one form per
   decision the state machine allows from the case's status (a note is
   always allowed; a held case offers release, close and note), each posting to /case/REF/action with the CSRF token
   in a hidden field. The server checks everything again: the forms only
   spare staff a refused click. */
#include <string.h>

#include "common/casestate.h"
#include "console/web.h"
#include "console/web_forms.h"

bool
web_forms_allowed(const struct store_case *c, enum case_action action)
{
	enum report_stream stream;
	enum case_status status, to;

	if (report_stream_parse(c->stream, &stream) < 0 ||
	    workflow_status_parse(c->status, &status) < 0)
		return false;
	return workflow_next(stream, status, action, &to, NULL) == 0;
}

void
web_forms_open(struct web_html *h, const struct store_case *c,
	       const char *token, const char *action, const char *legend)
{
	web_html_raw(h, "<form method=\"post\" action=\"/case/");
	web_html_url(h, c->ref);
	web_html_printf(h, "/action\"><fieldset><legend>%s</legend>"
			"<input type=\"hidden\" name=\"token\" value=\"%s\">"
			"<input type=\"hidden\" name=\"action\" value=\"%s\">",
			legend, token, action);
}

void
web_forms_close(struct web_html *h, const char *button)
{
	web_html_printf(h, "<br><button type=\"submit\">%s</button>"
			"</fieldset></form>\n", button);
}

void
web_forms_textarea(struct web_html *h, const char *label, const char *name,
		   bool need)
{
	web_html_printf(h, "<label>%s<br><textarea name=\"%s\" "
			"maxlength=\"4000\"%s></textarea></label>", label,
			name, need ? " required" : "");
}

void
web_forms_days(struct web_html *h, bool need)
{
	/* Constant markup: through %s it would be escaped into the
	   attribute value=&quot;14&quot;, leaving the field empty. */
	web_html_raw(h, "<br><label>Days <input type=\"number\" "
		     "name=\"days\" min=\"0\" max=\"3650\"");
	web_html_raw(h, need ? " required value=\"14\"></label>" :
		     "></label>");
}

void
web_forms_sor(struct web_html *h, const struct store_case *c, bool account)
{
	const char *dflt = c->ground != NULL ? c->ground :
			   strcmp(c->stream, "ip") == 0 ? "illegal" : "terms";
	bool illegal = strcmp(dflt, "illegal") == 0;

	/* Folded: the defaults work, so the form stays short; the fields
	   are sent folded or not. */
	web_html_printf(h, "<details class=\"sor-fields\"><summary>Statement "
			"of reasons (DSA Art. 17): ground, explanation%s"
			"</summary><label>Ground <select name=\"ground\">",
			account ? ", end date" : "");
	web_html_raw(h, illegal ? "<option value=\"illegal\" selected>"
		     "illegal content (the default)</option><option value=\""
		     "terms\">incompatible with the terms of service</option>" :
		     "<option value=\"illegal\">illegal content</option>"
		     "<option value=\"terms\" selected>incompatible with the "
		     "terms of service (the default)</option>");
	web_html_raw(h, "</select></label><br>");
	web_forms_textarea(h, "Explanation (empty: the reason)", "explanation",
			   false);
	if (account)
		web_html_raw(h, "<br><label>Until (the last day of a suspension "
			     "or posting restriction; empty: until further "
			     "notice) <input type=\"date\" name=\"until\">"
			     "</label>");
	web_html_raw(h, "</details>");
}

/* The act form: enforcements and reinstatement, as allowed. */
static void
web_forms_act(struct web_html *h, const struct store_case *c,
	      const char *token)
{
	static const char *const enforce[] = {
		"removal", "posting_restriction", "suspension", "termination"
	};
	bool can_enforce = web_forms_allowed(c, ACTION_ENFORCE);
	bool can_reinstate = web_forms_allowed(c, ACTION_REINSTATE);
	size_t i;

	if (!can_enforce && !can_reinstate)
		return;
	web_forms_open(h, c, token, "act", "Act");
	web_html_raw(h, "<label>Action <select name=\"what\" required>");
	for (i = 0; can_enforce && i < sizeof(enforce) / sizeof(enforce[0]);
	     i++)
		web_html_printf(h, "<option value=\"%s\">%s</option>",
				enforce[i], enforce[i]);
	if (can_reinstate)
		web_html_raw(h, "<option value=\"reinstate\">reinstate</option>");
	web_html_raw(h, "</select></label><br>");
	web_forms_textarea(h, "Reason", "reason", true);
	if (can_enforce)
		web_forms_sor(h, c, true);
	web_forms_close(h, "Record");
}

/* Accept and reject. */
static void
web_forms_decider(struct web_html *h, const struct store_case *c,
		  const char *token)
{
	if (web_forms_allowed(c, ACTION_ACCEPT)) {
		web_forms_open(h, c, token, "accept", "Accept");
		web_forms_textarea(h, "Reason (optional)", "reason", false);
		web_forms_close(h, "Accept");
	}
	if (web_forms_allowed(c, ACTION_REJECT)) {
		web_forms_open(h, c, token, "reject", "Reject");
		web_forms_textarea(h, "Reason (sent to the reporter)", "reason",
				   true);
		web_forms_close(h, "Reject");
	}
	/* A notice from a reporter may be rejected as manifestly unfounded:
	   it counts against them (docs/WORKFLOW.md "Notice sources, misuse
	   and repeat infringers"). */
	if (web_forms_allowed(c, ACTION_REJECT) && c->reporter != NULL &&
	    *c->reporter != '\0') {
		web_forms_open(h, c, token, "reject-unfounded",
			       "Reject as manifestly unfounded");
		web_html_raw(h, "<p class=\"muted\">Counts against the "
			     "reporter: enough of these in the window warn "
			     "them, then hold their new reports.</p>");
		web_forms_textarea(h, "Reason (sent to the reporter)", "reason",
				   true);
		web_forms_close(h, "Reject as unfounded");
	}
}

/* A held case (its reporter suspended for unfounded notices): only
   release, close and note; every other decision waits for the release. */
static void
web_forms_held(struct web_html *h, const struct store_case *c,
	       const char *token, enum auth_role role)
{
	web_html_raw(h, "<p class=\"notice\" id=\"held\"><strong>Held:</strong> its "
		     "reporter is suspended for manifestly unfounded "
		     "notices. Release the report to decide on it.</p>");
	if (role < ROLE_DECIDER)
		return;
	web_forms_open(h, c, token, "release", "Release the held report");
	web_forms_textarea(h, "Reason (staff only)", "reason", true);
	web_forms_close(h, "Release");
}

/* The requests for information and evidence. */
static void
web_forms_reviewer(struct web_html *h, const struct store_case *c,
		   const char *token)
{
	if (web_forms_allowed(c, ACTION_REQUEST_INFO)) {
		web_forms_open(h, c, token, "request-info",
			       "Ask the reporter for information");
		web_forms_textarea(h, "What is needed", "text", true);
		web_forms_days(h, false);
		web_forms_close(h, "Send request");
	}
	if (web_forms_allowed(c, ACTION_REQUEST_EVIDENCE)) {
		web_forms_open(h, c, token, "request-evidence",
			       "Request evidence");
		web_html_raw(h, "<label>From <select name=\"party\" required>"
			     "<option value=\"vendor\">vendor</option>"
			     "<option value=\"rights_holder\">rights_holder"
			     "</option></select></label><br>");
		web_forms_textarea(h, "What is needed", "text", true);
		web_forms_days(h, true);
		web_forms_close(h, "Send request");
	}
}

void
web_forms_case(struct web_html *h, const struct store_case *c,
	       const char *token, enum auth_role role)
{
	if (role < ROLE_REVIEWER)
		return;
	web_html_raw(h, "<section aria-labelledby=\"decide-h\"><h2 "
		     "id=\"decide-h\">Decide</h2><div class=\"decide\">");
	if (c->held)
		web_forms_held(h, c, token, role);
	if (role >= ROLE_DECIDER && !c->held)
		web_forms_decider(h, c, token);
	if (!c->held)
		web_forms_reviewer(h, c, token);
	if (role >= ROLE_DECIDER && !c->held)
		web_forms_act(h, c, token);
	if (role >= ROLE_DECIDER && web_forms_allowed(c, ACTION_CLOSE)) {
		web_forms_open(h, c, token, "close", "Close");
		web_forms_textarea(h, "Reason (optional)", "reason", false);
		web_forms_close(h, "Close");
	}
	web_forms_open(h, c, token, "note", "Note");
	web_forms_textarea(h, "Note (staff only)", "text", true);
	web_forms_close(h, "Add note");
	web_html_raw(h, "</div></section>\n");
}
