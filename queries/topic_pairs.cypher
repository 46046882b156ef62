// name: topic_pairs
// answers: Pairs of one library item and one museum object about the same topic (a theme whose name contains the text), with the matching themes and every other entity both records name
// params: $topic (str, required, example cathedral), $limit (int, default 50, example 20)
// Starts from the library items about the topic and walks to museum objects through anything
// they share: one pattern, no per-pair OPTIONAL MATCH (which FalkorDB plans as a scan).
MATCH (t:Theme)
WHERE toLower(t.name) CONTAINS toLower($topic)
MATCH (b:LibraryItem)-[:ABOUT|MENTIONS]->(t)
WITH DISTINCT b
MATCH (b)-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(x)<-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]-(o:MuseumObject)
WITH b, o, collect(DISTINCT x.name) AS shared,
     collect(DISTINCT CASE WHEN x:Theme AND toLower(x.name) CONTAINS toLower($topic) THEN x.name END) AS themes
WHERE size(themes) > 0
RETURN b.id AS library_item, b.title AS library_title, b.institution AS library,
       o.id AS museum_object, o.title AS museum_title, o.institution AS museum, o.url AS museum_url,
       themes, [n IN shared WHERE NOT n IN themes] AS also_shared, size(shared) AS strength
ORDER BY strength DESC, library_item, museum_object
LIMIT $limit
