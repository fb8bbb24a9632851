/* store/store.h - placeholder; the store work defines it. */
