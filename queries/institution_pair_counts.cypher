// name: institution_pair_counts
// answers: For every pair of institutions and every entity type, how many people, organisations, places and themes both of them hold (catalogued, or named by their records)
// params: $type (str, example Person)
MATCH (i:Institution) WHERE i.shared_with IS NOT NULL
UNWIND range(0, size(i.shared_with) - 1) AS n
WITH i.id AS first, i.shared_with[n] AS second, i.shared_types[n] AS type, i.shared_counts[n] AS shared
WHERE $type IS NULL OR type = $type
RETURN first, second, type, shared
ORDER BY shared DESC, first, second, type
