-- Leases of open export runs (ADR 0050, addendum): the process that queued or runs a run names itself and renews
-- lease_until while it lives; a run still Queued or InProgress after its lease ran out was left by a killed server
-- and is recorded Failed (ExportInterrupted) by the next sweep. Runs recorded before have no lease (swept at once).
ALTER TABLE cost_export_run ADD COLUMN lease_owner VARCHAR;
ALTER TABLE cost_export_run ADD COLUMN lease_until TIMESTAMP;
-- The sweep and the renewal read open runs only, every 20 s on every server: a partial index keeps that off the whole
-- history (DuckDB, without partial indexes, scans the status column alone in a few ms).
CREATE INDEX cost_export_run_open ON cost_export_run (lease_owner) WHERE status IN ('Queued', 'InProgress');
