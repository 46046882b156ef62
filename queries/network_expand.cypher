// name: network_expand
// answers: The neighbourhood of one node for the network view: its direct neighbours (records, entities, institutions) and the relationships to them, at most $limit
// params: $id (str, required, example place:label:edinburgh), $limit (int, default 40, example 20)
CALL { MATCH (n:Person {id: $id}) RETURN n UNION MATCH (n:Organization {id: $id}) RETURN n UNION MATCH (n:Place {id: $id}) RETURN n UNION MATCH (n:Theme {id: $id}) RETURN n UNION MATCH (n:Record {id: $id}) RETURN n }
WITH n  // bound here: FalkorDB would scan every node for it after CALL
MATCH (n)-[rel]-(m)
WHERE NOT m:Alias AND NOT m:Institution
WITH n, rel, m
LIMIT $limit
RETURN n.id AS source_id, coalesce(n.name, n.title, n.id) AS source_name,
       [l IN labels(n) WHERE l IN ['Person', 'Organization', 'Place', 'Theme', 'Record']][0] AS source_type,
       n.institution AS source_institution,
       type(rel) AS relation, startNode(rel) = n AS outgoing,
       m.id AS target_id, coalesce(m.name, m.title, m.id) AS target_name,
       [l IN labels(m) WHERE l IN ['Person', 'Organization', 'Place', 'Theme', 'Record']][0] AS target_type,
       m.institution AS target_institution
