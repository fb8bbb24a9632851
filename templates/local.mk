# templates: the mails reportgate sends, and their renderer.
noinst_LIBRARIES += templates/libtemplates.a
templates_libtemplates_a_SOURCES = templates/template.h
