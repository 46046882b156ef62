// name: shared_themes
// answers: Themes (subjects) that two institutions both use, with how many records of each are about them
// params: $institution_a (str, default nls, example nls), $institution_b (str, default nga, example nga), $limit (int, default 50, example 20)
MATCH (t:Theme)<-[:REFERS_TO]-(a:Alias {institution: $institution_a})
WITH DISTINCT t
MATCH (t)<-[:REFERS_TO]-(b:Alias {institution: $institution_b})
WITH DISTINCT t
OPTIONAL MATCH (ra:Record {institution: $institution_a})-[:ABOUT|MENTIONS]->(t)
WITH t, count(DISTINCT ra) AS records_a, collect(DISTINCT ra.title)[..3] AS examples_a
OPTIONAL MATCH (rb:Record {institution: $institution_b})-[:ABOUT|MENTIONS]->(t)
WITH t, records_a, examples_a, count(DISTINCT rb) AS records_b
RETURN t.id AS id, t.name AS theme, records_a, records_b, records_a + records_b AS total_records, examples_a
ORDER BY total_records DESC, theme
LIMIT $limit
