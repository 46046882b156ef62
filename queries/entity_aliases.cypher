// name: entity_aliases
// answers: The source-local names (aliases) linked to an entity, with each link's method, score, evidence and status
// params: $id (str, required, example place:label:edinburgh), $limit (int, default 200, example 20)
MATCH (a:Alias)-[l:REFERS_TO]->(e {id: $id})
RETURN a.key AS alias, a.text AS text, a.source AS source, a.institution AS institution,
       l.method AS method, l.score AS score, l.evidence AS evidence, l.status AS status
ORDER BY score, institution, text
LIMIT $limit
