-- 0009-listing-groups: cases that report the same listing form one group
-- per listing, read from case_listings (indexed by listing_id), instead
-- of a link row for every pair: N reports of one listing made N*(N-1)/2
-- rows here and two events per row (1,600 mails: 1.28 M rows, 2.56 M
-- events). Each case joining a group gets one event. The pairs kept so
-- far are all in case_listings too.
DROP INDEX case_links_other;
DROP TABLE case_links;
