// name: place_map
// answers: Places with coordinates (latitude/longitude) near an entity: the place itself, the places within it, and places its records were made or published in
// params: $id (str, required, example place:label:scotland), $limit (int, default 500, example 50)
MATCH (e {id: $id})
OPTIONAL MATCH (e)<-[:WITHIN*0..2]-(inner:Place)
WITH e, collect(DISTINCT inner) AS places
OPTIONAL MATCH (e)<-[]-(:Record)-[:MADE_IN|PUBLISHED_IN]->(made:Place)
WITH places, collect(DISTINCT made) AS made_places
WITH places + made_places AS all_places
UNWIND all_places AS p
WITH DISTINCT p
WITH p, coalesce(p.lat, p.latitude) AS lat, coalesce(p.lon, p.lng, p.longitude) AS lon
WHERE lat IS NOT NULL AND lon IS NOT NULL
RETURN p.id AS id, p.name AS name, toFloat(lat) AS lat, toFloat(lon) AS lon
LIMIT $limit
