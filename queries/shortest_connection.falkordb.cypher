// name: shortest_connection
// answers: The shortest chain of records and entities between two entities (at most 4 steps: entity, record, entity, record, entity), ignoring institutions and aliases
// params: $from (str, required, example person:ulan:500002985), $to (str, required, example person:ulan:500019916)
// FalkorDB allows shortestPath only in WITH/RETURN and only directed; record edges point from the
// record to the entity, so the undirected search goes through algo.SPpaths.
MATCH (a {id: $from})
MATCH (b {id: $to})
CALL algo.SPpaths({sourceNode: a, targetNode: b, relDirection: 'both', maxLen: 4, pathCount: 1,
                   relTypes: ['CREATED_BY', 'ABOUT', 'MADE_IN', 'PUBLISHED_IN', 'MENTIONS', 'BORN_IN', 'DIED_IN', 'BROADER', 'WITHIN']})
YIELD path
RETURN length(path) AS hops,
       [n IN nodes(path) | coalesce(n.name, n.title, n.id)] AS steps,
       [n IN nodes(path) | n.id] AS ids,
       [r IN relationships(path) | type(r)] AS relationships
