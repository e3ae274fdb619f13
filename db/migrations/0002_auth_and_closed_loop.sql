ALTER TABLE "hazards" ADD COLUMN "reported_by_user_id" integer;--> statement-breakpoint
ALTER TABLE "hazards" ADD COLUMN "extension_approved_on" date;--> statement-breakpoint
ALTER TABLE "inspection_campaigns" ADD COLUMN "draw" jsonb;