-- Generated from the SQL the API issued for this query (EF Core command log), with the API's parameters
-- bound to pgbench variables; see docs/benchmarks.md. :n picks an origin from bench.origins, as the load client does.
\set n random(1, 10000)
SELECT latitude AS lat, longitude AS lon FROM bench.origins WHERE n = :n \gset
-- :terms (walking, gardening and the terms below them) is passed with -D by scripts/bench.sh.

SELECT a.asset_id, a.location_id, ST_Distance(l0.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography)
FROM directory.asset_locations AS a
INNER JOIN (
    SELECT l.id, l.point
    FROM directory.locations AS l
    WHERE l.deleted_at IS NULL
) AS l0 ON a.location_id = l0.id
WHERE EXISTS (
    SELECT 1
    FROM directory.schedules AS s
    WHERE s.day = ANY ('{tue}'::text[]) AND s.asset_id = a.asset_id AND (s.location_id IS NULL OR s.location_id = a.location_id)) AND EXISTS (
    SELECT 1
    FROM directory.assets AS a0
    WHERE a0.deleted_at IS NULL AND a0.status = 'active' AND EXISTS (
        SELECT 1
        FROM directory.asset_terms AS a1
        WHERE a0.id = a1.asset_id AND a1.term_id = ANY (:terms::uuid[])) AND EXISTS (
        SELECT 1
        FROM directory.schedules AS s0
        WHERE a0.id = s0.asset_id AND s0.day = ANY ('{tue}'::text[])) AND EXISTS (
        SELECT 1
        FROM directory.asset_costs AS a2
        WHERE a0.id = a2.asset_id) AND NOT EXISTS (
        SELECT 1
        FROM directory.asset_costs AS a3
        WHERE a0.id = a3.asset_id AND a3.kind = 'fee') AND a0.id = a.asset_id) AND ST_DWithin(l0.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, 5000);

SELECT a.id
FROM directory.assets AS a
WHERE a.deleted_at IS NULL AND a.status = 'active' AND EXISTS (
    SELECT 1
    FROM directory.asset_terms AS a0
    WHERE a.id = a0.asset_id AND a0.term_id = ANY (:terms::uuid[])) AND EXISTS (
    SELECT 1
    FROM directory.schedules AS s
    WHERE a.id = s.asset_id AND s.day = ANY ('{tue}'::text[])) AND EXISTS (
    SELECT 1
    FROM directory.asset_costs AS a1
    WHERE a.id = a1.asset_id) AND NOT EXISTS (
    SELECT 1
    FROM directory.asset_costs AS a2
    WHERE a.id = a2.asset_id AND a2.kind = 'fee') AND EXISTS (
    SELECT 1
    FROM directory.service_areas AS s0
    INNER JOIN directory.areas AS a3 ON s0.area_code = a3.code
    WHERE a.id = s0.asset_id AND ST_Covers(a3.boundary, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography));

-- + details.sql
