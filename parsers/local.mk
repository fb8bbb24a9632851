# parsers module: sources and unit tests
