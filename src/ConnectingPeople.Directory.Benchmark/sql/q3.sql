-- Generated from the SQL the API issued for this query (EF Core command log), with the API's parameters
-- bound to pgbench variables (run with PGOPTIONS='-c pg_trgm.word_similarity_threshold=0.5', as the API connects); see docs/benchmarks.md. :n picks an origin from bench.origins, as the load client does.
\set n random(1, 10000)
SELECT latitude AS lat, longitude AS lon FROM bench.origins WHERE n = :n \gset

SELECT a.asset_id, a.location_id, ST_Distance(l0.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography)
FROM directory.asset_locations AS a
INNER JOIN (
    SELECT l.id, l.point
    FROM directory.locations AS l
    WHERE l.deleted_at IS NULL
) AS l0 ON a.location_id = l0.id
WHERE EXISTS (
    SELECT 1
    FROM directory.assets AS a0
    WHERE a0.deleted_at IS NULL AND a0.status = 'active' AND (a0.search_vector @@ plainto_tsquery('english', 'walkng') OR ('walkng' <% a0.search_text)) AND a0.id = a.asset_id) AND ST_DWithin(l0.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, 10000);

SELECT a.id
FROM directory.assets AS a
WHERE a.deleted_at IS NULL AND a.status = 'active' AND (a.search_vector @@ plainto_tsquery('english', 'walkng') OR ('walkng' <% a.search_text)) AND EXISTS (
    SELECT 1
    FROM directory.service_areas AS s
    INNER JOIN directory.areas AS a0 ON s.area_code = a0.code
    WHERE a.id = s.asset_id AND ST_Covers(a0.boundary, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography));

-- + details.sql
