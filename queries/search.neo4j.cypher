// name: search
// answers: People, organisations, places, themes and records whose name or title matches the words (full-text), best first, with what each hit is and which institutions it comes from
// params: $q (str, required, example homer*), $type (str, example Person), $institution (str, example nga), $limit (int, default 50, example 20)
CALL db.index.fulltext.queryNodes('glamgraph_search', $q) YIELD node, score
WITH node, score, [l IN labels(node) WHERE l IN ['Person', 'Organization', 'Place', 'Theme', 'Record']][0] AS label
WHERE $type IS NULL OR label = $type
WITH label, node, score
ORDER BY score DESC
LIMIT 500
OPTIONAL MATCH (node)<-[:REFERS_TO]-(a:Alias)
WITH label, node, score, collect(DISTINCT a.institution) AS via_aliases
WITH label, node, score,
     CASE WHEN node.institution IS NULL THEN via_aliases ELSE [node.institution] END AS institutions
WHERE $institution IS NULL OR $institution IN institutions
RETURN node.id AS id, label AS type, coalesce(node.name, node.title, node.id) AS name,
       coalesce(node.date_text, toString(node.birth_year) + '–' + coalesce(toString(node.death_year), '')) AS dates,
       institutions, score
ORDER BY score DESC, name
LIMIT $limit
