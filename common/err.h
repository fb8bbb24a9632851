/* common/err.h - the one error type. Owned by the caller, never allocates;
   its class tells the caller what to do next (isync's grading). */
#ifndef RG_ERR_H
#define RG_ERR_H

enum err_class {
	ERR_NONE = 0,
	ERR_TEMP,	/* may work later (server down, SQLITE_BUSY): retry */
	ERR_MSG,	/* this message can never succeed: quarantine, go on */
	ERR_FATAL	/* config, schema, disk: log and exit non-zero */
};

struct err {
	enum err_class class;
	char msg[256];
};

/* Sets err (may be NULL) to class and a formatted message (truncated). */
void err_set(struct err *err, enum err_class class, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Resets err to ERR_NONE with an empty message. */
void err_clear(struct err *err);
/* Returns a static name for class ("temp", "msg", "fatal", "none"). */
const char *err_class_name(enum err_class class);

#endif
