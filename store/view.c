/* store/view.c - everything a case holds, read in one go: what the staff
   see (cases show, the web console's case page). */
#include "store/store-int.h"

static const char view_sql_rights_set[] =
	"SELECT 1 FROM case_rights WHERE case_id = ?1 LIMIT 1";

/* Sets v->rights_corrected: 0, or -1 with err set. */
static int
view_rights_corrected(struct store *s, int64_t id, struct store_case_view *v,
		      struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, view_sql_rights_set, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	if ((rc = db_step(s, st, err)) < 0)
		return -1;
	if (rc == 1)
		db_reset(st);
	v->rights_corrected = rc == 1;
	return 0;
}

void
store_case_view_free(struct store_case_view *v)
{
	store_cases_free(v->c, v->c ? 1 : 0);
	store_messages_free(v->msgs, v->n_msgs);
	store_listings_free(v->listings, v->n_listings);
	store_events_free(v->events, v->n_events);
	store_outbox_free(v->outbox, v->n_outbox);
	strv_free(&v->linked_from);
	store_vendors_free(v->vendors, v->n_vendors);
	store_evreqs_free(v->evreqs, v->n_evreqs);
	store_vendor_actions_free(v->actions, v->n_actions);
	store_counters_free(v->counters, v->n_counters);
	store_case_links_free(v->links, v->n_links);
	store_case_links_free(v->same_vendor, v->n_same_vendor);
	store_rights_free(v->rights, v->n_rights);
	*v = (struct store_case_view){ 0 };
}

int
store_case_view_load(struct store *s, const char *ref,
		     struct store_case_view *v, struct err *err)
{
	int64_t id;
	int rc;

	*v = (struct store_case_view){ 0 };
	if ((rc = store_case_get(s, ref, &v->c, err)) <= 0)
		return rc;
	id = v->c->id;
	if (store_case_messages(s, id, &v->msgs, &v->n_msgs, err) < 0 ||
	    store_case_listings(s, id, &v->listings, &v->n_listings,
				err) < 0 ||
	    store_event_list(s, id, &v->events, &v->n_events, err) < 0 ||
	    store_outbox_for_case(s, id, &v->outbox, &v->n_outbox, err) < 0 ||
	    store_case_linked_from(s, id, &v->linked_from, err) < 0 ||
	    store_case_vendors(s, id, &v->vendors, &v->n_vendors, err) < 0 ||
	    store_evreq_list(s, id, &v->evreqs, &v->n_evreqs, err) < 0 ||
	    store_vendor_actions(s, id, &v->actions, &v->n_actions, err) < 0 ||
	    store_counter_list(s, id, &v->counters, &v->n_counters, err) < 0 ||
	    store_case_links(s, id, &v->links, &v->n_links, err) < 0 ||
	    store_case_same_vendor(s, id, &v->same_vendor, &v->n_same_vendor,
				   err) < 0 ||
	    store_case_rights(s, id, &v->rights, &v->n_rights, err) < 0 ||
	    view_rights_corrected(s, id, v, err) < 0) {
		store_case_view_free(v);
		return -1;
	}
	return 1;
}
