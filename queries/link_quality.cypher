// name: link_quality
// answers: How aliases were linked to their entities: counts by source, method, status and score band (1.0, 0.9-1, 0.7-0.9, 0.5-0.7, below 0.5), with the lowest score seen
// params: $source (str, example nga)
MATCH (a:Alias)-[x:REFERS_TO]->(e)
WHERE $source IS NULL OR a.source = $source
WITH a.source AS source, labels(e)[0] AS label, x.method AS method, x.status AS status, x.score AS score,
     CASE WHEN x.score >= 1.0 THEN '1.0'
          WHEN x.score >= 0.9 THEN '0.9-1'
          WHEN x.score >= 0.7 THEN '0.7-0.9'
          WHEN x.score >= 0.5 THEN '0.5-0.7'
          ELSE 'below 0.5' END AS band
RETURN source, label, method, status, band, count(*) AS aliases, min(score) AS lowest_score
ORDER BY source, label, aliases DESC, method
