// name: records_by_year
// answers: How many records each institution has per period (start year rounded down to $bucket years), between two years
// params: $from_year (int, default 1400, example 1800), $to_year (int, default 2100, example 2025), $bucket (int, default 10, example 25), $institution (str, example princeton)
MATCH (r:Record)
WHERE r.year_start >= $from_year AND r.year_start <= $to_year
  AND ($institution IS NULL OR r.institution = $institution)
WITH r.institution AS institution, r.year_start - (r.year_start % $bucket) AS period, r
RETURN period, institution, count(r) AS records,
       toInteger(sum(CASE WHEN r:LibraryItem THEN 1 ELSE 0 END)) AS library_items,
       toInteger(sum(CASE WHEN r:MuseumObject THEN 1 ELSE 0 END)) AS museum_objects
ORDER BY period, institution
