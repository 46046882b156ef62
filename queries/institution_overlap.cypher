// name: institution_overlap
// answers: For every pair of institutions, how many people, organisations, places and themes both hold (through their aliases)
// params: $min_shared (int, default 1, example 1)
MATCH (e)<-[:REFERS_TO]-(a:Alias)
WITH e, collect(DISTINCT a.institution) AS holders
WHERE size(holders) > 1
UNWIND holders AS x
UNWIND holders AS y
WITH x, y, e
WHERE x < y
WITH x, y, labels(e)[0] AS label, count(DISTINCT e) AS shared
WHERE shared >= $min_shared
RETURN x AS institution_a, y AS institution_b, label, shared
ORDER BY shared DESC, institution_a, institution_b, label
