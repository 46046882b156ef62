// name: record_cards
// answers: Short descriptions of given records: title, date (and its kind), holder, rights or licence, link, image, and who made them (for the pair finder's cards and search hits)
// params: $ids (list, required, example ["nls:74634592"])
UNWIND $ids AS rid
MATCH (r:Record {id: rid})
OPTIONAL MATCH (r)-[:CREATED_BY]->(c)
WITH r, collect(DISTINCT c.name)[..3] AS creators
RETURN r.id AS id, r.title AS title, r.date_text AS date, r.date_kind AS date_kind, r.year_start AS year_start,
       r.year_end AS year_end, r.institution AS institution, r.kind AS kind, r.source AS source, r.url AS url,
       r.image_url AS image_url, r.rights AS rights, r.licence AS licence, creators
