// name: top_entities_by_institution
// answers: The people, organisations, places or themes an institution's records name most often, and how many other institutions also hold each
// params: $institution (str, default nga, example nls), $label (str, example Theme), $limit (int, default 25, example 10)
MATCH (r:Record {institution: $institution})-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
WHERE $label IS NULL OR $label IN labels(e)
WITH e, count(DISTINCT r) AS records
ORDER BY records DESC
LIMIT $limit
OPTIONAL MATCH (e)<-[:REFERS_TO]-(a:Alias)
WHERE a.institution <> $institution
RETURN e.id AS id, e.name AS name, labels(e)[0] AS label, records,
       collect(DISTINCT a.institution) AS also_held_by
ORDER BY records DESC, name
