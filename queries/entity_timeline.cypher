// name: entity_timeline
// answers: The records that name an entity, counted per holding institution, kind of date and date range (year_start..year_end; both null for undated records), for a timeline
// params: $id (str, required, example place:label:edinburgh)
CALL { MATCH (e:Person {id: $id}) RETURN e UNION MATCH (e:Organization {id: $id}) RETURN e UNION MATCH (e:Place {id: $id}) RETURN e UNION MATCH (e:Theme {id: $id}) RETURN e }
WITH e  // bound here: FalkorDB would scan every node for it after CALL
MATCH (r:Record)-[]->(e)
WITH DISTINCT r
RETURN r.institution AS institution, coalesce(r.date_kind, 'dated') AS kind, r.year_start AS year_start,
       coalesce(r.year_end, r.year_start) AS year_end, count(r) AS records
ORDER BY institution, year_start, year_end
