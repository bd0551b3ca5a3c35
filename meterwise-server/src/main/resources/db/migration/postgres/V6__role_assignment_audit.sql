-- ARM role assignments also tell what kind of principal they name and who created them (principalType, createdBy).
-- createdOn is created_at, and updatedOn equals it: assignments are never updated in place.
ALTER TABLE role_assignment ADD COLUMN principal_type VARCHAR;
ALTER TABLE role_assignment ADD COLUMN created_by VARCHAR;
