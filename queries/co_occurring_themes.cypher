// name: co_occurring_themes
// answers: Themes that appear together on the same records most often: with $theme, the themes that go with it; without, the strongest pairs overall
// params: $theme (str, example landscape), $institution (str, example nga), $limit (int, default 50, example 20)
MATCH (r:Record)-[:ABOUT]->(t:Theme)
WHERE ($theme IS NULL OR toLower(t.name) = toLower($theme))
  AND ($institution IS NULL OR r.institution = $institution)
MATCH (r)-[:ABOUT]->(u:Theme)
WHERE u.id <> t.id AND ($theme IS NOT NULL OR t.id < u.id)
WITH t, u, count(DISTINCT r) AS records, collect(DISTINCT r.institution) AS institutions
RETURN t.name AS theme, u.name AS with_theme, records, institutions
ORDER BY records DESC, theme, with_theme
LIMIT $limit
