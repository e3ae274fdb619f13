CREATE TABLE "accidents" (
	"id" serial PRIMARY KEY NOT NULL,
	"occurred_on" date NOT NULL,
	"enterprise_id" integer,
	"level" text NOT NULL,
	"deaths" integer DEFAULT 0 NOT NULL,
	"serious_injuries" integer DEFAULT 0 NOT NULL,
	"direct_loss_wan_yuan" numeric(12, 2) DEFAULT 0 NOT NULL,
	"description" text NOT NULL,
	"town_code" text,
	"grid_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"geom" geometry(Point,4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "annual_targets" (
	"year" integer NOT NULL,
	"key" text NOT NULL,
	"target" numeric(12, 2) NOT NULL,
	"note" text,
	CONSTRAINT "annual_targets_year_key_pk" PRIMARY KEY("year","key")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "confined_spaces" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"name" text NOT NULL,
	"space_type" text NOT NULL,
	"gases" text[] DEFAULT '{}' NOT NULL,
	"warning_sign" boolean DEFAULT false NOT NULL,
	"permit_required" boolean DEFAULT true NOT NULL,
	"outsourced" boolean DEFAULT false NOT NULL,
	"town_code" text,
	"grid_code" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"geom" geometry(Point,4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drills" (
	"id" serial PRIMARY KEY NOT NULL,
	"held_on" date NOT NULL,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"town_code" text,
	"enterprise_id" integer,
	"participants" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"id" serial PRIMARY KEY NOT NULL,
	"uscc" text NOT NULL,
	"name" text NOT NULL,
	"legal_rep" text,
	"safety_manager" text,
	"safety_phone" text,
	"address" text,
	"town_code" text,
	"grid_code" text,
	"location_source" text DEFAULT 'survey' NOT NULL,
	"employees" integer DEFAULT 0 NOT NULL,
	"above_size" boolean DEFAULT false NOT NULL,
	"sector" text NOT NULL,
	"risk_level" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"standardization_level" text DEFAULT 'none' NOT NULL,
	"standardization_on" date,
	"standardization_expiry" date,
	"dust" boolean DEFAULT false NOT NULL,
	"dust_type" text,
	"dust_workers_per_shift" integer,
	"dust_verified" boolean DEFAULT false NOT NULL,
	"dust_verified_on" date,
	"ammonia_tonnes" numeric(10, 2),
	"hazchem_key_process" boolean DEFAULT false NOT NULL,
	"hazchem_key_chemical" boolean DEFAULT false NOT NULL,
	"major_hazard_level" integer,
	"dcs" boolean DEFAULT false NOT NULL,
	"fireworks_wholesale" boolean DEFAULT false NOT NULL,
	"confined_space_demo" boolean DEFAULT false NOT NULL,
	"confined_space_demo_on" date,
	"culture_demo_level" text,
	"culture_demo_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"geom" geometry(Point,4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fireworks_outlets" (
	"id" serial PRIMARY KEY NOT NULL,
	"licence_no" text NOT NULL,
	"name" text NOT NULL,
	"operator" text,
	"phone" text,
	"address" text,
	"kind" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"floor_area_m2" numeric(8, 1) NOT NULL,
	"storage_limit_kg" numeric(8, 1),
	"dedicated_shop" boolean DEFAULT true NOT NULL,
	"shares_residence" boolean DEFAULT false NOT NULL,
	"licence_valid_from" date,
	"licence_valid_to" date,
	"supplier_enterprise_id" integer,
	"town_code" text,
	"grid_code" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"geom" geometry(Point,4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"town_code" text NOT NULL,
	"kind" text NOT NULL,
	"officer_name" text,
	"officer_phone" text,
	"synthetic_geometry" boolean DEFAULT false NOT NULL,
	"geom" geometry(MultiPolygon,4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazards" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"inspection_id" integer,
	"level" text NOT NULL,
	"status" text DEFAULT 'reported' NOT NULL,
	"category" text,
	"description" text NOT NULL,
	"found_on" date NOT NULL,
	"found_by" text,
	"deadline" date,
	"closed_on" date,
	"rectification_cost_yuan" numeric(14, 2),
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"listed_by_level" text,
	"listed_by_unit" text,
	"listing_round" text,
	"listed_on" date,
	"listing_deadline" date,
	"extension_requested_on" date,
	"extension_deadline" date,
	"delisted_on" date,
	"town_code" text,
	"grid_code" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"geom" geometry(Point,4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"organiser_level" text NOT NULL,
	"town_code" text,
	"started_on" date NOT NULL,
	"ended_on" date,
	"draw_seed" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"campaign_id" integer,
	"kind" text NOT NULL,
	"status" text DEFAULT 'done' NOT NULL,
	"inspected_on" date NOT NULL,
	"inspectors" text[] DEFAULT '{}' NOT NULL,
	"findings" text,
	"town_code" text,
	"grid_code" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"parent_code" text,
	"households" integer,
	"population" integer,
	"synthetic_geometry" boolean DEFAULT false NOT NULL,
	"seat" geometry(Point,4326),
	"geom" geometry(MultiPolygon,4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sensitive_sites" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"address" text,
	"town_code" text,
	"grid_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"geom" geometry(Point,4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"description" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"town_code" text,
	"grid_codes" text[] DEFAULT '{}' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"town_code" text,
	"grid_code" text,
	"note" text,
	"synthetic_geometry" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"geom" geometry(MultiPolygon,4326) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accidents" ADD CONSTRAINT "accidents_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confined_spaces" ADD CONSTRAINT "confined_spaces_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fireworks_outlets" ADD CONSTRAINT "fireworks_outlets_supplier_enterprise_id_enterprises_id_fk" FOREIGN KEY ("supplier_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_town_code_regions_code_fk" FOREIGN KEY ("town_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_campaign_id_inspection_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."inspection_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "confined_spaces_geom_idx" ON "confined_spaces" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "confined_spaces_enterprise_idx" ON "confined_spaces" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "confined_spaces_grid_idx" ON "confined_spaces" USING btree ("grid_code");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_uscc_idx" ON "enterprises" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "enterprises_geom_idx" ON "enterprises" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "enterprises_grid_idx" ON "enterprises" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "enterprises_town_idx" ON "enterprises" USING btree ("town_code");--> statement-breakpoint
CREATE UNIQUE INDEX "fireworks_outlets_licence_idx" ON "fireworks_outlets" USING btree ("licence_no");--> statement-breakpoint
CREATE INDEX "fireworks_outlets_geom_idx" ON "fireworks_outlets" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "fireworks_outlets_grid_idx" ON "fireworks_outlets" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "grids_geom_idx" ON "grids" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "grids_town_idx" ON "grids" USING btree ("town_code");--> statement-breakpoint
CREATE INDEX "hazards_geom_idx" ON "hazards" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "hazards_enterprise_idx" ON "hazards" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "hazards_grid_idx" ON "hazards" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "hazards_status_idx" ON "hazards" USING btree ("status");--> statement-breakpoint
CREATE INDEX "inspections_enterprise_idx" ON "inspections" USING btree ("enterprise_id","inspected_on");--> statement-breakpoint
CREATE INDEX "inspections_grid_idx" ON "inspections" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "inspections_date_idx" ON "inspections" USING btree ("inspected_on");--> statement-breakpoint
CREATE INDEX "regions_geom_idx" ON "regions" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "sensitive_sites_geom_idx" ON "sensitive_sites" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "sensitive_sites_grid_idx" ON "sensitive_sites" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "zones_geom_idx" ON "zones" USING gist ("geom");