-- Issue 8 (ADR 0013): everything an issued invoice shows is frozen at issue. The unit of measure of each usage line is
-- copied from the catalog with the meter's name and category, so renaming a meter or changing its unit later never
-- changes an issued invoice's PDF or CSV. Empty for offer terms and for invoices issued before this script.
ALTER TABLE invoice_line ADD COLUMN unit VARCHAR DEFAULT '';
