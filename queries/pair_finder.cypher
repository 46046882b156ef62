// name: pair_finder
// answers: Entities that records of two institutions share, each with a capped list of the records on either side (how they name it, the words and field the catalogue used, how sure the link is); graph/pairs.py turns them into ranked pairs
// params: $a (str, required, example nls), $b (str, required, example nga), $entity (str, example person:wikidata:Q460922), $topic (str, example smeaton), $exclude_sources (list, example ["loc_pymarc"]), $per_entity (int, default 6, example 3), $limit (int, default 150, example 20)
// The entities records of both institutions name, from the record counts kept on each entity at
// load (graph/summaries.py) through the index on record_institutions, less those that only records
// of $exclude_sources (test and example files, few) name on the side of $a.
CALL {
  UNWIND coalesce($exclude_sources, []) AS source
  MATCH (x:Record {source: source})-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(xe)
  WHERE x.institution = $a
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
// The entities a record of $exclude_sources on either side names: their counts and cards come
// from their records.
CALL {
  UNWIND coalesce($exclude_sources, []) AS source
  MATCH (x:Record {source: source})-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(xe)
  WHERE x.institution IN [$a, $b]
  RETURN collect(DISTINCT xe) AS touched
}
UNWIND CASE WHEN $topic IS NULL THEN found[..$limit] ELSE found END AS e
// Each side of an entity kept: [on the side of $a, count of records, the first ids]. Without a
// topic, and when no excluded record names it, the summaries hold them: the count per institution
// and the first record ids by id (as many as $per_entity, or all the records). Otherwise (a topic
// puts the records that mention it first; exclusions change counts) one pass over the records
// naming it. With $a = $b there is one side.
WITH e, [i IN range(0, size(e.record_institutions) - 1) WHERE e.record_institutions[i] IN [$a, $b] |
         [e.record_institutions[i] = $a, e.record_counts[i],
          e.record_firsts[CASE i WHEN 0 THEN 0 ELSE e.record_firsts_ends[i - 1] END..e.record_firsts_ends[i]]]] AS held,
     $topic IS NULL AND e.record_firsts_ends IS NOT NULL AND NOT e IN touched AS summarised
WITH e, CASE WHEN summarised AND $per_entity >= 0 AND all(s IN held WHERE size(s[2]) >= $per_entity OR size(s[2]) = s[1])
             THEN [s IN held | [s[0], s[1], s[2][..$per_entity]]] END AS held
CALL {
  WITH e, held
  WITH e WHERE held IS NULL
  MATCH (r:Record)-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
  WHERE r.institution IN [$a, $b] AND ($exclude_sources IS NULL OR NOT r.source IN $exclude_sources)
  WITH DISTINCT e, r
  WITH r, r.institution = $a AS on_left,
       $topic IS NOT NULL AND toLower(coalesce(r.title, '')) CONTAINS toLower($topic) AS hit
  ORDER BY hit DESC, r.id
  WITH on_left, count(r) AS n, collect(r.id)[..$per_entity] AS top, collect(hit)[..$per_entity] AS hits
  RETURN collect([on_left, n, top, hits]) AS walked
}
// For the first $per_entity of each side only: how they name it and the score of the link. Each
// entity in its own subquery, so the rows stay in the order found (ties in the final order too).
CALL {
  WITH e, held, walked
  UNWIND coalesce(held, walked) AS side
  UNWIND range(0, size(side[2]) - 1) AS i
  WITH e, side[0] AS on_left, side[1] AS n, side[2][i] AS id, coalesce(side[3][i], false) AS hit
  MATCH (r:Record {id: id})
  WITH e, on_left, n, r, hit
  MATCH (r)-[x:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
  OPTIONAL MATCH (alias:Alias {key: x.alias})
  OPTIONAL MATCH (alias)-[link:REFERS_TO]->(e)
  WITH on_left, n, r, hit, collect(DISTINCT type(x)) AS relations, min(coalesce(link.score, 1.0)) AS score,
       collect(DISTINCT coalesce(x.as_written, x.snippet))[..2] AS written, collect(DISTINCT x.source_field)[..2] AS fields
  ORDER BY hit DESC, r.id
  WITH on_left, n, collect({id: r.id, title: r.title, year_start: r.year_start, year_end: r.year_end,
                            relations: relations, score: score, hit: hit, written: written, fields: fields}) AS cards
  // With $a = $b one side serves as both, as two passes would.
  RETURN collect(CASE WHEN on_left THEN n END)[0] AS left_count, collect(CASE WHEN on_left THEN cards END)[0] AS left,
         collect(CASE WHEN NOT on_left OR $a = $b THEN n END)[0] AS right_count,
         collect(CASE WHEN NOT on_left OR $a = $b THEN cards END)[0] AS right
}
WITH e, left_count, left, right_count, right,
     $topic IS NOT NULL AND toLower(coalesce(e.name, '')) CONTAINS toLower($topic) AS entity_hit
WHERE right_count > 0 AND ($topic IS NULL OR entity_hit OR any(c IN left WHERE c.hit) OR any(c IN right WHERE c.hit))
RETURN e.id AS entity, e.name AS name, [label IN labels(e) WHERE label IN ['Person', 'Organization', 'Place', 'Theme']][0] AS type,
       left_count, right_count, left, right, entity_hit
ORDER BY left_count + right_count, name
LIMIT $limit
