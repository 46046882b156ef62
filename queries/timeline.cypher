// name: timeline
// answers: Records counted per holding institution, kind of date and date range (year_start..year_end; both null for undated records), for all institutions or one
// params: $institution (str, example nls)
MATCH (r:Record)
WHERE $institution IS NULL OR r.institution = $institution
RETURN r.institution AS institution, coalesce(r.date_kind, 'dated') AS kind, r.year_start AS year_start,
       coalesce(r.year_end, r.year_start) AS year_end, count(r) AS records
ORDER BY institution, year_start, year_end
