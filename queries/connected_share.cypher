// name: connected_share
// answers: For each institution, how many of its catalogued names (aliases) and of its records connect to an entity that another institution also holds; one row per institution and measure
// params:
MATCH (a:Alias)-[:REFERS_TO]->(e)
WITH e, collect(DISTINCT a.institution) AS institutions
MATCH (b:Alias)-[:REFERS_TO]->(e)
WITH b.institution AS institution, size(institutions) > 1 AS shared
RETURN institution, 'aliases' AS measure, count(*) AS total, count(CASE WHEN shared THEN 1 END) AS connected
UNION ALL
MATCH (a:Alias)-[:REFERS_TO]->(e)
WITH e, collect(DISTINCT a.institution) AS institutions
WHERE size(institutions) > 1
MATCH (r:Record)-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
WHERE any(i IN institutions WHERE i <> r.institution)
WITH r.institution AS institution, count(DISTINCT r) AS connected
MATCH (held:Record)
WHERE held.institution = institution
RETURN institution, 'records' AS measure, count(held) AS total, connected
