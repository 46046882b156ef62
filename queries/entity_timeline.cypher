// name: entity_timeline
// answers: How many records name an entity, per year and per holding institution
// params: $id (str, required, example place:label:edinburgh)
CALL { MATCH (e:Person {id: $id}) RETURN e UNION MATCH (e:Organization {id: $id}) RETURN e UNION MATCH (e:Place {id: $id}) RETURN e UNION MATCH (e:Theme {id: $id}) RETURN e }
WITH e  // bound here: FalkorDB would scan every node for it after CALL
MATCH (r:Record)-[]->(e)
WHERE r.year_start IS NOT NULL
WITH DISTINCT r
RETURN r.year_start AS year, r.institution AS institution, count(r) AS records
ORDER BY year, institution
