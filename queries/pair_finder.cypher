// name: pair_finder
// answers: Entities that records of two institutions share, each with a capped list of the records on either side (how they name it, the words and field the catalogue used, how sure the link is); graph/pairs.py turns them into ranked pairs
// params: $a (str, required, example nls), $b (str, required, example nga), $entity (str, example person:wikidata:Q460922), $topic (str, example smeaton), $exclude_sources (list, example ["loc_pymarc"]), $per_entity (int, default 6, example 3), $limit (int, default 150, example 20)
MATCH (ra:Record)-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
WHERE ra.institution = $a AND ($entity IS NULL OR e.id = $entity) AND $b IN e.record_institutions
  AND ($exclude_sources IS NULL OR NOT ra.source IN $exclude_sources)
WITH DISTINCT e
WITH e, reduce(t = 0, i IN range(0, size(e.record_institutions) - 1) |
               t + CASE WHEN e.record_institutions[i] IN [$a, $b] THEN e.record_counts[i] ELSE 0 END) AS both
ORDER BY both, e.name
WITH collect(e) AS found
UNWIND CASE WHEN $topic IS NULL THEN found[..$limit] ELSE found END AS e
// Only the entities kept: per side the count of records, then, for the first $per_entity only, how
// they name it and the score of the link (details for every record cost 2.7x at a million records).
CALL {
  WITH e
  MATCH (ra:Record)-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
  WHERE ra.institution = $a AND ($exclude_sources IS NULL OR NOT ra.source IN $exclude_sources)
  WITH DISTINCT e, ra, $topic IS NOT NULL AND toLower(coalesce(ra.title, '')) CONTAINS toLower($topic) AS hit
  ORDER BY hit DESC, ra.id
  WITH e, count(ra) AS left_count, collect({r: ra, hit: hit})[..$per_entity] AS top
  UNWIND top AS t
  WITH e, left_count, t.r AS ra, t.hit AS hit
  MATCH (ra)-[x:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
  OPTIONAL MATCH (la:Alias {key: x.alias})
  OPTIONAL MATCH (la)-[lx:REFERS_TO]->(e)
  WITH e, left_count, ra, hit, collect(DISTINCT type(x)) AS relations, min(coalesce(lx.score, 1.0)) AS score,
       collect(DISTINCT coalesce(x.as_written, x.snippet))[..2] AS written, collect(DISTINCT x.source_field)[..2] AS fields
  ORDER BY hit DESC, ra.id
  RETURN left_count,
         collect({id: ra.id, title: ra.title, year_start: ra.year_start, year_end: ra.year_end, relations: relations,
                  score: score, hit: hit, written: written, fields: fields}) AS left
}
CALL {
  WITH e
  MATCH (rb:Record)-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
  WHERE rb.institution = $b AND ($exclude_sources IS NULL OR NOT rb.source IN $exclude_sources)
  WITH DISTINCT e, rb, $topic IS NOT NULL AND toLower(coalesce(rb.title, '')) CONTAINS toLower($topic) AS hit
  ORDER BY hit DESC, rb.id
  WITH e, count(rb) AS right_count, collect({r: rb, hit: hit})[..$per_entity] AS top
  UNWIND top AS t
  WITH e, right_count, t.r AS rb, t.hit AS hit
  MATCH (rb)-[y:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
  OPTIONAL MATCH (lb:Alias {key: y.alias})
  OPTIONAL MATCH (lb)-[ly:REFERS_TO]->(e)
  WITH e, right_count, rb, hit, collect(DISTINCT type(y)) AS relations, min(coalesce(ly.score, 1.0)) AS score,
       collect(DISTINCT coalesce(y.as_written, y.snippet))[..2] AS written, collect(DISTINCT y.source_field)[..2] AS fields
  ORDER BY hit DESC, rb.id
  RETURN right_count,
         collect({id: rb.id, title: rb.title, year_start: rb.year_start, year_end: rb.year_end, relations: relations,
                  score: score, hit: hit, written: written, fields: fields}) AS right
}
WITH e, left_count, left, right_count, right,
     $topic IS NOT NULL AND toLower(coalesce(e.name, '')) CONTAINS toLower($topic) AS entity_hit
WHERE right_count > 0 AND ($topic IS NULL OR entity_hit OR any(r IN left WHERE r.hit) OR any(r IN right WHERE r.hit))
RETURN e.id AS entity, e.name AS name, [l IN labels(e) WHERE l IN ['Person', 'Organization', 'Place', 'Theme']][0] AS type,
       left_count, right_count, left, right, entity_hit
ORDER BY left_count + right_count, name
LIMIT $limit
