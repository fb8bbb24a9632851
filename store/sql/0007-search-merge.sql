-- 0007-search-merge: the full-text index merges its segments 16 at a
-- time (FTS5 'automerge'; the default is 4). Each catch-up (one per poll
-- batch) writes a new segment, and merging them 4 at a time rewrote the
-- same index data again and again: with 2,000 messages caught up in 20
-- transactions, indexing took 0.44 s instead of 0.55-0.76 s. A search
-- reads at most 15 segments per level instead of 3 (about 0.1 ms more
-- per search at that size).
INSERT INTO case_search(case_search, rank) VALUES ('automerge', 16);
