CREATE TABLE "hazard_photos" (
	"id" serial PRIMARY KEY NOT NULL,
	"hazard_id" integer NOT NULL,
	"stage" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "client_request_id" text;--> statement-breakpoint
ALTER TABLE "hazard_photos" ADD CONSTRAINT "hazard_photos_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hazard_photos_hazard_idx" ON "hazard_photos" USING btree ("hazard_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_client_request_idx" ON "inspections" USING btree ("client_request_id");--> statement-breakpoint
-- Live updates (0001_spatial_join.sql): photo changes are announced like every other table's.
CREATE TRIGGER hazard_photos_notify AFTER INSERT OR UPDATE OR DELETE ON hazard_photos
  FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
