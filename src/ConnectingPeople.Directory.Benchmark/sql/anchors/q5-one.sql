-- Raw anchor (see README.md): one listing with everything its page shows, in one statement.
\set n random(1, 10000)
SELECT id FROM bench.asset_ids WHERE n = :n \gset

SELECT a.id, a.name, a.summary, a.description, a.status, a.delivery_modes, a.min_age, a.max_age, o.name AS organisation,
    (SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'postcode', l.postcode, 'lat', ST_Y(l.point::geometry), 'lon', ST_X(l.point::geometry)))
     FROM directory.asset_locations AS al JOIN directory.locations AS l ON l.id = al.location_id WHERE al.asset_id = a.id) AS venues,
    (SELECT json_agg(s.*) FROM directory.schedules AS s WHERE s.asset_id = a.id) AS schedules,
    (SELECT json_agg(c.*) FROM directory.asset_costs AS c WHERE c.asset_id = a.id) AS costs,
    (SELECT json_agg(json_build_object('code', t.code, 'name', t.name)) FROM directory.asset_terms AS at JOIN directory.taxonomy_terms AS t ON t.id = at.term_id WHERE at.asset_id = a.id) AS terms
FROM directory.assets AS a
JOIN directory.organisations AS o ON o.id = a.organisation_id
WHERE a.id = :id::uuid AND a.deleted_at IS NULL;
