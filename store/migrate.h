/* store/migrate.h - the embedded migrations (store/sql/NNNN-name.sql,
   turned into sql-embed.c by sql-embed.sh at build time). */
#ifndef RG_MIGRATE_H
#define RG_MIGRATE_H

struct migrate_step {
	int version;		/* NNNN: 1, 2, ... */
	const char *name;	/* "0001-init" */
	const char *sql;
};

extern const struct migrate_step migrate_steps[];
extern const int migrate_nsteps;

#endif
