/* common/file.h - reading a small regular file whole. */
#ifndef RG_FILE_H
#define RG_FILE_H

#include <stddef.h>
#include "common/err.h"

/* Reads the whole regular file path (at most max bytes) into a new
   NUL-terminated buffer owned by the caller (*text_r, *len_r). Returns 1,
   0 if the file does not exist, or -1 with err set (ERR_FATAL, naming
   path). */
int file_read_all(const char *path, size_t max, char **text_r,
		  size_t *len_r, struct err *err);

#endif
