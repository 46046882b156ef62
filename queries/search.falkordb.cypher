// name: search
// answers: People, organisations, places, themes and records whose name or title matches the words (full-text), at most $per_type of each type by text score, each with its other names, the institutions that hold it and how many records name it (the app ranks, facets and pages these)
// params: $q (str, required, example homer*), $type (str, example Person), $per_type (int, default 200, example 20)
UNWIND CASE WHEN $type IS NULL THEN ['Person', 'Organization', 'Place', 'Theme', 'Record'] ELSE [$type] END AS label
CALL db.idx.fulltext.queryNodes(label, $q) YIELD node, score
WITH label, node, score
ORDER BY score DESC
WITH label, collect([node, score])[..$per_type] AS hits
UNWIND hits AS hit
WITH label, hit[0] AS node, hit[1] AS score
OPTIONAL MATCH (node)<-[:REFERS_TO]-(a:Alias)
WITH label, node, score, collect(DISTINCT a.institution) AS via_aliases
OPTIONAL MATCH (node)<-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]-(r:Record)
WITH label, node, score, via_aliases, count(DISTINCT r) AS records, collect(DISTINCT r.institution) AS via_records
RETURN node.id AS id, label AS type, coalesce(node.name, node.title, node.id) AS name, node.names AS names,
       coalesce(node.date_text, toString(node.birth_year) + '–' + coalesce(toString(node.death_year), '')) AS dates,
       CASE WHEN node.institution IS NULL THEN via_aliases + [i IN via_records WHERE NOT i IN via_aliases]
            ELSE [node.institution] END AS institutions,
       records, node.lat AS lat, node.lon AS lon, score
ORDER BY score DESC, name
