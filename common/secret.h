/* common/secret.h - the one reader and wiper of secret files. */
#ifndef RG_SECRET_H
#define RG_SECRET_H

#include "common/err.h"

/* The longest first line a secret file may hold. */
#define SECRET_MAX 16384

/* Reads a secret file (first line, trailing CR/LF removed; a file readable
   by group or others is logged as a warning). Returns a new string owned
   by the caller, to be wiped with secret_free, or NULL with err set. */
char *secret_read(const char *path, struct err *err);
/* Wipes the secret with explicit_bzero, frees it and sets *secret to
   NULL (NULL-safe). */
void secret_free(char **secret);

#endif
