// name: record_page
// answers: What one record names, for its page: each person, organisation, place or theme with how the record names it (made by, about, made in, published in, found in text), the role and words the catalogue used, and the place's coordinates
// params: $id (str, required, example nls:74634592)
MATCH (r:Record {id: $id})-[x:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(e)
RETURN type(x) AS relation, e.id AS id, coalesce(e.name, e.id) AS name,
       [l IN labels(e) WHERE l IN ['Person', 'Organization', 'Place', 'Theme']][0] AS type,
       x.role AS role, x.as_written AS as_written, x.source_field AS source_field, e.lat AS lat, e.lon AS lon
ORDER BY relation, name
LIMIT 300
