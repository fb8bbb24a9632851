/* common/file.h - reading a small regular file whole; the one maker of
   anonymous temporary files. */
#ifndef RG_FILE_H
#define RG_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include "common/err.h"

/* Reads the whole regular file path (at most max bytes) into a new
   NUL-terminated buffer owned by the caller (*text_r, *len_r). Returns 1,
   0 if the file does not exist, or -1 with err set (ERR_FATAL, naming
   path). */
int file_read_all(const char *path, size_t max, char **text_r,
		  size_t *len_r, struct err *err);

/* Makes an anonymous temporary file: a new read-write descriptor
   (O_CLOEXEC, mode 0600) of a file in dir (NULL or "": $TMPDIR, else
   /tmp) that has no name, so it is gone when its last descriptor is
   closed. With linkable, only O_TMPFILE is tried and the file may be
   given a name later with linkat(2) (the store links a fetched message
   under its hash instead of copying it). Without, a file system that
   cannot do O_TMPFILE gets a named file (mkostemp) that is unlinked at
   once. Returns the descriptor, or -1 with errno set. */
int file_anon(const char *dir, bool linkable);

#endif
