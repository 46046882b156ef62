// name: institution_pair_counts
// answers: For every pair of institutions and every entity type, how many people, organisations, places and themes both of them hold (catalogued, or named by their records)
// params: $type (str, example Person)
MATCH (a:Alias)-[:REFERS_TO]->(e)
WITH e, collect(DISTINCT a.institution) AS institutions
WHERE size(institutions) > 1
WITH e, institutions, [l IN labels(e) WHERE l IN ['Person', 'Organization', 'Place', 'Theme']][0] AS type
WHERE $type IS NULL OR type = $type
UNWIND institutions AS first
UNWIND institutions AS second
WITH type, first, second, e
WHERE first < second
RETURN first, second, type, count(DISTINCT e) AS shared
ORDER BY shared DESC, first, second, type
