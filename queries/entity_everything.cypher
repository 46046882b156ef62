// name: entity_everything
// answers: Everything about one person, organisation, place or theme across institutions: per institution, the aliases that link to it (how and how sure) and the records that name it, by relationship
// params: $id (str, required, example person:ulan:500002985), $records_per_institution (int, default 10, example 5)
CALL { MATCH (e:Person {id: $id}) RETURN e UNION MATCH (e:Organization {id: $id}) RETURN e UNION MATCH (e:Place {id: $id}) RETURN e UNION MATCH (e:Theme {id: $id}) RETURN e }
WITH e  // bound here: FalkorDB would scan every node for it after CALL
MATCH (e)<-[link:REFERS_TO]-(a:Alias)
WITH e, a.institution AS institution,
     collect(DISTINCT {key: a.key, text: a.text, source: a.source, method: link.method, score: link.score, status: link.status}) AS aliases
OPTIONAL MATCH (r:Record {institution: institution})-[rel:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
WITH e, institution, aliases, r, collect(DISTINCT type(rel)) AS relations
WITH e, institution, aliases, count(r) AS record_count,
     collect(CASE WHEN r IS NULL THEN NULL ELSE {id: r.id, title: r.title, year: r.year_start, url: r.url, relations: relations} END) AS records
RETURN e.id AS id, e.name AS name, labels(e)[0] AS label, e.birth_year AS born, e.death_year AS died, e.ids AS authority_ids,
       institution, aliases, record_count, records[..$records_per_institution] AS records
ORDER BY record_count DESC, institution
