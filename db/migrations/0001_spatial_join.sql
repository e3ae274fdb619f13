-- DESIGN §2: rows carry town_code and grid_code, assigned by a spatial join when written, so
-- requests never join points to polygons. The grid wins; a point outside every grid still gets
-- the town it falls in. Polygons (zones) are placed by a point on their surface.
CREATE OR REPLACE FUNCTION assign_town_grid() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  probe geometry := ST_PointOnSurface(NEW.geom);
BEGIN
  SELECT g.code, g.town_code INTO NEW.grid_code, NEW.town_code
    FROM grids g WHERE ST_Intersects(g.geom, probe) ORDER BY g.code LIMIT 1;
  IF NEW.grid_code IS NULL THEN
    SELECT r.code INTO NEW.town_code
      FROM regions r WHERE r.kind <> 'county' AND ST_Intersects(r.geom, probe) ORDER BY r.code LIMIT 1;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER enterprises_assign_town_grid BEFORE INSERT OR UPDATE OF geom ON enterprises
  FOR EACH ROW EXECUTE FUNCTION assign_town_grid();
--> statement-breakpoint
CREATE TRIGGER confined_spaces_assign_town_grid BEFORE INSERT OR UPDATE OF geom ON confined_spaces
  FOR EACH ROW EXECUTE FUNCTION assign_town_grid();
--> statement-breakpoint
CREATE TRIGGER fireworks_outlets_assign_town_grid BEFORE INSERT OR UPDATE OF geom ON fireworks_outlets
  FOR EACH ROW EXECUTE FUNCTION assign_town_grid();
--> statement-breakpoint
CREATE TRIGGER sensitive_sites_assign_town_grid BEFORE INSERT OR UPDATE OF geom ON sensitive_sites
  FOR EACH ROW EXECUTE FUNCTION assign_town_grid();
--> statement-breakpoint
CREATE TRIGGER zones_assign_town_grid BEFORE INSERT OR UPDATE OF geom ON zones
  FOR EACH ROW EXECUTE FUNCTION assign_town_grid();
--> statement-breakpoint
CREATE TRIGGER hazards_assign_town_grid BEFORE INSERT OR UPDATE OF geom ON hazards
  FOR EACH ROW EXECUTE FUNCTION assign_town_grid();
--> statement-breakpoint
CREATE TRIGGER accidents_assign_town_grid BEFORE INSERT OR UPDATE OF geom ON accidents
  FOR EACH ROW EXECUTE FUNCTION assign_town_grid();
--> statement-breakpoint
-- Inspections have no geometry of their own: they belong where their enterprise is.
CREATE OR REPLACE FUNCTION assign_town_grid_from_enterprise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT e.town_code, e.grid_code INTO NEW.town_code, NEW.grid_code
    FROM enterprises e WHERE e.id = NEW.enterprise_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER inspections_assign_town_grid BEFORE INSERT OR UPDATE OF enterprise_id ON inspections
  FOR EACH ROW EXECUTE FUNCTION assign_town_grid_from_enterprise();
--> statement-breakpoint
-- Live updates (DESIGN §4): one notification per changed table per statement, which the server
-- relays on /api/events.
CREATE OR REPLACE FUNCTION notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('data_changed', TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['regions','grids','enterprises','confined_spaces','fireworks_outlets',
    'sensitive_sites','zones','hazards','inspections','inspection_campaigns','accidents','drills',
    'annual_targets','settings']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed()', t || '_notify', t);
  END LOOP;
END $$;
