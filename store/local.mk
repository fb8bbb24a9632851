# store module: sources and unit tests
