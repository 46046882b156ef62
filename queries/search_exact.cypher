// name: search_exact
// answers: People, organisations, places and themes whose name is exactly one of the given spellings (the full-text search keeps only the best-scored hits per type, and a name typed in full must never fall outside them), in the search's columns
// params: $names (list, required, example ["Paris"])
MATCH (node:Person)
WHERE node.name IN $names
OPTIONAL MATCH (node)<-[:REFERS_TO]-(a:Alias)
WITH node, collect(DISTINCT a.institution) AS via_aliases
OPTIONAL MATCH (node)<-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]-(r:Record)
WITH node, via_aliases, count(DISTINCT r) AS records, collect(DISTINCT r.institution) AS via_records
RETURN node.id AS id, 'Person' AS type, node.name AS name, node.names AS names,
       toString(node.birth_year) + '–' + coalesce(toString(node.death_year), '') AS dates,
       via_aliases + [i IN via_records WHERE NOT i IN via_aliases] AS institutions,
       records, node.lat AS lat, node.lon AS lon, 0.0 AS score
UNION ALL
MATCH (node:Organization)
WHERE node.name IN $names
OPTIONAL MATCH (node)<-[:REFERS_TO]-(a:Alias)
WITH node, collect(DISTINCT a.institution) AS via_aliases
OPTIONAL MATCH (node)<-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]-(r:Record)
WITH node, via_aliases, count(DISTINCT r) AS records, collect(DISTINCT r.institution) AS via_records
RETURN node.id AS id, 'Organization' AS type, node.name AS name, node.names AS names,
       toString(node.birth_year) + '–' + coalesce(toString(node.death_year), '') AS dates,
       via_aliases + [i IN via_records WHERE NOT i IN via_aliases] AS institutions,
       records, node.lat AS lat, node.lon AS lon, 0.0 AS score
UNION ALL
MATCH (node:Place)
WHERE node.name IN $names
OPTIONAL MATCH (node)<-[:REFERS_TO]-(a:Alias)
WITH node, collect(DISTINCT a.institution) AS via_aliases
OPTIONAL MATCH (node)<-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]-(r:Record)
WITH node, via_aliases, count(DISTINCT r) AS records, collect(DISTINCT r.institution) AS via_records
RETURN node.id AS id, 'Place' AS type, node.name AS name, node.names AS names,
       toString(node.birth_year) + '–' + coalesce(toString(node.death_year), '') AS dates,
       via_aliases + [i IN via_records WHERE NOT i IN via_aliases] AS institutions,
       records, node.lat AS lat, node.lon AS lon, 0.0 AS score
UNION ALL
MATCH (node:Theme)
WHERE node.name IN $names
OPTIONAL MATCH (node)<-[:REFERS_TO]-(a:Alias)
WITH node, collect(DISTINCT a.institution) AS via_aliases
OPTIONAL MATCH (node)<-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]-(r:Record)
WITH node, via_aliases, count(DISTINCT r) AS records, collect(DISTINCT r.institution) AS via_records
RETURN node.id AS id, 'Theme' AS type, node.name AS name, node.names AS names,
       toString(node.birth_year) + '–' + coalesce(toString(node.death_year), '') AS dates,
       via_aliases + [i IN via_records WHERE NOT i IN via_aliases] AS institutions,
       records, node.lat AS lat, node.lon AS lon, 0.0 AS score
