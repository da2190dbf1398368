-- Generated from the SQL the API issued for GET /api/v1/assets/{id} (EF Core command log); :id drawn like the load client's.
\set n random(1, 10000)
SELECT id FROM bench.asset_ids WHERE n = :n \gset

SELECT a.id, a.accepting_new_members, a.companions_welcome, a.created_at, a.deleted_at, a.delivery_modes, a.description, a.external_id, a.how_to_join, a.kind_id, a.languages, a.last_verified_at, a.max_age, a.min_age, a.name, a.newcomer_info, a.organisation_id, a.search_text, a.search_vector, a.status, a.summary, a.updated_at, a.verification_method, a.xmin, a.website, o0.id, o0.created_at, o0.deleted_at, o0.description, o0.email, o0.name, o0.phone, o0.updated_at, o0.xmin, o0.website, t.id, t.code, t.description, t.name, t.parent_id, t.path, t.synonyms, t.vocabulary_id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id, o.created_at, o.deleted_at, o.description, o.email, o.name, o.phone, o.updated_at, o.xmin, o.website
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
WHERE a.deleted_at IS NULL AND a.id = :id::uuid
ORDER BY a.id, o0.id, t.id
LIMIT 1;

SELECT s2.asset_id, s2.term_id, s2.id, s2.code, s2.description, s2.name, s2.parent_id, s2.path, s2.synonyms, s2.vocabulary_id, s2.id0, s2.code0, s2.description0, s2.name0, s1.id, s1.id0, s1.id1
FROM (
    SELECT a.id, o0.id AS id0, t.id AS id1
    FROM directory.assets AS a
    INNER JOIN (
        SELECT o.id
        FROM directory.organisations AS o
        WHERE o.deleted_at IS NULL
    ) AS o0 ON a.organisation_id = o0.id
    LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
    WHERE a.deleted_at IS NULL AND a.id = :id::uuid
    ORDER BY a.id, o0.id, t.id
    LIMIT 1
) AS s1
INNER JOIN (
    SELECT a0.asset_id, a0.term_id, t0.id, t0.code, t0.description, t0.name, t0.parent_id, t0.path, t0.synonyms, t0.vocabulary_id, v.id AS id0, v.code AS code0, v.description AS description0, v.name AS name0
    FROM directory.asset_terms AS a0
    INNER JOIN directory.taxonomy_terms AS t0 ON a0.term_id = t0.id
    INNER JOIN directory.vocabularies AS v ON t0.vocabulary_id = v.id
) AS s2 ON s1.id = s2.asset_id
ORDER BY s1.id, s1.id0, s1.id1;

SELECT a1.id, a1.amount, a1.asset_id, a1.description, a1.kind, a1.per, s3.id, s3.id0, s3.id1
FROM (
    SELECT a.id, o0.id AS id0, t.id AS id1
    FROM directory.assets AS a
    INNER JOIN (
        SELECT o.id
        FROM directory.organisations AS o
        WHERE o.deleted_at IS NULL
    ) AS o0 ON a.organisation_id = o0.id
    LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
    WHERE a.deleted_at IS NULL AND a.id = :id::uuid
    ORDER BY a.id, o0.id, t.id
    LIMIT 1
) AS s3
INNER JOIN directory.asset_costs AS a1 ON s3.id = a1.asset_id
ORDER BY s3.id, s3.id0, s3.id1;

SELECT a2.id, a2.asset_id, a2.email, a2.name, a2.phone, a2.role, s4.id, s4.id0, s4.id1
FROM (
    SELECT a.id, o0.id AS id0, t.id AS id1
    FROM directory.assets AS a
    INNER JOIN (
        SELECT o.id
        FROM directory.organisations AS o
        WHERE o.deleted_at IS NULL
    ) AS o0 ON a.organisation_id = o0.id
    LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
    WHERE a.deleted_at IS NULL AND a.id = :id::uuid
    ORDER BY a.id, o0.id, t.id
    LIMIT 1
) AS s4
INNER JOIN directory.asset_contacts AS a2 ON s4.id = a2.asset_id
ORDER BY s4.id, s4.id0, s4.id1;

SELECT s6.id, s6.asset_id, s6.location_id, s6.id0, s6.address1, s6.address2, s6.created_at, s6.deleted_at, s6.local_authority_code, s6.name, s6.point, s6.postcode, s6.town, s6.updated_at, s6.xmin, s6.ward_code, s5.id, s5.id0, s5.id1
FROM (
    SELECT a.id, o0.id AS id0, t.id AS id1
    FROM directory.assets AS a
    INNER JOIN (
        SELECT o.id
        FROM directory.organisations AS o
        WHERE o.deleted_at IS NULL
    ) AS o0 ON a.organisation_id = o0.id
    LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
    WHERE a.deleted_at IS NULL AND a.id = :id::uuid
    ORDER BY a.id, o0.id, t.id
    LIMIT 1
) AS s5
INNER JOIN (
    SELECT a3.id, a3.asset_id, a3.location_id, l0.id AS id0, l0.address1, l0.address2, l0.created_at, l0.deleted_at, l0.local_authority_code, l0.name, l0.point, l0.postcode, l0.town, l0.updated_at, l0.xmin, l0.ward_code
    FROM directory.asset_locations AS a3
    INNER JOIN (
        SELECT l.id, l.address1, l.address2, l.created_at, l.deleted_at, l.local_authority_code, l.name, l.point, l.postcode, l.town, l.updated_at, l.xmin, l.ward_code
        FROM directory.locations AS l
        WHERE l.deleted_at IS NULL
    ) AS l0 ON a3.location_id = l0.id
) AS s6 ON s5.id = s6.asset_id
ORDER BY s5.id, s5.id0, s5.id1;

SELECT s8.id, s8.area_code, s8.asset_id, s8.name, s8.code, s8.boundary, s8.name0, s8.parent_code, s8.type, s7.id, s7.id0, s7.id1
FROM (
    SELECT a.id, o0.id AS id0, t.id AS id1
    FROM directory.assets AS a
    INNER JOIN (
        SELECT o.id
        FROM directory.organisations AS o
        WHERE o.deleted_at IS NULL
    ) AS o0 ON a.organisation_id = o0.id
    LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
    WHERE a.deleted_at IS NULL AND a.id = :id::uuid
    ORDER BY a.id, o0.id, t.id
    LIMIT 1
) AS s7
INNER JOIN (
    SELECT s.id, s.area_code, s.asset_id, s.name, a4.code, a4.boundary, a4.name AS name0, a4.parent_code, a4.type
    FROM directory.service_areas AS s
    INNER JOIN directory.areas AS a4 ON s.area_code = a4.code
) AS s8 ON s7.id = s8.asset_id
ORDER BY s7.id, s7.id0, s7.id1;

SELECT s0.id, s0.anchor_week, s0.asset_id, s0.day, s0.end_time, s0.frequency, s0.location_id, s0.notes, s0.rrule, s0.start_time, s0.valid_from, s0.valid_until, s0.week_of_month, s9.id, s9.id0, s9.id1
FROM (
    SELECT a.id, o0.id AS id0, t.id AS id1
    FROM directory.assets AS a
    INNER JOIN (
        SELECT o.id
        FROM directory.organisations AS o
        WHERE o.deleted_at IS NULL
    ) AS o0 ON a.organisation_id = o0.id
    LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
    WHERE a.deleted_at IS NULL AND a.id = :id::uuid
    ORDER BY a.id, o0.id, t.id
    LIMIT 1
) AS s9
INNER JOIN directory.schedules AS s0 ON s9.id = s0.asset_id
ORDER BY s9.id, s9.id0, s9.id1;
