// name: pair_entities
// answers: The people, organisations, places and themes that records of both institutions name, with how many records on each side (suggestions for the pair finder's entity field)
// params: $a (str, required, example nls), $b (str, required, example tate), $limit (int, default 300, example 20)
MATCH (ra:Record {institution: $a})-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN]->(e)
WITH e, count(DISTINCT ra) AS records_a
MATCH (rb:Record {institution: $b})-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN]->(e)
WITH e, records_a, count(DISTINCT rb) AS records_b
RETURN e.id AS id, e.name AS name, [l IN labels(e) WHERE l IN ['Person', 'Organization', 'Place', 'Theme']][0] AS type,
       records_a, records_b
ORDER BY CASE WHEN records_a < records_b THEN records_a ELSE records_b END DESC, name
LIMIT $limit
