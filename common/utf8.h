/* common/utf8.h - UTF-8 checks and repairs for text taken from mail. */
#ifndef RG_UTF8_H
#define RG_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Returns true if s[0..len) is valid UTF-8 with no NUL byte. */
bool utf8_valid(const char *s, size_t len);
/* Returns a copy of s[0..len) owned by the caller in which every invalid
   sequence and every NUL becomes U+FFFD. */
char *utf8_sanitize(const char *s, size_t len);
/* Returns the length in bytes of the valid UTF-8 sequence at s (1..4), or
   0 if the bytes at s[0..len) do not start one. */
size_t utf8_seq_len(const unsigned char *s, size_t len);
/* Returns the byte length of the longest prefix of s that has at most
   max bytes and does not cut a UTF-8 sequence. */
size_t utf8_prefix(const char *s, size_t max);

#endif
