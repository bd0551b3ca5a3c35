-- Product attributes of meters in Retail Prices terms (issue 14, ADR 0030). Existing meters get empty attributes
-- (and primary_meter_region true) and keep everything else; the operator API or the demo loader fills them in.
ALTER TABLE meter ADD COLUMN service_name VARCHAR NOT NULL DEFAULT '';
ALTER TABLE meter ADD COLUMN service_id VARCHAR NOT NULL DEFAULT '';
ALTER TABLE meter ADD COLUMN service_family VARCHAR NOT NULL DEFAULT '';
ALTER TABLE meter ADD COLUMN product_name VARCHAR NOT NULL DEFAULT '';
ALTER TABLE meter ADD COLUMN product_id VARCHAR NOT NULL DEFAULT '';
ALTER TABLE meter ADD COLUMN sku_name VARCHAR NOT NULL DEFAULT '';
ALTER TABLE meter ADD COLUMN sku_id VARCHAR NOT NULL DEFAULT '';
ALTER TABLE meter ADD COLUMN arm_sku_name VARCHAR NOT NULL DEFAULT '';
ALTER TABLE meter ADD COLUMN arm_region_name VARCHAR NOT NULL DEFAULT '';
ALTER TABLE meter ADD COLUMN price_type VARCHAR NOT NULL DEFAULT '';
ALTER TABLE meter ADD COLUMN primary_meter_region BOOLEAN NOT NULL DEFAULT true;
