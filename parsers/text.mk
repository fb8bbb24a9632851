# parsers, text side: owned by the parse-text work
