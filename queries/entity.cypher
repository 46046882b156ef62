// name: entity
// answers: One person, organisation, place, theme or record by id, with all its properties and its type
// params: $id (str, required, example place:label:edinburgh)
MATCH (e {id: $id})
WHERE e:Person OR e:Organization OR e:Place OR e:Theme OR e:Record
RETURN [l IN labels(e) WHERE l IN ['Person', 'Organization', 'Place', 'Theme', 'Record']][0] AS type, properties(e) AS props
LIMIT 1
