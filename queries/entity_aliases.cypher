// name: entity_aliases
// answers: The source-local names (aliases) linked to an entity, with each link's method, score, evidence and status
// params: $id (str, required, example place:label:edinburgh), $limit (int, default 200, example 20)
CALL { MATCH (e:Person {id: $id}) RETURN e UNION MATCH (e:Organization {id: $id}) RETURN e UNION MATCH (e:Place {id: $id}) RETURN e UNION MATCH (e:Theme {id: $id}) RETURN e }
WITH e  // bound here: FalkorDB would scan every node for it after CALL
MATCH (a:Alias)-[l:REFERS_TO]->(e)
RETURN a.key AS alias, a.text AS text, a.source AS source, a.institution AS institution,
       l.method AS method, l.score AS score, l.evidence AS evidence, l.status AS status
ORDER BY score, institution, text
LIMIT $limit
