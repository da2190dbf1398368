-- The page's detail statements, shared by q1-q3 (scripts/bench.sh appends this file to a script that ends with
-- the line '-- + details.sql'; pgbench itself cannot include files).
-- The API orders and pages the hits in memory; here the page's 20 listings come from bench.asset_ids (a primary-key
-- range), so the detail queries below do the same work on 20 listings without repeating the spatial query.
SELECT array_agg(id)::text AS page FROM bench.asset_ids WHERE n BETWEEN :n AND :n + 19 \gset

SELECT a.id, a.accepting_new_members, a.companions_welcome, a.created_at, a.deleted_at, a.delivery_modes, a.description, a.external_id, a.how_to_join, a.kind_id, a.languages, a.last_verified_at, a.max_age, a.min_age, a.name, a.newcomer_info, a.organisation_id, a.search_text, a.search_vector, a.status, a.summary, a.updated_at, a.verification_method, a.xmin, a.website, o0.id, o0.created_at, o0.deleted_at, o0.description, o0.email, o0.name, o0.phone, o0.updated_at, o0.xmin, o0.website, t.id, t.code, t.description, t.name, t.parent_id, t.path, t.synonyms, t.vocabulary_id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id, o.created_at, o.deleted_at, o.description, o.email, o.name, o.phone, o.updated_at, o.xmin, o.website
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id;

SELECT s0.asset_id, s0.term_id, s0.id, s0.code, s0.description, s0.name, s0.parent_id, s0.path, s0.synonyms, s0.vocabulary_id, s0.id0, s0.code0, s0.description0, s0.name0, a.id, o0.id, t.id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
INNER JOIN (
    SELECT a0.asset_id, a0.term_id, t0.id, t0.code, t0.description, t0.name, t0.parent_id, t0.path, t0.synonyms, t0.vocabulary_id, v.id AS id0, v.code AS code0, v.description AS description0, v.name AS name0
    FROM directory.asset_terms AS a0
    INNER JOIN directory.taxonomy_terms AS t0 ON a0.term_id = t0.id
    INNER JOIN directory.vocabularies AS v ON t0.vocabulary_id = v.id
) AS s0 ON a.id = s0.asset_id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id;

SELECT a1.id, a1.amount, a1.asset_id, a1.description, a1.kind, a1.per, a.id, o0.id, t.id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
INNER JOIN directory.asset_costs AS a1 ON a.id = a1.asset_id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id;

SELECT s.id, s.anchor_week, s.asset_id, s.day, s.end_time, s.frequency, s.location_id, s.notes, s.rrule, s.start_time, s.valid_from, s.valid_until, s.week_of_month, a.id, o0.id, t.id
FROM directory.assets AS a
INNER JOIN (
    SELECT o.id
    FROM directory.organisations AS o
    WHERE o.deleted_at IS NULL
) AS o0 ON a.organisation_id = o0.id
LEFT JOIN directory.taxonomy_terms AS t ON a.kind_id = t.id
INNER JOIN directory.schedules AS s ON a.id = s.asset_id
WHERE a.deleted_at IS NULL AND a.id = ANY (:page::uuid[])
ORDER BY a.id, o0.id, t.id;

SELECT a.asset_id AS "AssetId", l0.id, l0.address1, l0.address2, l0.created_at, l0.deleted_at, l0.local_authority_code, l0.name, l0.point, l0.postcode, l0.town, l0.updated_at, l0.xmin, l0.ward_code
FROM directory.asset_locations AS a
INNER JOIN (
    SELECT l.id, l.address1, l.address2, l.created_at, l.deleted_at, l.local_authority_code, l.name, l.point, l.postcode, l.town, l.updated_at, l.xmin, l.ward_code
    FROM directory.locations AS l
    WHERE l.deleted_at IS NULL
) AS l0 ON a.location_id = l0.id
WHERE a.asset_id = ANY (:page::uuid[]);
