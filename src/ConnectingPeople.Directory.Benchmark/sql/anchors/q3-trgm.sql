-- Raw anchor (see README.md): the typo'd word through the trigram GIN index (run with pg_trgm.word_similarity_threshold=0.5).
\set n random(1, 10000)
SELECT latitude AS lat, longitude AS lon FROM bench.origins WHERE n = :n \gset

SELECT a.id, word_similarity('walkng', a.search_text) AS similarity
FROM directory.assets AS a
WHERE a.deleted_at IS NULL AND a.status = 'active' AND 'walkng' <% a.search_text
  AND EXISTS (
    SELECT 1 FROM directory.asset_locations AS al JOIN directory.locations AS l ON l.id = al.location_id
    WHERE al.asset_id = a.id AND ST_DWithin(l.point, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, 10000))
ORDER BY similarity DESC, a.id
LIMIT 20;
