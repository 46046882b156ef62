// name: conflicting_dates
// answers: Entities whose aliases disagree about birth or death year by at least $min_gap years: a wrong link or a source error to check
// params: $min_gap (int, default 1, example 2), $limit (int, default 50, example 20)
MATCH (e)<-[:REFERS_TO]-(a:Alias)
WHERE a.birth_year IS NOT NULL OR a.death_year IS NOT NULL
WITH e, collect({source: a.source, key: a.key, born: a.birth_year, died: a.death_year}) AS claims,
     min(a.birth_year) AS born_min, max(a.birth_year) AS born_max, min(a.death_year) AS died_min, max(a.death_year) AS died_max
WITH e, claims, coalesce(born_max - born_min, 0) AS birth_gap, coalesce(died_max - died_min, 0) AS death_gap
WHERE birth_gap >= $min_gap OR death_gap >= $min_gap
RETURN e.id AS id, e.name AS name, labels(e)[0] AS label, e.birth_year AS born, e.death_year AS died,
       birth_gap, death_gap, claims
ORDER BY CASE WHEN birth_gap > death_gap THEN birth_gap ELSE death_gap END DESC, name
LIMIT $limit
