CREATE TABLE "enterprise_facts" (
	"enterprise_id" integer PRIMARY KEY NOT NULL,
	"last_done_on" date
);
--> statement-breakpoint
CREATE TABLE "hazard_facts" (
	"enterprise_id" integer NOT NULL,
	"town_code" text,
	"grid_code" text,
	"open" integer NOT NULL,
	"major_open" integer NOT NULL,
	"listed" integer NOT NULL,
	"open_deadlines" date[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "year_facts" (
	"enterprise_id" integer NOT NULL,
	"town_code" text,
	"grid_code" text,
	"year" integer NOT NULL,
	"hazards_found" integer NOT NULL,
	"hazards_found_closed" integer NOT NULL,
	"major_found" integer NOT NULL,
	"major_found_closed" integer NOT NULL,
	"hazards_closed" integer NOT NULL,
	"inspections_done" integer NOT NULL,
	"first_done_on" date
);
--> statement-breakpoint
ALTER TABLE "enterprise_facts" ADD CONSTRAINT "enterprise_facts_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_facts" ADD CONSTRAINT "hazard_facts_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "year_facts" ADD CONSTRAINT "year_facts_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enterprise_facts_last_done_idx" ON "enterprise_facts" USING btree ("last_done_on");--> statement-breakpoint
CREATE INDEX "hazard_facts_enterprise_idx" ON "hazard_facts" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "year_facts_year_idx" ON "year_facts" USING btree ("year");--> statement-breakpoint
CREATE INDEX "year_facts_enterprise_idx" ON "year_facts" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "drills_level_idx" ON "drills" USING btree ("level","held_on");--> statement-breakpoint
CREATE INDEX "hazards_inspection_idx" ON "hazards" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "hazards_found_on_idx" ON "hazards" USING btree ("found_on");--> statement-breakpoint
CREATE INDEX "hazards_closed_on_idx" ON "hazards" USING btree ("closed_on") WHERE closed_on IS NOT NULL;--> statement-breakpoint
CREATE INDEX "hazards_open_deadline_idx" ON "hazards" USING btree ("deadline","id") WHERE status <> 'closed';--> statement-breakpoint
CREATE INDEX "hazards_listed_deadline_idx" ON "hazards" USING btree ("deadline","id") WHERE listed_on IS NOT NULL AND delisted_on IS NULL;--> statement-breakpoint
CREATE INDEX "hazards_listed_on_idx" ON "hazards" USING btree ("listed_on") WHERE listing_round IS NOT NULL;--> statement-breakpoint
CREATE INDEX "inspections_campaign_idx" ON "inspections" USING btree ("campaign_id");--> statement-breakpoint
-- Statistics facts (docs/decisions/statistics.md): refreshed in the transaction of every write to
-- inspections and hazards by recomputing the touched enterprises' rows from their own history
-- (a few dozen rows each), so the facts are the history's, never an increment that could drift.
-- The enterprise_facts row is locked first: a concurrent refresh of the same enterprise waits,
-- and its next statement reads the history with the first one's writes committed.
CREATE OR REPLACE FUNCTION refresh_enterprise_facts(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO enterprise_facts (enterprise_id)
    SELECT e.id FROM enterprises e JOIN unnest(ids) k(id) ON k.id = e.id ORDER BY e.id
    ON CONFLICT DO NOTHING;
  PERFORM 1 FROM enterprise_facts f JOIN unnest(ids) k(id) ON k.id = f.enterprise_id
    ORDER BY f.enterprise_id FOR UPDATE OF f;

  UPDATE enterprise_facts f SET last_done_on = d.last_done_on
    FROM (
      SELECT k.id, (SELECT max(i.inspected_on) FROM inspections i
        WHERE i.enterprise_id = k.id AND i.status = 'done') AS last_done_on
      FROM unnest(ids) k(id)
    ) d
    WHERE f.enterprise_id = d.id AND f.last_done_on IS DISTINCT FROM d.last_done_on;

  DELETE FROM hazard_facts f USING unnest(ids) k(id) WHERE f.enterprise_id = k.id;
  INSERT INTO hazard_facts (enterprise_id, town_code, grid_code, open, major_open, listed, open_deadlines)
    SELECT h.enterprise_id, h.town_code, h.grid_code,
      count(*) FILTER (WHERE h.status <> 'closed'),
      count(*) FILTER (WHERE h.status <> 'closed' AND h.level = 'major'),
      count(*) FILTER (WHERE h.listed_on IS NOT NULL AND h.delisted_on IS NULL),
      coalesce(array_agg(h.deadline ORDER BY h.deadline)
        FILTER (WHERE h.status <> 'closed' AND h.deadline IS NOT NULL), '{}')
    FROM hazards h JOIN unnest(ids) k(id) ON k.id = h.enterprise_id
    WHERE h.status <> 'closed' OR (h.listed_on IS NOT NULL AND h.delisted_on IS NULL)
    GROUP BY h.enterprise_id, h.town_code, h.grid_code;

  DELETE FROM year_facts f USING unnest(ids) k(id) WHERE f.enterprise_id = k.id;
  INSERT INTO year_facts (enterprise_id, town_code, grid_code, year, hazards_found, hazards_found_closed,
      major_found, major_found_closed, hazards_closed, inspections_done, first_done_on)
    SELECT x.enterprise_id, x.town_code, x.grid_code, x.year, sum(x.found), sum(x.found_closed),
      sum(x.major_found), sum(x.major_found_closed), sum(x.closed), sum(x.done), min(x.done_on)
    FROM (
      SELECT h.enterprise_id, h.town_code, h.grid_code, extract(year FROM h.found_on)::int AS year,
        1 AS found, (h.status = 'closed')::int AS found_closed, (h.level = 'major')::int AS major_found,
        (h.level = 'major' AND h.status = 'closed')::int AS major_found_closed, 0 AS closed, 0 AS done,
        NULL::date AS done_on
      FROM hazards h JOIN unnest(ids) k(id) ON k.id = h.enterprise_id
      UNION ALL
      SELECT h.enterprise_id, h.town_code, h.grid_code, extract(year FROM h.closed_on)::int,
        0, 0, 0, 0, 1, 0, NULL
      FROM hazards h JOIN unnest(ids) k(id) ON k.id = h.enterprise_id
      WHERE h.closed_on IS NOT NULL
      UNION ALL
      SELECT i.enterprise_id, i.town_code, i.grid_code, extract(year FROM i.inspected_on)::int,
        0, 0, 0, 0, 0, 1, i.inspected_on
      FROM inspections i JOIN unnest(ids) k(id) ON k.id = i.enterprise_id
      WHERE i.status = 'done'
    ) x
    GROUP BY x.enterprise_id, x.town_code, x.grid_code, x.year;
END $$;
--> statement-breakpoint
-- The enterprises whose facts a statement may have changed: every row inserted or deleted, and
-- the rows updated in one of the columns named by the trigger's arguments (old and new enterprise).
CREATE OR REPLACE FUNCTION refresh_facts_of_changed_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[];
  old_columns text;
  new_columns text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT r.enterprise_id) INTO ids FROM new_rows r;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT r.enterprise_id) INTO ids FROM old_rows r;
  ELSE
    SELECT string_agg('o.' || quote_ident(c), ', '), string_agg('n.' || quote_ident(c), ', ')
      INTO old_columns, new_columns FROM unnest(TG_ARGV) c;
    EXECUTE format('SELECT array_agg(DISTINCT v.id) FROM old_rows o JOIN new_rows n ON n.id = o.id,
        LATERAL (VALUES (o.enterprise_id), (n.enterprise_id)) v(id)
      WHERE (o.enterprise_id, %s) IS DISTINCT FROM (n.enterprise_id, %s)', old_columns, new_columns)
      INTO ids;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM refresh_enterprise_facts(ids);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Every enterprise has its row from the start: the refresh locks it.
CREATE OR REPLACE FUNCTION create_enterprise_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO enterprise_facts (enterprise_id) SELECT r.id FROM new_rows r;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER enterprises_facts_insert AFTER INSERT ON enterprises REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION create_enterprise_facts();
--> statement-breakpoint
CREATE TRIGGER inspections_facts_insert AFTER INSERT ON inspections REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refresh_facts_of_changed_rows();
--> statement-breakpoint
CREATE TRIGGER inspections_facts_update AFTER UPDATE ON inspections REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refresh_facts_of_changed_rows('status', 'inspected_on', 'town_code', 'grid_code');
--> statement-breakpoint
CREATE TRIGGER inspections_facts_delete AFTER DELETE ON inspections REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refresh_facts_of_changed_rows();
--> statement-breakpoint
CREATE TRIGGER hazards_facts_insert AFTER INSERT ON hazards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refresh_facts_of_changed_rows();
--> statement-breakpoint
CREATE TRIGGER hazards_facts_update AFTER UPDATE ON hazards REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refresh_facts_of_changed_rows('status', 'level', 'found_on', 'closed_on',
    'deadline', 'listed_on', 'delisted_on', 'town_code', 'grid_code');
--> statement-breakpoint
CREATE TRIGGER hazards_facts_delete AFTER DELETE ON hazards REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refresh_facts_of_changed_rows();
--> statement-breakpoint
-- Backfill: every enterprise at once, planned with fresh statistics (the new indexes have none).
ANALYZE enterprises, inspections, hazards;
--> statement-breakpoint
SELECT refresh_enterprise_facts(array_agg(id)) FROM enterprises;
--> statement-breakpoint
ANALYZE enterprise_facts, hazard_facts, year_facts;
