-- A field worker's own visits, the latest first (GET /visits?mine=true).
CREATE INDEX visits_worker ON visits (worker_id, visited_at);
