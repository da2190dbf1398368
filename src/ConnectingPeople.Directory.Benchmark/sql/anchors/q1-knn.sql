-- Raw anchor (see README.md): the KNN page.
\set n random(1, 10000)
SELECT latitude AS lat, longitude AS lon FROM bench.origins WHERE n = :n \gset

SELECT al.asset_id, l.id, ST_Distance(l.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography) AS metres
FROM directory.locations AS l
JOIN directory.asset_locations AS al ON al.location_id = l.id
JOIN directory.assets AS a ON a.id = al.asset_id
WHERE l.deleted_at IS NULL AND a.deleted_at IS NULL AND a.status = 'active'
  AND ST_DWithin(l.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, 5000)
ORDER BY l.point <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography
LIMIT 20;
