CREATE TABLE "fireworks_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"note" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"base" jsonb NOT NULL,
	"created_by_user_id" integer,
	"adopted_at" timestamp with time zone,
	"adopted_by_user_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outlet_inspections" (
	"id" serial PRIMARY KEY NOT NULL,
	"outlet_id" integer NOT NULL,
	"kind" text DEFAULT 'routine' NOT NULL,
	"inspected_on" date NOT NULL,
	"inspectors" text[] DEFAULT '{}' NOT NULL,
	"findings" text,
	"town_code" text,
	"grid_code" text,
	"created_by_user_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"client_request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fireworks_outlets" ALTER COLUMN "licence_no" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "outlet_cap" integer;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "fireworks_plans" ADD CONSTRAINT "fireworks_plans_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fireworks_plans" ADD CONSTRAINT "fireworks_plans_adopted_by_user_id_users_id_fk" FOREIGN KEY ("adopted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outlet_inspections" ADD CONSTRAINT "outlet_inspections_outlet_id_fireworks_outlets_id_fk" FOREIGN KEY ("outlet_id") REFERENCES "public"."fireworks_outlets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outlet_inspections" ADD CONSTRAINT "outlet_inspections_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fireworks_plans_year_name_idx" ON "fireworks_plans" USING btree ("year","name");--> statement-breakpoint
CREATE UNIQUE INDEX "outlet_inspections_client_request_idx" ON "outlet_inspections" USING btree ("client_request_id");--> statement-breakpoint
CREATE INDEX "outlet_inspections_outlet_idx" ON "outlet_inspections" USING btree ("outlet_id","inspected_on");--> statement-breakpoint
CREATE INDEX "outlet_inspections_grid_idx" ON "outlet_inspections" USING btree ("grid_code");--> statement-breakpoint
-- An outlet visit belongs where its outlet is, as an inspection belongs where its enterprise is.
CREATE OR REPLACE FUNCTION assign_town_grid_from_outlet() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT o.town_code, o.grid_code INTO NEW.town_code, NEW.grid_code
    FROM fireworks_outlets o WHERE o.id = NEW.outlet_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER outlet_inspections_assign_town_grid BEFORE INSERT OR UPDATE OF outlet_id ON outlet_inspections
  FOR EACH ROW EXECUTE FUNCTION assign_town_grid_from_outlet();
--> statement-breakpoint
-- Live updates in scope (0004): outlet visits by their outlet's place; plans are county-wide.
CREATE TRIGGER outlet_inspections_notify_insert AFTER INSERT ON outlet_inspections REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change('r.town_code', 'r.grid_code', '');
--> statement-breakpoint
CREATE TRIGGER outlet_inspections_notify_update AFTER UPDATE ON outlet_inspections REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change('r.town_code', 'r.grid_code', '');
--> statement-breakpoint
CREATE TRIGGER outlet_inspections_notify_delete AFTER DELETE ON outlet_inspections REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change('r.town_code', 'r.grid_code', '');
--> statement-breakpoint
CREATE TRIGGER fireworks_plans_notify_insert AFTER INSERT ON fireworks_plans REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change();
--> statement-breakpoint
CREATE TRIGGER fireworks_plans_notify_update AFTER UPDATE ON fireworks_plans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change();
--> statement-breakpoint
CREATE TRIGGER fireworks_plans_notify_delete AFTER DELETE ON fireworks_plans REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change();
