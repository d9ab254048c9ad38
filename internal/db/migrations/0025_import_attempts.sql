-- Imports (issue 13): a job's runs are counted on its own row. River counts
-- the attempts of one queue job, and every start of the instance queues a new
-- one for each unfinished import, so an import that kills its instance was
-- run again on every restart; with the count here the bound holds across
-- restarts. last_error is why the last run ended without finishing (a run
-- that died says so), for the message of the run that gives up.
ALTER TABLE import_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
