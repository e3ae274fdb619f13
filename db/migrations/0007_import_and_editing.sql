CREATE TABLE "import_jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"layer" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"status" text NOT NULL,
	"crs" text,
	"crs_guess" jsonb,
	"encoding" text,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"columns" text[] DEFAULT '{}' NOT NULL,
	"row_count" integer DEFAULT 0 NOT NULL,
	"summary" jsonb,
	"failure" jsonb,
	"created_by_user_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"import_id" integer NOT NULL,
	"row_no" integer NOT NULL,
	"source" jsonb NOT NULL,
	"source_geometry" jsonb,
	"record" jsonb,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"action" text,
	"matched_key" text,
	"geom" geometry(Geometry,4326),
	CONSTRAINT "import_rows_import_id_row_no_pk" PRIMARY KEY("import_id","row_no")
);
--> statement-breakpoint
ALTER TABLE "accidents" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "accidents" ADD COLUMN "source_crs" text;--> statement-breakpoint
ALTER TABLE "annual_targets" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "annual_targets" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "confined_spaces" ADD COLUMN "source_crs" text;--> statement-breakpoint
ALTER TABLE "drills" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "source_crs" text;--> statement-breakpoint
ALTER TABLE "fireworks_outlets" ADD COLUMN "source_crs" text;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "source_crs" text;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "source_crs" text;--> statement-breakpoint
ALTER TABLE "sensitive_sites" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "sensitive_sites" ADD COLUMN "source_crs" text;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "source_crs" text;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_import_id_import_jobs_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Issue 12: when a town or grid boundary changes (an edit, an import of boundaries), every row whose
-- place may have changed is placed again by the same spatial join as on write (0001): touching
-- `geom` fires assign_town_grid. `area` is the union of the old and new boundaries; NULL: everything.
-- Inspections and outlet visits follow their enterprise and outlet (the triggers below), and the
-- statistics facts follow their hazards and inspections (0006). Returns the rows re-placed.
CREATE OR REPLACE FUNCTION reassign_places(area geometry) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  t text;
  n integer;
  total integer := 0;
BEGIN
  FOREACH t IN ARRAY ARRAY['enterprises','confined_spaces','fireworks_outlets','sensitive_sites','zones',
    'hazards','accidents']
  LOOP
    EXECUTE format('UPDATE %I SET geom = geom WHERE $1 IS NULL OR ST_Intersects(geom, $1)', t) USING area;
    GET DIAGNOSTICS n = ROW_COUNT;
    total := total + n;
  END LOOP;
  RETURN total;
END $$;
--> statement-breakpoint
-- An enterprise placed again (moved, or its grid redrawn) takes its inspections with it (not
-- `UPDATE OF town_code`: the BEFORE trigger sets those columns, which such a trigger ignores): the
-- record is the enterprise's, and the grid now responsible for it counts them.
CREATE OR REPLACE FUNCTION carry_inspections() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE inspections SET enterprise_id = enterprise_id
    WHERE enterprise_id = NEW.id
      AND (town_code IS DISTINCT FROM NEW.town_code OR grid_code IS DISTINCT FROM NEW.grid_code);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER enterprises_carry_inspections AFTER UPDATE ON enterprises
  FOR EACH ROW WHEN (OLD.town_code IS DISTINCT FROM NEW.town_code OR OLD.grid_code IS DISTINCT FROM NEW.grid_code)
  EXECUTE FUNCTION carry_inspections();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION carry_outlet_inspections() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE outlet_inspections SET outlet_id = outlet_id
    WHERE outlet_id = NEW.id
      AND (town_code IS DISTINCT FROM NEW.town_code OR grid_code IS DISTINCT FROM NEW.grid_code);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fireworks_outlets_carry_inspections AFTER UPDATE ON fireworks_outlets
  FOR EACH ROW WHEN (OLD.town_code IS DISTINCT FROM NEW.town_code OR OLD.grid_code IS DISTINCT FROM NEW.grid_code)
  EXECUTE FUNCTION carry_outlet_inspections();
