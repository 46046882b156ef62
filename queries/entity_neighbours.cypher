// name: entity_neighbours
// answers: Entities related to an entity: stated links (born in, broader, within ...) and entities named by the same records, strongest first
// params: $id (str, required, example place:label:edinburgh), $limit (int, default 25, example 10)
CALL { MATCH (e:Person {id: $id}) RETURN e UNION MATCH (e:Organization {id: $id}) RETURN e UNION MATCH (e:Place {id: $id}) RETURN e UNION MATCH (e:Theme {id: $id}) RETURN e }
WITH e  // bound here: FalkorDB would scan every node for it after CALL
OPTIONAL MATCH (e)-[s:BORN_IN|DIED_IN|BROADER|WITHIN]-(stated)
WITH e, collect(DISTINCT {id: stated.id, name: stated.name, type: labels(stated)[0], how: type(s), records: 0}) AS stated_links
OPTIONAL MATCH (e)<-[]-(r:Record)-[]->(other)
WHERE other <> e AND (other:Person OR other:Organization OR other:Place OR other:Theme)
WITH e, stated_links, other, count(DISTINCT r) AS shared_records
ORDER BY shared_records DESC
WITH stated_links, collect({id: other.id, name: other.name, type: labels(other)[0], how: 'same records', records: shared_records})[..$limit] AS co
UNWIND [n IN stated_links + co WHERE n.id IS NOT NULL] AS n
RETURN n.id AS id, n.name AS name, n.type AS type, n.how AS how, n.records AS shared_records
LIMIT $limit
