// name: institutions
// answers: The institutions in the graph, their kind (library, museum, archive) and how many records each holds
// params:
MATCH (i:Institution)
OPTIONAL MATCH (r:Record)-[:HELD_BY]->(i)
RETURN i.id AS id, i.name AS name, i.kind AS kind, count(r) AS records
ORDER BY kind, name
