-- Generated from the SQL the API issued for GET /openreferral/service_at_locations?postcode=...&proximity=2000 (EF Core
-- command log), with the API's parameters bound to pgbench variables; see docs/benchmarks.md. :n picks an origin from
-- bench.origins, as the load client does. Lines marked "(bookkeeping)" are not the API's: they carry values between
-- statements, as the API does in memory.
\set n random(1, 10000)
SELECT replace(postcode, ' ', '') AS code, sector FROM bench.origins WHERE n = :n \gset

SELECT p.display AS "Display", p.point AS "Point", p.local_authority_code AS "LocalAuthorityCode", p.ward_code AS "WardCode"
FROM directory.postcodes AS p
WHERE p.code = :code
LIMIT 1;

SELECT p.point AS "Point", p.local_authority_code AS "LocalAuthorityCode"
FROM directory.postcode_sectors AS p
WHERE p.code = :sector
LIMIT 1;

-- (bookkeeping) the origin: the postcode's point, or its sector's centroid when the postcode is not held.
SELECT ST_Y(o.point::geometry) AS lat, ST_X(o.point::geometry) AS lon FROM (SELECT COALESCE(
    (SELECT point FROM directory.postcodes WHERE code = :code), (SELECT point FROM directory.postcode_sectors WHERE code = :sector)) AS point) AS o \gset

SELECT count(*)::int
FROM directory.asset_locations AS a
INNER JOIN (
    SELECT l.id, l.deleted_at, l.point
    FROM directory.locations AS l
    WHERE l.deleted_at IS NULL
) AS l0 ON a.location_id = l0.id
WHERE EXISTS (
    SELECT 1
    FROM directory.assets AS a0
    WHERE a0.deleted_at IS NULL AND (NOT EXISTS (
        SELECT 1
        FROM directory.service_areas AS s
        WHERE a0.id = s.asset_id) OR EXISTS (
        SELECT 1
        FROM directory.service_areas AS s0
        INNER JOIN directory.areas AS a1 ON s0.area_code = a1.code
        WHERE a0.id = s0.asset_id AND ST_Covers(a1.boundary, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography))) AND a0.id = a.asset_id) AND l0.deleted_at IS NULL AND ST_DWithin(l0.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, 2000);

SELECT count(*)::int
FROM directory.assets AS a
WHERE FALSE;

-- (bookkeeping) the page's listing ids, which the API keeps from this statement.
SELECT COALESCE(array_agg(p."AssetId"), '{}')::text AS page FROM (
SELECT a.id AS "Id", a.asset_id AS "AssetId"
FROM directory.asset_locations AS a
INNER JOIN (
    SELECT l.id, l.deleted_at, l.point
    FROM directory.locations AS l
    WHERE l.deleted_at IS NULL
) AS l0 ON a.location_id = l0.id
WHERE EXISTS (
    SELECT 1
    FROM directory.assets AS a0
    WHERE a0.deleted_at IS NULL AND (NOT EXISTS (
        SELECT 1
        FROM directory.service_areas AS s
        WHERE a0.id = s.asset_id) OR EXISTS (
        SELECT 1
        FROM directory.service_areas AS s0
        INNER JOIN directory.areas AS a1 ON s0.area_code = a1.code
        WHERE a0.id = s0.asset_id AND ST_Covers(a1.boundary, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography))) AND a0.id = a.asset_id) AND l0.deleted_at IS NULL AND ST_DWithin(l0.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, 2000)
ORDER BY ST_Distance(l0.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography), a.id
LIMIT 20 OFFSET 0
) AS p \gset

SELECT a.id, a.accepting_new_members, a.companions_welcome, a.created_at, a.deleted_at, a.delivery_modes, a.description, a.external_id, a.how_to_join, a.kind_id, a.languages, a.last_verified_at, a.max_age, a.min_age, a.name, a.newcomer_info, a.organisation_id, a.search_text, a.search_vector, a.status, a.summary, a.updated_at, a.verification_method, a.xmin, a.website, o0.id, o0.created_at, o0.deleted_at, o0.description, o0.email, o0.name, o0.phone, o0.updated_at, o0.xmin, o0.website, t.id, t.code, t.description, t.name, t.parent_id, t.path, t.synonyms, t.vocabulary_id, v.id, v.code, v.description, v.name
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id, o.created_at, o.deleted_at, o.description, o.email, o.name, o.phone, o.updated_at, o.xmin, o.website
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
LEFT JOIN directory.vocabularies AS v ON t.vocabulary_id = v.id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id, v.id;

SELECT s1.asset_id, s1.term_id, s1.id, s1.code, s1.description, s1.name, s1.parent_id, s1.path, s1.synonyms, s1.vocabulary_id, s1.id0, s1.code0, s1.description0, s1.name0, a.id, o0.id, t.id, v.id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
LEFT JOIN directory.vocabularies AS v ON t.vocabulary_id = v.id
INNER JOIN (
    SELECT a0.asset_id, a0.term_id, t0.id, t0.code, t0.description, t0.name, t0.parent_id, t0.path, t0.synonyms, t0.vocabulary_id, v0.id AS id0, v0.code AS code0, v0.description AS description0, v0.name AS name0
    FROM directory.asset_terms AS a0
    INNER JOIN directory.taxonomy_terms AS t0 ON a0.term_id = t0.id
    INNER JOIN directory.vocabularies AS v0 ON t0.vocabulary_id = v0.id
) AS s1 ON a.id = s1.asset_id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id, v.id;

SELECT a1.id, a1.amount, a1.asset_id, a1.description, a1.kind, a1.per, a.id, o0.id, t.id, v.id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
LEFT JOIN directory.vocabularies AS v ON t.vocabulary_id = v.id
INNER JOIN directory.asset_costs AS a1 ON a.id = a1.asset_id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id, v.id;

SELECT a2.id, a2.asset_id, a2.email, a2.name, a2.phone, a2.role, a.id, o0.id, t.id, v.id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
LEFT JOIN directory.vocabularies AS v ON t.vocabulary_id = v.id
INNER JOIN directory.asset_contacts AS a2 ON a.id = a2.asset_id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id, v.id;

SELECT s.id, s.anchor_week, s.asset_id, s.day, s.end_time, s.frequency, s.location_id, s.notes, s.rrule, s.start_time, s.valid_from, s.valid_until, s.week_of_month, a.id, o0.id, t.id, v.id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
LEFT JOIN directory.vocabularies AS v ON t.vocabulary_id = v.id
INNER JOIN directory.schedules AS s ON a.id = s.asset_id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id, v.id;

SELECT s2.id, s2.asset_id, s2.location_id, s2.id0, s2.address1, s2.address2, s2.created_at, s2.deleted_at, s2.local_authority_code, s2.name, s2.point, s2.postcode, s2.town, s2.updated_at, s2.xmin, s2.ward_code, a.id, o0.id, t.id, v.id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
LEFT JOIN directory.vocabularies AS v ON t.vocabulary_id = v.id
INNER JOIN (
    SELECT a3.id, a3.asset_id, a3.location_id, l0.id AS id0, l0.address1, l0.address2, l0.created_at, l0.deleted_at, l0.local_authority_code, l0.name, l0.point, l0.postcode, l0.town, l0.updated_at, l0.xmin, l0.ward_code
    FROM directory.asset_locations AS a3
    INNER JOIN (
        SELECT l.id, l.address1, l.address2, l.created_at, l.deleted_at, l.local_authority_code, l.name, l.point, l.postcode, l.town, l.updated_at, l.xmin, l.ward_code
        FROM directory.locations AS l
        WHERE l.deleted_at IS NULL
    ) AS l0 ON a3.location_id = l0.id
) AS s2 ON a.id = s2.asset_id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id, v.id;

SELECT s3.id, s3.area_code, s3.asset_id, s3.name, s3.code, s3.boundary, s3.name0, s3.parent_code, s3.type, a.id, o0.id, t.id, v.id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
LEFT JOIN directory.vocabularies AS v ON t.vocabulary_id = v.id
INNER JOIN (
    SELECT s0.id, s0.area_code, s0.asset_id, s0.name, a4.code, a4.boundary, a4.name AS name0, a4.parent_code, a4.type
    FROM directory.service_areas AS s0
    INNER JOIN directory.areas AS a4 ON s0.area_code = a4.code
) AS s3 ON a.id = s3.asset_id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id, v.id;

-- (bookkeeping) the authorities of the page's venues, which the API collects from the loaded venues.
SELECT COALESCE(array_agg(DISTINCT l.local_authority_code), '{}')::text AS codes FROM directory.asset_locations AS al
JOIN directory.locations AS l ON l.id = al.location_id WHERE al.asset_id = ANY (:page::uuid[]) \gset
SELECT a.code AS "Code", a.name AS "Name"
FROM directory.areas AS a
WHERE a.code = ANY (:codes::text[]);
