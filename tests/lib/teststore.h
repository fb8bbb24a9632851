/* tests/lib/teststore.h - what the store's unit tests share: opening a
   store in a test's temporary directory, and loading a snapshot of a
   past release's store (tests/fixtures/store/vN.sql) to migrate it.
   Compiled into each test that links the store. */
#ifndef RG_TESTSTORE_H
#define RG_TESTSTORE_H

#include "../../store/store.h"

/* Opens (creating or migrating) the store dir/name with its attachment
   files under dir/att. Returns the store, owned by the caller
   (store_close), or NULL after a "# store_open: why" line. */
struct store *test_store_open(const char *dir, const char *name);

/* Runs the SQL of fixture (a path below tests/, e.g.
   "fixtures/store/v12.sql") over a raw SQLite connection into the new
   database dir/name, as the release that wrote it left it. Returns 0,
   or -1 after a "# ..." line saying why. */
int test_store_load(const char *fixture, const char *dir, const char *name);

#endif
