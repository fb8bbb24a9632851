/* common/sanitizer.h - RG_ASAN is 1 in an AddressSanitizer build, else 0.
   gcc defines __SANITIZE_ADDRESS__; clang 14 (Debian 12's) does not, and
   says it through __has_feature(address_sanitizer) instead. */
#ifndef RG_SANITIZER_H
#define RG_SANITIZER_H

#if defined(__SANITIZE_ADDRESS__)
#define RG_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RG_ASAN 1
#endif
#endif
#ifndef RG_ASAN
#define RG_ASAN 0
#endif

#endif
