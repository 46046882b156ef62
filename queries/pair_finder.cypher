// name: pair_finder
// answers: Entities that records of two institutions share, each with a capped list of the records on either side (how they name it, the words and field the catalogue used, how sure the link is); graph/pairs.py turns them into ranked pairs
// params: $a (str, required, example nls), $b (str, required, example nga), $entity (str, example person:wikidata:Q460922), $topic (str, example smeaton), $exclude_sources (list, example ["loc_pymarc"]), $per_entity (int, default 6, example 3), $limit (int, default 150, example 20)
MATCH (ra:Record {institution: $a})-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
WHERE ($entity IS NULL OR e.id = $entity) AND ($exclude_sources IS NULL OR NOT ra.source IN $exclude_sources)
  AND (e.record_institutions IS NULL OR $b IN e.record_institutions)
WITH e, count(DISTINCT ra) AS left_count,
     count(DISTINCT CASE WHEN $topic IS NOT NULL AND toLower(coalesce(ra.title, '')) CONTAINS toLower($topic) THEN ra END) AS left_hits
MATCH (rb:Record {institution: $b})-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
WHERE $exclude_sources IS NULL OR NOT rb.source IN $exclude_sources
WITH e, left_count, left_hits, count(DISTINCT rb) AS right_count,
     count(DISTINCT CASE WHEN $topic IS NOT NULL AND toLower(coalesce(rb.title, '')) CONTAINS toLower($topic) THEN rb END) AS right_hits,
     $topic IS NOT NULL AND toLower(coalesce(e.name, '')) CONTAINS toLower($topic) AS entity_hit
WHERE $topic IS NULL OR entity_hit OR left_hits > 0 OR right_hits > 0
WITH e, left_count, right_count, entity_hit
ORDER BY left_count + right_count, e.name
LIMIT $limit
// Only the entities kept: the records on each side, how they name it and the score of the link.
MATCH (ra:Record {institution: $a})-[x:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
WHERE $exclude_sources IS NULL OR NOT ra.source IN $exclude_sources
OPTIONAL MATCH (la:Alias {key: x.alias})
OPTIONAL MATCH (la)-[lx:REFERS_TO]->(e)
WITH e, left_count, right_count, entity_hit, ra, collect(DISTINCT type(x)) AS relations,
     min(coalesce(lx.score, 1.0)) AS score,
     collect(DISTINCT coalesce(x.as_written, x.snippet))[..2] AS written, collect(DISTINCT x.source_field)[..2] AS fields,
     $topic IS NOT NULL AND toLower(coalesce(ra.title, '')) CONTAINS toLower($topic) AS hit
ORDER BY hit DESC, ra.id
WITH e, left_count, right_count, entity_hit,
     collect({id: ra.id, title: ra.title, year_start: ra.year_start, year_end: ra.year_end, relations: relations,
              score: score, hit: hit, written: written, fields: fields})[..$per_entity] AS left
MATCH (rb:Record {institution: $b})-[y:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
WHERE $exclude_sources IS NULL OR NOT rb.source IN $exclude_sources
OPTIONAL MATCH (lb:Alias {key: y.alias})
OPTIONAL MATCH (lb)-[ly:REFERS_TO]->(e)
WITH e, left_count, right_count, entity_hit, left, rb, collect(DISTINCT type(y)) AS relations,
     min(coalesce(ly.score, 1.0)) AS score,
     collect(DISTINCT coalesce(y.as_written, y.snippet))[..2] AS written, collect(DISTINCT y.source_field)[..2] AS fields,
     $topic IS NOT NULL AND toLower(coalesce(rb.title, '')) CONTAINS toLower($topic) AS hit
ORDER BY hit DESC, rb.id
WITH e, left_count, right_count, entity_hit, left,
     collect({id: rb.id, title: rb.title, year_start: rb.year_start, year_end: rb.year_end, relations: relations,
              score: score, hit: hit, written: written, fields: fields})[..$per_entity] AS right
RETURN e.id AS entity, e.name AS name, [l IN labels(e) WHERE l IN ['Person', 'Organization', 'Place', 'Theme']][0] AS type,
       left_count, right_count, left, right, entity_hit
ORDER BY left_count + right_count, name
