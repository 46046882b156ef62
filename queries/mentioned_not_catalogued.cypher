// name: mentioned_not_catalogued
// answers: Entities that records mention in free text (MENTIONS) although no record of that institution catalogues them in a field (CREATED_BY, ABOUT, MADE_IN, PUBLISHED_IN): leads a cataloguer may want to add
// needs: MENTIONS
// params: $institution (str, example nga), $limit (int, default 50, example 20)
MATCH (r:Record)-[m:MENTIONS]->(e)
WHERE $institution IS NULL OR r.institution = $institution
WITH e, r.institution AS institution, collect(DISTINCT r) AS mentioning, max(m.score) AS best_score
OPTIONAL MATCH (c:Record {institution: institution})-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN]->(e)
WITH e, institution, mentioning, best_score, count(c) AS catalogued
WHERE catalogued = 0
RETURN e.id AS id, e.name AS name, labels(e)[0] AS label, institution, size(mentioning) AS mentioned_in,
       best_score, [r IN mentioning | r.title][..5] AS example_titles
ORDER BY mentioned_in DESC, name
LIMIT $limit
