// name: orphan_entities
// answers: Entities that no record names and no other entity points to: known only from an authority file (e.g. MoMA artists without works in the graph), by label and source
// params: $label (str, example Person), $limit (int, default 50, example 20)
MATCH (a:Alias)-[:REFERS_TO]->(e)
WHERE $label IS NULL OR $label IN labels(e)
WITH e, collect(DISTINCT a.source) AS sources, count(a) AS aliases
OPTIONAL MATCH (e)<-[x:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]-(:Record)
WITH e, sources, aliases, count(x) AS record_edges
WHERE record_edges = 0
OPTIONAL MATCH (e)-[y:BORN_IN|DIED_IN|BROADER|WITHIN]-()
WITH e, sources, aliases, count(y) AS entity_edges
WHERE entity_edges = 0
RETURN e.id AS id, e.name AS name, labels(e)[0] AS label, sources, aliases, e.ids AS authority_ids
ORDER BY aliases DESC, name
LIMIT $limit
