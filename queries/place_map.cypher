// name: place_map
// answers: The places around an entity (the place itself, places within it, places its records were made or published in) with their coordinates where known and how many records name each, for a map
// params: $id (str, required, example place:label:scotland), $limit (int, default 500, example 50)
CALL { MATCH (e:Person {id: $id}) RETURN e UNION MATCH (e:Organization {id: $id}) RETURN e UNION MATCH (e:Place {id: $id}) RETURN e UNION MATCH (e:Theme {id: $id}) RETURN e }
WITH e  // bound here: FalkorDB would scan every node for it after CALL
OPTIONAL MATCH (e)<-[:WITHIN*0..2]-(inner:Place)
WITH e, collect(DISTINCT inner) AS places
OPTIONAL MATCH (e)<-[]-(:Record)-[:MADE_IN|PUBLISHED_IN]->(made:Place)
WITH places, collect(DISTINCT made) AS made_places
WITH places + made_places AS all_places
UNWIND all_places AS p
WITH DISTINCT p
OPTIONAL MATCH (p)<-[:ABOUT|MADE_IN|PUBLISHED_IN]-(r:Record)
WITH p, count(DISTINCT r) AS records
RETURN p.id AS id, p.name AS name, toFloat(p.lat) AS lat, toFloat(p.lon) AS lon, records
ORDER BY lat IS NULL, records DESC, name
LIMIT $limit
