// name: pair_finder
// answers: Entities that records of two institutions share, each with a capped list of the records on either side (how they name it, the words and field the catalogue used, how sure the link is); graph/pairs.py turns them into ranked pairs
// params: $a (str, required, example nls), $b (str, required, example nga), $entity (str, example person:wikidata:Q460922), $topic (str, example smeaton), $exclude_sources (list, example ["loc_pymarc"]), $per_entity (int, default 6, example 3), $limit (int, default 150, example 20)
// The entities records of both institutions name, from the record counts kept on each entity at
// load (graph/summaries.py) through the index on record_institutions, less those that only records
// of $exclude_sources (test and example files, few) name on the side of $a.
CALL {
  MATCH (x:Record)-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(xe)
  WHERE x.source IN $exclude_sources AND x.institution = $a
  WITH xe, count(DISTINCT x) AS n
  WHERE n = [i IN range(0, size(xe.record_institutions) - 1) WHERE xe.record_institutions[i] = $a | xe.record_counts[i]][0]
  RETURN collect(xe) AS dropped
}
CALL {
  MATCH (e:Person) WHERE $a IN e.record_institutions RETURN e
  UNION MATCH (e:Organization) WHERE $a IN e.record_institutions RETURN e
  UNION MATCH (e:Place) WHERE $a IN e.record_institutions RETURN e
  UNION MATCH (e:Theme) WHERE $a IN e.record_institutions RETURN e
}
WITH e, dropped
WHERE $b IN e.record_institutions AND ($entity IS NULL OR e.id = $entity) AND NOT e IN dropped
WITH e, reduce(t = 0, i IN range(0, size(e.record_institutions) - 1) |
               t + CASE WHEN e.record_institutions[i] IN [$a, $b] THEN e.record_counts[i] ELSE 0 END) AS both
ORDER BY both, e.name
WITH collect(e) AS found
UNWIND CASE WHEN $topic IS NULL THEN found[..$limit] ELSE found END AS e
// Only the entities kept, both sides in one pass over the records naming each (one traversal, not
// one per side): per side the count of records, then, for the first $per_entity only, how they
// name it and the score of the link (details for every record cost 2.7x at a million records).
// The cards of each side are built inside the subquery, so no record list becomes a grouping key.
CALL {
  WITH e
  MATCH (r:Record)-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
  WHERE r.institution IN [$a, $b] AND ($exclude_sources IS NULL OR NOT r.source IN $exclude_sources)
  WITH DISTINCT e, r
  WITH e, r, r.institution = $a AS on_left,
       $topic IS NOT NULL AND toLower(coalesce(r.title, '')) CONTAINS toLower($topic) AS hit
  ORDER BY hit DESC, r.id
  WITH e, on_left, count(r) AS n, collect(r)[..$per_entity] AS top, collect(hit)[..$per_entity] AS hits
  UNWIND range(0, size(top) - 1) AS i
  WITH e, on_left, n, top[i] AS r, hits[i] AS hit
  MATCH (r)-[x:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
  OPTIONAL MATCH (alias:Alias {key: x.alias})
  OPTIONAL MATCH (alias)-[link:REFERS_TO]->(e)
  WITH e, on_left, n, r, hit, collect(DISTINCT type(x)) AS relations, min(coalesce(link.score, 1.0)) AS score,
       collect(DISTINCT coalesce(x.as_written, x.snippet))[..2] AS written, collect(DISTINCT x.source_field)[..2] AS fields
  ORDER BY hit DESC, r.id
  WITH on_left, n, collect({id: r.id, title: r.title, year_start: r.year_start, year_end: r.year_end,
                            relations: relations, score: score, hit: hit, written: written, fields: fields}) AS cards
  WITH collect([on_left, n, cards]) AS sides
  // [on the side of $a, count, cards]; with $a = $b one side serves as both, as two passes would
  RETURN [s IN sides WHERE s[0]][0] AS l, [s IN sides WHERE NOT s[0] OR $a = $b][0] AS rt
}
WITH e, l[1] AS left_count, l[2] AS left, rt[1] AS right_count, rt[2] AS right,
     $topic IS NOT NULL AND toLower(coalesce(e.name, '')) CONTAINS toLower($topic) AS entity_hit
WHERE right_count > 0 AND ($topic IS NULL OR entity_hit OR any(c IN left WHERE c.hit) OR any(c IN right WHERE c.hit))
RETURN e.id AS entity, e.name AS name, [label IN labels(e) WHERE label IN ['Person', 'Organization', 'Place', 'Theme']][0] AS type,
       left_count, right_count, left, right, entity_hit
ORDER BY left_count + right_count, name
LIMIT $limit
