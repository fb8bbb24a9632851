/* templates/template.h - placeholder; the templates work defines it. */
