// name: top_shared
// answers: The people, organisations, places or themes held by the most institutions, then by the most records, optionally of one type or involving one institution
// params: $type (str, example Theme), $institution (str, example nls), $min_institutions (int, default 2, example 2), $limit (int, default 25, example 10)
MATCH (a:Alias)-[:REFERS_TO]->(e)
WITH e, collect(DISTINCT a.institution) AS institutions
WHERE size(institutions) >= $min_institutions AND ($institution IS NULL OR $institution IN institutions)
WITH e, institutions, [l IN labels(e) WHERE l IN ['Person', 'Organization', 'Place', 'Theme']][0] AS type
WHERE $type IS NULL OR type = $type
OPTIONAL MATCH (r:Record)-[]->(e)
WITH e, type, institutions, count(DISTINCT r) AS records
RETURN e.id AS id, e.name AS name, type, institutions, size(institutions) AS institution_count, records
ORDER BY institution_count DESC, records DESC, name
LIMIT $limit
