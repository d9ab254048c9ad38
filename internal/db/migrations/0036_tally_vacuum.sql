-- Tallies on PostgreSQL (issue 13 §6): a tally row is updated by every write
-- it counts — the city's event rows by every step of every case — and each
-- update leaves a dead row version behind. With the default thresholds
-- (20 % of the table) autovacuum reached event_tallies too late: after a
-- million generated cases the city's total walked 88,000 row versions
-- (250 ms) where a vacuumed table answers in 0.5 ms. Tallies are vacuumed
-- after a fixed number of dead rows, unthrottled, and leave room in each
-- page so that an update can stay in it (a HOT update: n is not indexed).

-- postgres only
ALTER TABLE event_tallies SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
-- postgres only
ALTER TABLE event_due_tallies SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
-- postgres only
ALTER TABLE resident_tallies SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
-- postgres only
ALTER TABLE resident_birth_tallies SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
-- postgres only
ALTER TABLE resident_name_tallies SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
-- postgres only
ALTER TABLE building_tallies SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
-- postgres only
ALTER TABLE notification_tallies SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
-- postgres only
ALTER TABLE user_quota SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
