// name: review_links
// answers: Links between an alias and a canonical entity that linking was unsure of (score band, weakest first), with method and evidence, for a curator to accept or reject
// params: $min_score (float, default 0.0, example 0.5), $max_score (float, default 0.9, example 0.95), $limit (int, default 50, example 20), $kind (str, example Place), $source (str, example nls)
MATCH (a:Alias)-[r:REFERS_TO]->(e)
WHERE r.status IN ['auto', 'review'] AND r.score >= $min_score AND r.score < $max_score
  AND ($kind IS NULL OR a.kind = $kind) AND ($source IS NULL OR a.source = $source)
RETURN a.key AS alias, a.text AS alias_text, a.source AS source, e.id AS entity, e.name AS entity_name,
       r.score AS score, r.method AS method, r.evidence AS evidence, r.status AS status
ORDER BY score, alias
LIMIT $limit
