// name: shared_people
// answers: People whom two or more institutions hold (as catalogued people or through their records), with record counts per institution
// params: $min_institutions (int, default 2, example 2), $limit (int, default 50, example 20)
MATCH (p:Person)<-[:REFERS_TO]-(a:Alias)
WITH p, collect(DISTINCT a.institution) AS institutions
WHERE size(institutions) >= $min_institutions
OPTIONAL MATCH (r:Record)-[:CREATED_BY|ABOUT|MENTIONS]->(p)
WITH p, institutions, r.institution AS holder, count(DISTINCT r) AS records
WITH p, institutions, collect(CASE WHEN holder IS NULL THEN NULL ELSE holder + ': ' + toString(records) END) AS per_institution, toInteger(sum(records)) AS total_records
RETURN p.id AS id, p.name AS name, p.birth_year AS born, p.death_year AS died,
       institutions, size(institutions) AS institution_count, per_institution AS records_per_institution, total_records
ORDER BY institution_count DESC, total_records DESC, name
LIMIT $limit
