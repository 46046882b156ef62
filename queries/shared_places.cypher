// name: shared_places
// answers: Places that two institutions both name (as a subject, place of making or of publication), with how many records of each name it and its coordinates where known
// params: $institution_a (str, default loc, example loc), $institution_b (str, default princeton, example princeton), $limit (int, default 50, example 20)
MATCH (p:Place)<-[:REFERS_TO]-(a:Alias {institution: $institution_a})
WITH DISTINCT p
MATCH (p)<-[:REFERS_TO]-(b:Alias {institution: $institution_b})
WITH DISTINCT p
OPTIONAL MATCH (ra:Record {institution: $institution_a})-[:ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(p)
WITH p, count(DISTINCT ra) AS records_a, collect(DISTINCT ra.title)[..3] AS examples_a
OPTIONAL MATCH (rb:Record {institution: $institution_b})-[:ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(p)
WITH p, records_a, examples_a, count(DISTINCT rb) AS records_b, collect(DISTINCT rb.title)[..3] AS examples_b
RETURN p.id AS id, p.name AS place, records_a, records_b, records_a + records_b AS total_records,
       examples_a, examples_b, p.lat AS lat, p.lon AS lon
ORDER BY total_records DESC, place
LIMIT $limit
