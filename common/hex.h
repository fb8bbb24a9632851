/* common/hex.h - lower-case hexadecimal text of binary data. */
#ifndef RG_HEX_H
#define RG_HEX_H

#include <stddef.h>

/* Writes 2 * n hex digits of in, then a NUL, into out (2 * n + 1 bytes,
   owned by the caller). */
void hex_encode(const unsigned char *in, size_t n, char *out);

#endif
