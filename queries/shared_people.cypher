// name: shared_people
// answers: People whom two or more institutions hold (as catalogued people or through their records), with record counts per institution
// params: $min_institutions (int, default 2, example 2), $limit (int, default 50, example 20)
MATCH (p:Person) WHERE p.institution_count >= $min_institutions
WITH p, coalesce(p.record_institutions, []) AS holders, coalesce(p.record_counts, []) AS counts
RETURN p.id AS id, p.name AS name, p.birth_year AS born, p.death_year AS died,
       p.institutions AS institutions, p.institution_count AS institution_count,
       [i IN range(0, size(holders) - 1) | holders[i] + ': ' + toString(counts[i])] AS records_per_institution,
       coalesce(p.record_count, 0) AS total_records
ORDER BY institution_count DESC, total_records DESC, name
LIMIT $limit
