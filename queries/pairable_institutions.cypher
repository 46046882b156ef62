// name: pairable_institutions
// answers: How many records each institution holds outside the given sources (the pair finder leaves test and example records out, and lists only institutions with records left)
// params: $exclude_sources (list, example ["loc_pymarc"])
MATCH (r:Record)
WHERE $exclude_sources IS NULL OR NOT r.source IN $exclude_sources
RETURN r.institution AS institution, count(r) AS records
ORDER BY records DESC, institution
