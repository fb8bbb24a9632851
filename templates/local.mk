# templates module: sources and unit tests
