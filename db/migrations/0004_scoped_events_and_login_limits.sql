CREATE TABLE "login_throttle" (
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone,
	CONSTRAINT "login_throttle_kind_key_pk" PRIMARY KEY("kind","key")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "last_used_address" text;--> statement-breakpoint
-- Live updates in scope (server/events/change-hub.ts): the notification of 0001_spatial_join.sql
-- named only the table, so every subscriber heard every change. Now it carries the towns and grids
-- of the changed rows, old and new (a row moved from town A to B concerns both), as JSON
-- `{"table", "towns"?, "grids"?}`. No `towns` means everyone hears it: tables without a place, a
-- row without a town (a county-wide campaign) or more towns than fit. `towns` without `grids`
-- means every grid officer of those towns hears it (the table has no grid column, or too many
-- grids changed). Statements that changed no row notify nobody.
-- Trigger arguments: the town and grid expressions over the changed rows `r`, and a join that
-- finds them (a photo's place is its hazard's). Transition tables allow one event per trigger,
-- hence three triggers a table.
CREATE OR REPLACE FUNCTION notify_scoped_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text;
  n bigint;
  unplaced boolean;
  towns text[];
  grids text[];
  payload jsonb := jsonb_build_object('table', TG_TABLE_NAME);
BEGIN
  changed := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT * FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT * FROM old_rows'
    ELSE 'SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows' END;
  IF TG_NARGS = 0 THEN
    EXECUTE format('SELECT count(*) FROM (%s) r', changed) INTO n;
  ELSE
    EXECUTE format(
      'SELECT count(*), bool_or(%1$s IS NULL), array_agg(DISTINCT %1$s) FILTER (WHERE %1$s IS NOT NULL),
         array_agg(DISTINCT %2$s) FILTER (WHERE %2$s IS NOT NULL)
       FROM (%3$s) r %4$s', TG_ARGV[0], TG_ARGV[1], changed, TG_ARGV[2])
      INTO n, unplaced, towns, grids;
  END IF;
  IF n = 0 THEN
    RETURN NULL;
  END IF;
  IF TG_NARGS > 0 AND NOT unplaced AND cardinality(towns) <= 20 THEN
    payload := payload || jsonb_build_object('towns', to_jsonb(towns));
    IF TG_ARGV[1] <> 'NULL::text' AND cardinality(coalesce(grids, '{}')) <= 100 THEN
      payload := payload || jsonb_build_object('grids', to_jsonb(coalesce(grids, '{}')));
    END IF;
  END IF;
  PERFORM pg_notify('data_changed', payload::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
  args text;
BEGIN
  FOREACH t IN ARRAY ARRAY['regions','grids','enterprises','confined_spaces','fireworks_outlets',
    'sensitive_sites','zones','hazards','inspections','inspection_campaigns','accidents','drills',
    'annual_targets','settings','hazard_photos']
  LOOP
    args := CASE
      WHEN t IN ('regions', 'annual_targets', 'settings') THEN ''
      WHEN t = 'grids' THEN '''r.town_code'', ''r.code'', '''''
      WHEN t IN ('inspection_campaigns', 'drills') THEN '''r.town_code'', ''NULL::text'', '''''
      WHEN t = 'hazard_photos' THEN '''h.town_code'', ''h.grid_code'', ''LEFT JOIN hazards h ON h.id = r.hazard_id'''
      ELSE '''r.town_code'', ''r.grid_code'', ''''' END;
    EXECUTE format('DROP TRIGGER %I ON %I', t || '_notify', t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change(%s)', t || '_notify_insert', t, args);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change(%s)', t || '_notify_update', t, args);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change(%s)', t || '_notify_delete', t, args);
  END LOOP;
END $$;
--> statement-breakpoint
DROP FUNCTION notify_data_changed();
