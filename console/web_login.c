/* console/web_login.c - staff sign-in to the web console: the sign-in
   page and its form, the per-account and per-address failure limits
   with lockout, sessions (cookie of 32 random bytes, kept in the store
   only as a hash), the trusted proxy's header mapped to an account, and
   sign-out. Every failed sign-in is a global event and a log line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/log.h"
#include "console/web.h"

/* An address is refused after this many times an account's limit of
   failures within the lockout period. */
#define WEB_LOGIN_ADDRESS_FACTOR 4

const char *
web_login_cookie_name(const struct web_settings *set)
{
	return set->https ? "__Host-rg_session" : "rg_session";
}

/* A store call failed: log it and make r a 503 (busy) or 500 page. */
static void
web_login_store_error(struct web_reply *r, const char *what,
		      const struct err *err)
{
	char q[300];

	log_error("web", "web.store_error", "what=%s class=%s error=%s", what,
		  err_class_name(err->class), log_q(q, sizeof(q), err->msg));
	web_pages_error(r, err->class == ERR_TEMP ? 503 : 500,
			err->class == ERR_TEMP ? "The database is busy; try "
			"again." : "The store failed; the log has the "
			"details.");
}

/* Fills who from account a. */
static void
web_login_who(struct web_who *who, const struct store_account *a)
{
	snprintf(who->name, sizeof(who->name), "%s", a->name);
	who->role = auth_role_parse(a->role);
}

int
web_login_session(struct store *s, const struct web_settings *set,
		  const char *cookie, time_t now, struct web_who *who,
		  struct web_reply *r)
{
	struct store_account *a = NULL;
	char key[AUTH_HEX + 1];
	struct err err;
	int rc;

	memset(who, 0, sizeof(*who));
	if (!auth_cookie_get(cookie, web_login_cookie_name(set), key,
			     sizeof(key)) ||
	    auth_session_keys(key, who->session, who->token) < 0) {
		memset(who, 0, sizeof(*who));
		return 0;
	}
	explicit_bzero(key, sizeof(key));
	err_clear(&err);
	rc = store_session_get(s, who->session, now, set->session_idle,
			       set->session_max, &a, &err);
	if (rc < 0)
		web_login_store_error(r, "session_get", &err);
	if (rc != 1) {
		memset(who, 0, sizeof(*who));
		return rc;
	}
	web_login_who(who, a);
	store_accounts_free(a, 1);
	return who->role == ROLE_NONE ? 0 : 1;
}

int
web_login_header(struct store *s, const char *name, const char *token,
		 struct web_who *who, struct web_reply *r)
{
	struct store_account *a = NULL;
	struct err err;
	int rc;

	memset(who, 0, sizeof(*who));
	err_clear(&err);
	rc = auth_name_ok(name) ? store_account_get(s, name, &a, &err) : 0;
	if (rc < 0) {
		web_login_store_error(r, "account_get", &err);
		return -1;
	}
	if (rc == 0 || a->disabled) {
		store_accounts_free(a, rc);
		web_pages_error(r, 403, "The proxy names no enabled account of "
				"this console (reportgate users add NAME).");
		return 0;
	}
	web_login_who(who, a);
	snprintf(who->token, sizeof(who->token), "%s", token);
	store_accounts_free(a, 1);
	return 1;
}

void
web_login_page(struct web_reply *r, const char *token, const char *notice)
{
	struct web_html *h = &r->page;

	r->who = NULL;
	web_pages_head(r, "Sign in");
	web_html_raw(h, "<h1>Sign in</h1>");
	if (notice != NULL)
		web_html_printf(h, "<p class=\"notice\" role=\"alert\">%s</p>",
				notice);
	web_html_printf(h, "<form method=\"post\" action=\"/login\" "
			"class=\"login\"><input type=\"hidden\" name=\"token\" "
			"value=\"%s\"><p><label for=\"user\">Account</label>"
			"<br><input id=\"user\" name=\"user\" required "
			"maxlength=\"64\" autocomplete=\"username\" "
			"autofocus></p><p><label for=\"password\">Password"
			"</label><br><input id=\"password\" name=\"password\" "
			"type=\"password\" required maxlength=\"1024\" "
			"autocomplete=\"current-password\"></p><p><button "
			"type=\"submit\">Sign in</button></p></form>", token);
	web_pages_foot(r);
}

/* Records a failed sign-in of user (NULL: not an account name) from
   address for why: an event, a log line, and a count toward the locks
   (account_id 0: no account). Returns 0, or -1 with err set. */
static int
web_login_failed(struct store *s, const struct web_settings *set,
		 int64_t account_id, const char *user, const char *address,
		 const char *why, time_t now, struct err *err)
{
	char qu[100];
	struct json j;
	struct buf b;
	int rc;

	log_warn("web", "web.login_failed", "user=%s address=%s why=%s",
		 log_q(qu, sizeof(qu), user ? user : "-"), address, why);
	buf_init(&b, 0);
	json_init(&j, &b);
	json_begin_object(&j);
	json_kv_string(&j, "user", user);
	json_kv_string(&j, "address", address);
	json_kv_string(&j, "why", why);
	json_end_object(&j);
	if ((rc = store_begin(s, err)) == 0) {
		if (store_login_failed(s, account_id, address, now,
				       set->login_failures,
				       set->lockout_seconds, err) < 0 ||
		    store_event_add(s, 0, 0, now, "web", "login.failed",
				    buf_str(&b), err) < 0 ||
		    store_commit(s, err) < 0) {
			store_rollback(s);
			rc = -1;
		}
	}
	buf_free(&b);
	return rc;
}

void
web_login_post(struct store *s, const struct web_settings *set,
	       const struct web_form *f, const char *address,
	       const char *token, time_t now, struct web_reply *r)
{
	static const char wrong[] = "The account name or the password is "
		"wrong.";
	struct store_account *a = NULL;
	char cookie[AUTH_HEX + 1], hash[AUTH_HEX + 1];
	char actor[8 + AUTH_NAME_MAX];
	const char *user = f->user, *why = NULL, *notice = wrong;
	int64_t n_addr = 0;
	struct err err;
	struct json j;
	struct buf b;
	int rc = 0;

	err_clear(&err);
	if (user == NULL || !auth_name_ok(user))
		user = NULL;
	if (store_login_failures_since(s, address, now - set->lockout_seconds,
				       &n_addr, &err) < 0)
		goto store_error;
	if (n_addr >= (int64_t)set->login_failures * WEB_LOGIN_ADDRESS_FACTOR) {
		why = "address locked";
		notice = "Too many failed sign-ins from this address: try "
			 "again later.";
	} else if (user != NULL &&
		   (rc = store_account_get(s, user, &a, &err)) < 0) {
		goto store_error;
	}
	if (why != NULL) {
		/* locked address: not checked at all */
	} else if (a != NULL && a->locked_until > now) {
		why = "account locked";
		notice = "This account is locked after too many failed "
			 "sign-ins: try again later.";
	} else if (!auth_verify(a ? a->password : NULL,
				f->password ? f->password : "")) {
		why = a != NULL ? "wrong password" : "unknown account";
	} else if (a->disabled) {
		why = "account disabled";
	}
	if (why != NULL) {
		if (web_login_failed(s, set, a && !a->disabled &&
				     a->locked_until <= now ? a->id : 0,
				     user, address, why, now, &err) < 0)
			goto store_error;
		r->status = 403;
		web_login_page(r, token, notice);
		goto out;
	}
	auth_session_new(cookie, hash);
	buf_init(&b, 0);
	json_init(&j, &b);
	json_begin_object(&j);
	json_kv_string(&j, "address", address);
	json_end_object(&j);
	snprintf(actor, sizeof(actor), "web:%s", a->name);
	if ((rc = store_begin(s, &err)) == 0 &&
	    (store_login_good(s, a->id, &err) < 0 ||
	     store_session_add(s, hash, a->id, now, &err) < 0 ||
	     store_event_add(s, 0, 0, now, actor, "login", buf_str(&b),
			     &err) < 0 ||
	     store_commit(s, &err) < 0)) {
		store_rollback(s);
		rc = -1;
	}
	buf_free(&b);
	if (rc < 0) {
		explicit_bzero(cookie, sizeof(cookie));
		goto store_error;
	}
	log_info("web", "web.login", "user=%s address=%s", a->name, address);
	snprintf(r->cookie, sizeof(r->cookie), "%s=%s; HttpOnly; "
		 "SameSite=Strict; Path=/%s", web_login_cookie_name(set),
		 cookie, set->https ? "; Secure" : "");
	explicit_bzero(cookie, sizeof(cookie));
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "/");
	web_html_raw(&r->page, "<!DOCTYPE html>\n<title>Signed in</title>"
		     "<a href=\"/\">Cases</a>\n");
	goto out;
store_error:
	web_login_store_error(r, "login", &err);
out:
	store_accounts_free(a, a != NULL ? 1 : 0);
}

void
web_logout(struct store *s, const struct web_settings *set,
	   const struct web_who *who, time_t now, struct web_reply *r)
{
	char actor[8 + AUTH_NAME_MAX];
	struct err err;

	err_clear(&err);
	snprintf(actor, sizeof(actor), "web:%s", who->name);
	if (who->session[0] != '\0' &&
	    (store_session_delete(s, who->session, &err) < 0 ||
	     store_event_add(s, 0, 0, now, actor, "logout", NULL,
			     &err) < 0)) {
		web_login_store_error(r, "logout", &err);
		return;
	}
	log_info("web", "web.logout", "user=%s", who->name);
	snprintf(r->cookie, sizeof(r->cookie), "%s=; HttpOnly; "
		 "SameSite=Strict; Path=/; Max-Age=0%s",
		 web_login_cookie_name(set), set->https ? "; Secure" : "");
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "/login");
	web_html_raw(&r->page, "<!DOCTYPE html>\n<title>Signed out</title>"
		     "<a href=\"/login\">Sign in</a>\n");
}
