// name: coverage_by_institution
// answers: Per institution, how many of its records name at least one entity that another institution also holds (an alias of another institution links to it), and that share
// params: $min_records (int, default 1, example 1)
MATCH (e)<-[:REFERS_TO]-(a:Alias)
WITH e, collect(DISTINCT a.institution) AS holders
WHERE size(holders) > 1
MATCH (r:Record)-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
WHERE any(h IN holders WHERE h <> r.institution)
WITH r.institution AS institution, count(DISTINCT r) AS linked_records, count(DISTINCT e) AS shared_entities
MATCH (i:Institution {id: institution})<-[:HELD_BY]-(held:Record)
WITH i, linked_records, shared_entities, count(held) AS records
WHERE records >= $min_records
RETURN i.id AS institution, i.name AS name, i.kind AS kind, records, linked_records,
       round(1000.0 * linked_records / records) / 10.0 AS percent_linked, shared_entities
ORDER BY percent_linked DESC, institution
