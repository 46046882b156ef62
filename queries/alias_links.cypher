// name: alias_links
// answers: Every alias with the canonical entity it refers to and how the link was made (what link evaluation scores)
// params: $source (str, example moma)
MATCH (a:Alias)-[r:REFERS_TO]->(e)
WHERE $source IS NULL OR a.source = $source
RETURN a.key AS alias, a.text AS alias_text, a.source AS source, a.birth_year AS birth_year,
       a.death_year AS death_year, e.id AS entity, r.score AS score, r.method AS method,
       r.evidence AS evidence, r.status AS status
ORDER BY alias
