// name: institution_places
// answers: The places records name (about, made in, published in), with coordinates where known and how many records name each, for all institutions or one
// params: $institution (str, example utk), $limit (int, default 400, example 50)
MATCH (r:Record)-[:ABOUT|MADE_IN|PUBLISHED_IN]->(p:Place)
WHERE $institution IS NULL OR r.institution = $institution
WITH p, count(DISTINCT r) AS records
RETURN p.id AS id, p.name AS name, p.lat AS lat, p.lon AS lon, records
ORDER BY p.lat IS NULL, records DESC, name
LIMIT $limit
