# parsers, MIME side: owned by the parse-mime work
