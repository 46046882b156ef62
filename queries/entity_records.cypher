// name: entity_records
// answers: The records that name an entity, grouped by the institution that holds them (at most $per_institution each), with how each names it, who made it and any image link
// params: $id (str, required, example place:label:edinburgh), $per_institution (int, default 12, example 5)
CALL { MATCH (e:Person {id: $id}) RETURN e UNION MATCH (e:Organization {id: $id}) RETURN e UNION MATCH (e:Place {id: $id}) RETURN e UNION MATCH (e:Theme {id: $id}) RETURN e }
WITH e  // bound here: FalkorDB would scan every node for it after CALL
MATCH (r:Record)-[x]->(e)
WITH r, collect(DISTINCT type(x)) AS relations
OPTIONAL MATCH (r)-[:CREATED_BY]->(maker)
WITH r, relations, collect(DISTINCT maker.name)[..2] AS creators
ORDER BY r.year_start, r.title
WITH r.institution AS institution, count(r) AS total,
     collect({id: r.id, title: r.title, date: r.date_text, year: r.year_start, kind: r.kind, url: r.url,
              image_url: r.image_url, relations: relations, creators: creators})[..$per_institution] AS records
RETURN institution, total, records
ORDER BY total DESC, institution
