# store: SQLite schema, migrations, queries.
noinst_LIBRARIES += store/libstore.a
store_libstore_a_SOURCES = store/store.h
store_libstore_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
