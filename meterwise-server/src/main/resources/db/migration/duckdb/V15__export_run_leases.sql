-- Leases of open export runs (ADR 0050, addendum): the process that queued or runs a run names itself and renews
-- lease_until while it lives; a run still Queued or InProgress after its lease ran out was left by a killed server
-- and is recorded Failed (ExportInterrupted) by the next sweep. Runs recorded before have no lease (swept at once).
ALTER TABLE cost_export_run ADD COLUMN lease_owner VARCHAR;
ALTER TABLE cost_export_run ADD COLUMN lease_until TIMESTAMP;
