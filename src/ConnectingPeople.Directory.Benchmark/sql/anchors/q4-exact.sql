-- Raw anchor (see README.md): the exact page, each listing once by its nearest venue, with the total.
\set n random(1, 10000)
-- The postcode resolved as the API does first (a postcode outside the loaded areas falls back to its sector centroid).
SELECT coalesce(ST_Y(p.point::geometry), o.latitude) AS lat, coalesce(ST_X(p.point::geometry), o.longitude) AS lon FROM bench.origins AS o LEFT JOIN directory.postcodes AS p ON p.code = replace(o.postcode, ' ', '') WHERE o.n = :n \gset

WITH nearest AS (
    SELECT DISTINCT ON (al.asset_id) al.asset_id, l.id AS location_id,
        ST_Distance(l.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography) AS metres
    FROM directory.locations AS l
    JOIN directory.asset_locations AS al ON al.location_id = l.id
    JOIN directory.assets AS a ON a.id = al.asset_id
    WHERE l.deleted_at IS NULL AND a.deleted_at IS NULL AND a.status = 'active'
      AND ST_DWithin(l.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, 2000)
    ORDER BY al.asset_id, metres
)
SELECT asset_id, location_id, metres, count(*) OVER () AS total FROM nearest ORDER BY metres, asset_id LIMIT 20;
