// name: topic_pairs
// answers: Pairs of one library item and one museum object about the same topic (a theme whose name contains the text), with the shared theme and any other entity both records name
// params: $topic (str, required, example animals), $limit (int, default 50, example 20)
MATCH (t:Theme)
WHERE toLower(t.name) CONTAINS toLower($topic)
MATCH (b:LibraryItem)-[:ABOUT|MENTIONS]->(t)<-[:ABOUT|MENTIONS]-(o:MuseumObject)
WITH b, o, collect(DISTINCT t.name) AS themes
OPTIONAL MATCH (b)-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]->(x)<-[:CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS]-(o)
WHERE NOT x.name IN themes
WITH b, o, themes, collect(DISTINCT x.name) AS also_shared
RETURN b.id AS library_item, b.title AS library_title, b.institution AS library,
       o.id AS museum_object, o.title AS museum_title, o.institution AS museum, o.url AS museum_url,
       themes, also_shared, size(themes) + size(also_shared) AS strength
ORDER BY strength DESC, library_item, museum_object
LIMIT $limit
