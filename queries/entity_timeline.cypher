// name: entity_timeline
// answers: How many records name an entity, per year and per holding institution
// params: $id (str, required, example place:label:edinburgh)
MATCH (r:Record)-[]->(e {id: $id})
WHERE r.year_start IS NOT NULL
WITH DISTINCT r
RETURN r.year_start AS year, r.institution AS institution, count(r) AS records
ORDER BY year, institution
