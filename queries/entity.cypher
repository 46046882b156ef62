// name: entity
// answers: One person, organisation, place, theme or record by id, with all its properties and its type
// params: $id (str, required, example place:label:edinburgh)
CALL { MATCH (e:Person {id: $id}) RETURN e UNION MATCH (e:Organization {id: $id}) RETURN e UNION MATCH (e:Place {id: $id}) RETURN e UNION MATCH (e:Theme {id: $id}) RETURN e UNION MATCH (e:Record {id: $id}) RETURN e }
RETURN [l IN labels(e) WHERE l IN ['Person', 'Organization', 'Place', 'Theme', 'Record']][0] AS type, properties(e) AS props
LIMIT 1
