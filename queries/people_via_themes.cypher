// name: people_via_themes
// answers: People connected to one person through the themes of their works: who made records about the same subjects, with the shared themes
// params: $id (str, required, example person:ulan:500002985), $min_shared (int, default 2, example 2), $limit (int, default 25, example 10)
MATCH (p:Person {id: $id})<-[:CREATED_BY]-(:Record)-[:ABOUT]->(t:Theme)
WITH p, collect(DISTINCT t) AS themes
UNWIND themes AS t
MATCH (t)<-[:ABOUT]-(:Record)-[:CREATED_BY]->(q:Person)
WHERE q <> p
WITH q, collect(DISTINCT t.name) AS shared_themes
WHERE size(shared_themes) >= $min_shared
RETURN q.id AS id, q.name AS name, q.birth_year AS born, q.death_year AS died,
       size(shared_themes) AS shared, shared_themes[..10] AS themes
ORDER BY shared DESC, name
LIMIT $limit
