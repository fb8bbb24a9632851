# parsers, text side: owned by the parse-text work
# Links (find, unwrap, normalise, match listings), the rules file, the
# report form, attachment classes and the analysis of the text.
parsers_libparsers_a_SOURCES += \
	parsers/text-int.h \
	parsers/analyze.c parsers/recache.c \
	parsers/classify.c \
	parsers/form.c \
	parsers/links.c \
	parsers/rules.c parsers/ac.c parsers/words.c parsers/reply.c \
	parsers/unwrap.c
nodist_parsers_libparsers_a_SOURCES = parsers/rules-builtin.c

# The built-in rules: a C string made from the shipped rules file.
BUILT_SOURCES += parsers/rules-builtin.c
CLEANFILES += parsers/rules-builtin.c
dist_pkgdata_DATA += parsers/rules/evidence.rules
parsers/rules-builtin.c: $(top_srcdir)/parsers/rules/evidence.rules
	$(AM_V_GEN)$(MKDIR_P) parsers && { \
	  echo '/* generated from parsers/rules/evidence.rules; do not edit */'; \
	  echo '#include "parsers/text-int.h"'; \
	  echo 'const char rules_builtin_text[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	    $(top_srcdir)/parsers/rules/evidence.rules; \
	  echo ';'; \
	} > $@-t && mv $@-t $@

check_PROGRAMS += tests/unit/test-links tests/unit/test-analyze
TESTS += tests/unit/test-links tests/unit/test-analyze
tests_unit_test_links_SOURCES = tests/unit/test-links.c
tests_unit_test_links_LDADD = tests/lib/libtest.a $(PARSERS_LIBS)
tests_unit_test_analyze_SOURCES = tests/unit/test-analyze.c
tests_unit_test_analyze_LDADD = tests/lib/libtest.a $(PARSERS_LIBS)
