-- CityKit's closure funnel on PostgreSQL ≥ 13: `citykit.funnel(...)` counts what `computeFunnel`
-- counts on the same raw cases and returns it in the funnel element's pre-aggregated input shape.
-- Install after citykit.sql (it uses `citykit.unit_hierarchy()`); idempotent like it:
--
--   psql -d <database> -v ON_ERROR_STOP=1 -f citykit.sql -f funnel.sql
--
-- Reads the view `citykit.cases` (one row per case, columns documented in README.md; created
-- empty when missing, for the city to point at its own tables) and the table `citykit.calendar`
-- (named working calendars, each the JavaScript `WorkingCalendar` object as jsonb).
--
-- Times are handled as the model handles them: epoch milliseconds in float8, so every duration,
-- deadline comparison and quantile is the same IEEE arithmetic as in JavaScript.

CREATE SCHEMA IF NOT EXISTS citykit;

DO $install$
BEGIN
  IF to_regclass('citykit.cases') IS NULL THEN
    CREATE VIEW citykit.cases AS
      SELECT NULL::text AS id, NULL::bigint AS ord, NULL::jsonb AS stages, NULL::jsonb AS due,
             NULL::text AS tier, NULL::text AS channel, NULL::text AS grid, NULL::text AS category,
             NULL::text AS status, NULL::text AS rating, NULL::boolean AS resolved, NULL::numeric AS reworks
      WHERE false;
  END IF;
  -- A compiled working calendar (CompiledCalendar): what citykit.working_ms_at needs per call.
  IF to_regtype('citykit.work_clock') IS NULL THEN
    CREATE TYPE citykit.work_clock AS (
      offset_ms float8,      -- local time minus UTC
      day_ms float8,         -- working milliseconds of a full working day
      weekday_works boolean[], -- by day number mod 7, + 1 (day 0, 1970-01-01, was a Thursday)
      week_prefix int[],     -- working weekdays before each position of the week, 8 entries
      holidays int[],        -- day numbers not worked (make-up days removed)
      workdays int[],        -- day numbers worked whatever their weekday
      holiday_days int[],    -- holidays on working weekdays, sorted
      makeup_days int[],     -- make-up days on non-working weekdays, sorted
      span_starts float8[],  -- working spans of a day in ms, merged and sorted: starts…
      span_ends float8[],    -- …ends…
      span_before float8[]   -- …and working ms of the day before each span
    );
  END IF;
  -- Scripts before the set-based funnel kept the spans in one list [start, end, …].
  IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'citykit.work_clock'::regclass AND attname = 'span_starts' AND NOT attisdropped) THEN
    ALTER TYPE citykit.work_clock ADD ATTRIBUTE span_starts float8[], ADD ATTRIBUTE span_ends float8[],
      ADD ATTRIBUTE span_before float8[], DROP ATTRIBUTE IF EXISTS spans;
  END IF;
  -- What every case of one call is counted against (see citykit.funnel).
  IF to_regtype('citykit.funnel_setup') IS NULL THEN
    CREATE TYPE citykit.funnel_setup AS (
      size int,
      -- Stage positions (1-based; 0 when the preset has no such stage).
      intake int, file int, dispatch int, respond int, handle int, close int,
      limit_ms float8[],        -- per stage, NULL: no limit
      limit_working boolean[],  -- per stage: the limit runs on the working clock
      now_ms float8,
      working_durations boolean,
      period_from float8, period_to float8, horizon float8,
      clock citykit.work_clock  -- NULL when nothing runs on working time
    );
  END IF;
END
$install$;

-- Named working calendars: `definition` is the JavaScript WorkingCalendar as JSON
-- ({weekdays, hours, holidays, workdays, timeZone}); `JSON.stringify(calendar)` exports one.
CREATE TABLE IF NOT EXISTS citykit.calendar (
  name text PRIMARY KEY,
  definition jsonb NOT NULL
);

-- ---- Times as the model parses them (time.ts) ------------------------------------------------

-- '+08:00', '-0530', '+08', 'Z' in milliseconds east of UTC (parseOffset); NULL when malformed.
CREATE OR REPLACE FUNCTION citykit.js_offset(text text) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN text IN ('Z', 'z') THEN 0::float8
    WHEN m IS NULL OR m[2]::int > 18 OR COALESCE(m[3], '0')::int > 59 THEN NULL
    ELSE (CASE m[1] WHEN '-' THEN -1 ELSE 1 END) * (m[2]::int * 60 + COALESCE(m[3], '0')::int) * 60000::float8
  END
  FROM regexp_match(text, '^([+-])(\d{2})(?::?(\d{2}))?$') m
$$;

-- Days in a month of the proleptic Gregorian calendar.
CREATE OR REPLACE FUNCTION citykit.days_in_month(year int, month int) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN month = 2 THEN CASE WHEN (year % 4 = 0 AND year % 100 <> 0) OR year % 400 = 0 THEN 29 ELSE 28 END
    WHEN month IN (4, 6, 9, 11) THEN 30 ELSE 31 END
$$;

-- Day number of a strict 'YYYY-MM-DD' (parseIsoDate); NULL otherwise.
CREATE OR REPLACE FUNCTION citykit.js_date(text text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  -- make_date has no year 0; year 400 starts the same 400-year cycle of 146097 days.
  SELECT (make_date(CASE WHEN m[1] = '0000' THEN 400 ELSE m[1]::int END, m[2]::int, m[3]::int)
          - DATE '1970-01-01' - CASE WHEN m[1] = '0000' THEN 146097 ELSE 0 END)::bigint
  FROM regexp_match(text, '^([0-9]{4})-([0-9]{2})-([0-9]{2})$') m
  WHERE m[2]::int BETWEEN 1 AND 12 AND m[3]::int BETWEEN 1 AND citykit.days_in_month(m[1]::int, m[2]::int)
$$;

-- The text case of js_time, in builtin expressions only, so that PostgreSQL inlines it into the
-- funnel's query (a call per stage of a million cases must cost no more than an expression): the
-- shape is checked by a match without captures, the fields are read at their positions. The
-- zone is what follows the time ('', 'Z', 'z', '±hh', '±hhmm', '±hh:mm'): ltrim(substr(s, 17), '0123456789:.,').
CREATE OR REPLACE FUNCTION citykit.js_time_text(s text, default_offset_ms float8) RETURNS float8
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    -- The shapes backends write most, YYYY-MM-DDTHH:mm:ss±hh:mm and toISOString()'s
    -- YYYY-MM-DDTHH:mm:ss.sssZ, with fields PostgreSQL reads the same way (it would raise an error
    -- on a bad one, so they are checked first): read by PostgreSQL itself, many times cheaper
    -- than the general case below. (Its reading of a time is STABLE, for the session's DateStyle
    -- and TimeZone, which these shapes with their zone do not depend on.) The checks are the
    -- cheapest exact ones measured (province values: about 2 µs a value instead of 3.5): LIKE
    -- puts every separator in its place, and a match of digit pairs each followed by at most one
    -- separator then leaves no room for anything but a digit elsewhere; the fields compare as
    -- text in byte order.
    WHEN ((s LIKE '____-__-__T__:__:__+__:__' OR s LIKE '____-__-__T__:__:__-__:__') AND s ~ '^(?:[0-9][0-9][-T:+]?)*$'
          OR s LIKE '____-__-__T__:__:__.___Z' AND s ~ '^(?:[0-9][0-9][-T:.]?)*[0-9]Z$')
         AND s NOT LIKE '0000%' AND substr(s, 6, 2) COLLATE "C" BETWEEN '01' AND '12'
         AND substr(s, 9, 2) COLLATE "C" >= '01'
         AND (substr(s, 9, 2) COLLATE "C" <= '28' OR substr(s, 9, 2) COLLATE "C" <= CASE substr(s, 6, 2) WHEN '02' THEN '28' WHEN '04' THEN '30' WHEN '06' THEN '30' WHEN '09' THEN '30' WHEN '11' THEN '30' ELSE '31' END)
         AND substr(s, 12, 2) COLLATE "C" <= '23' AND substr(s, 15, 2) COLLATE "C" <= '59' AND substr(s, 18, 2) COLLATE "C" <= '59'
         AND (octet_length(s) = 24 OR substr(s, 21, 2) COLLATE "C" <= '15' AND substr(s, 24, 2) COLLATE "C" <= '59')
      THEN round(date_part('epoch', s::timestamptz) * 1000)
    WHEN length(s) > 40 OR substr(s, 5, 1) <> substr(s, 8, 1) OR s !~
      '^[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}(?:[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:[Zz]|[+-][0-9]{2}(?::?[0-5][0-9])?)?)?$'
      OR substr(s, 6, 2) NOT BETWEEN '01' AND '12' OR substr(s, 9, 2) < '01'
      OR substr(s, 9, 2)::int > CASE
           WHEN substr(s, 6, 2) = '02' THEN 28 + ((substr(s, 1, 4)::int % 4 = 0 AND substr(s, 1, 4)::int % 100 <> 0) OR substr(s, 1, 4)::int % 400 = 0)::int
           WHEN substr(s, 6, 2) IN ('04', '06', '09', '11') THEN 30 ELSE 31 END
      OR substr(s, 12, 2) > '23' OR substr(s, 15, 2) > '59' OR substr(s, 17, 1) = ':' AND substr(s, 18, 2) > '59'
      OR length(ltrim(substr(s, 17), '0123456789:.,')) >= 3 AND substr(ltrim(substr(s, 17), '0123456789:.,'), 2, 2)::int * 60
           + CASE length(ltrim(substr(s, 17), '0123456789:.,')) WHEN 5 THEN substr(ltrim(substr(s, 17), '0123456789:.,'), 4, 2)::int WHEN 6 THEN substr(ltrim(substr(s, 17), '0123456789:.,'), 5, 2)::int ELSE 0 END > 18 * 60
      THEN 'NaN'
    ELSE (
      -- The day (make_date has no year 0; year 400 starts the same 400-year cycle), the time of day…
      (make_date(CASE WHEN substr(s, 1, 4) = '0000' THEN 400 ELSE substr(s, 1, 4)::int END, substr(s, 6, 2)::int, substr(s, 9, 2)::int)
        - DATE '1970-01-01' - CASE WHEN substr(s, 1, 4) = '0000' THEN 146097 ELSE 0 END)::bigint * 86400000
      + CASE WHEN length(s) > 10 THEN substr(s, 12, 2)::int * 3600000 + substr(s, 15, 2)::int * 60000 ELSE 0 END
      + CASE WHEN substr(s, 17, 1) = ':' THEN substr(s, 18, 2)::int * 1000 ELSE 0 END
      -- …whole milliseconds of any number of digits of a second…
      + CASE WHEN substr(s, 17, 1) = ':' AND substr(s, 20, 1) IN ('.', ',')
             THEN rpad(left(substr(s, 21, length(s) - 20 - length(ltrim(substr(s, 21), '0123456789'))), 3), 3, '0')::int
             ELSE 0 END
      )::float8
      -- …and the zone.
      - CASE
          WHEN ltrim(substr(s, 17), '0123456789:.,') = '' THEN default_offset_ms
          WHEN ltrim(substr(s, 17), '0123456789:.,') IN ('Z', 'z') THEN 0
          ELSE CASE WHEN left(ltrim(substr(s, 17), '0123456789:.,'), 1) = '-' THEN -60000::float8 ELSE 60000::float8 END
               * (substr(ltrim(substr(s, 17), '0123456789:.,'), 2, 2)::int * 60 + CASE length(ltrim(substr(s, 17), '0123456789:.,')) WHEN 5 THEN substr(ltrim(substr(s, 17), '0123456789:.,'), 4, 2)::int WHEN 6 THEN substr(ltrim(substr(s, 17), '0123456789:.,'), 5, 2)::int ELSE 0 END)
        END
  END
$$;

-- Epoch ms of a timestamp as the model reads one (parseTimestamp): the strict ISO shape
-- YYYY-MM-DD[T| ]HH:mm[:ss[.fff]][Z|±hh:mm|±hhmm|±hh] (also YYYY/MM/DD), zone-less at
-- `default_offset_ms`, or an epoch-ms number within ±8.64e15. NULL when absent (JSON null, '' or
-- SQL NULL); 'NaN' when given but unusable (the model then skips the case, or ignores a deadline).
-- Strings in other shapes that carry a zone, which the model hands to Date.parse, are 'NaN' here.
-- `text` is the value's text (`value #>> '{}'`, e.g. jsonb_each_text's column beside jsonb_each's):
-- inlined, the text is then read once per value, not once per use in the reader.
CREATE OR REPLACE FUNCTION citykit.js_time_of(value jsonb, text text, default_offset_ms float8) RETURNS float8
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN value IS NULL THEN NULL
    -- A string first: nearly every value is one.
    WHEN jsonb_typeof(value) = 'string' THEN CASE WHEN text = '' THEN NULL ELSE citykit.js_time_text(text, default_offset_ms) END
    WHEN jsonb_typeof(value) = 'number' THEN CASE WHEN abs(value::numeric) <= 8.64e15 THEN value::numeric::float8 ELSE 'NaN' END
    WHEN jsonb_typeof(value) = 'null' THEN NULL
    ELSE 'NaN'
  END
$$;

-- js_time_of a JSON value alone.
CREATE OR REPLACE FUNCTION citykit.js_time(value jsonb, default_offset_ms float8) RETURNS float8
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT citykit.js_time_of(value, value #>> '{}', default_offset_ms)
$$;

-- Epoch ms of a timestamptz (microseconds as a fraction of a millisecond).
CREATE OR REPLACE FUNCTION citykit.epoch_ms(t timestamptz) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (extract(epoch FROM t) * 1000)::float8 $$;

-- An epoch-ms time as JavaScript's toISOString() writes it.
CREATE OR REPLACE FUNCTION citykit.iso_ms(ms float8) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_char(to_timestamp(ms / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- ---- Working calendar (calendar.ts) ----------------------------------------------------------

-- A WorkingCalendar (jsonb) compiled as CompiledCalendar compiles it, with checkCalendar's rules:
-- bad entries are left out; weekdays or hours that are not a list or have no valid entry take the
-- default (Monday–Friday, 09:00–12:00 and 13:30–18:00, +08:00); holidays and make-up days are
-- strict ISO dates; a make-up day listed as a holiday too is worked. NULL gives the default.
CREATE OR REPLACE FUNCTION citykit.compile_calendar(definition jsonb) RETURNS citykit.work_clock
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  c citykit.work_clock;
  def jsonb := CASE WHEN jsonb_typeof(definition) = 'object' THEN definition ELSE '{}'::jsonb END;
  weekdays int[];
  mask boolean[] := ARRAY[false, false, false, false, false, false, false];
  merged float8[] := '{}';
  span record;
  w int;
  i int;
  holiday_set bigint[];
  makeup_set bigint[];
BEGIN
  c.offset_ms := CASE WHEN jsonb_typeof(def -> 'timeZone') = 'string' THEN citykit.js_offset(def ->> 'timeZone') END;
  c.offset_ms := COALESCE(c.offset_ms, 8 * 3600000);

  IF jsonb_typeof(def -> 'weekdays') = 'array' THEN
    SELECT array_agg(e::numeric::int ORDER BY n) INTO weekdays
    FROM jsonb_array_elements(def -> 'weekdays') WITH ORDINALITY AS x(e, n)
    WHERE jsonb_typeof(e) = 'number' AND e::numeric = trunc(e::numeric) AND e::numeric BETWEEN 1 AND 7;
  END IF;
  weekdays := COALESCE(weekdays, ARRAY[1, 2, 3, 4, 5]);
  FOREACH w IN ARRAY weekdays LOOP mask[(w + 3) % 7 + 1] := true; END LOOP;
  c.weekday_works := mask;
  c.week_prefix := ARRAY[0];
  FOR i IN 1..7 LOOP c.week_prefix := c.week_prefix || (c.week_prefix[i] + mask[i]::int); END LOOP;

  -- Working spans, sorted by start (stable) and merged as mergeSpans merges them.
  FOR span IN
    SELECT (e ->> 0)::float8 * 3600000 AS a, (e ->> 1)::float8 * 3600000 AS b
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(def -> 'hours') = 'array' THEN def -> 'hours' ELSE '[]' END) WITH ORDINALITY AS x(e, n)
    WHERE jsonb_typeof(e) = 'array' AND jsonb_array_length(e) = 2
      AND jsonb_typeof(e -> 0) = 'number' AND jsonb_typeof(e -> 1) = 'number'
      AND (e ->> 0)::numeric >= 0 AND (e ->> 1)::numeric <= 24 AND (e ->> 0)::numeric < (e ->> 1)::numeric
    ORDER BY (e ->> 0)::numeric, n
  LOOP
    i := coalesce(array_length(merged, 1), 0);
    IF i > 1 AND span.a <= merged[i] THEN merged[i] := greatest(merged[i], span.b);
    ELSE merged := merged || ARRAY[span.a, span.b];
    END IF;
  END LOOP;
  IF coalesce(array_length(merged, 1), 0) = 0 THEN
    merged := ARRAY[9 * 3600000, 12 * 3600000, 13.5 * 3600000, 18 * 3600000]::float8[];
  END IF;
  c.span_starts := '{}';
  c.span_ends := '{}';
  c.span_before := '{}';
  c.day_ms := 0;
  FOR i IN 1..array_length(merged, 1) BY 2 LOOP
    c.span_starts := c.span_starts || merged[i];
    c.span_ends := c.span_ends || merged[i + 1];
    c.span_before := c.span_before || c.day_ms;
    c.day_ms := c.day_ms + (merged[i + 1] - merged[i]);
  END LOOP;

  SELECT array_agg(DISTINCT citykit.js_date(e #>> '{}')) FILTER (WHERE citykit.js_date(e #>> '{}') IS NOT NULL) INTO makeup_set
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(def -> 'workdays') = 'array' THEN def -> 'workdays' ELSE '[]' END) e
  WHERE jsonb_typeof(e) = 'string';
  SELECT array_agg(DISTINCT citykit.js_date(e #>> '{}')) FILTER (WHERE citykit.js_date(e #>> '{}') IS NOT NULL) INTO holiday_set
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(def -> 'holidays') = 'array' THEN def -> 'holidays' ELSE '[]' END) e
  WHERE jsonb_typeof(e) = 'string';
  makeup_set := COALESCE(makeup_set, '{}');
  holiday_set := ARRAY(SELECT d FROM unnest(COALESCE(holiday_set, '{}')) d WHERE NOT d = ANY (makeup_set));
  c.workdays := makeup_set::int[];
  c.holidays := holiday_set::int[];
  c.holiday_days := ARRAY(SELECT d FROM unnest(holiday_set) d WHERE mask[(((d % 7) + 7) % 7 + 1)::int] ORDER BY d)::int[];
  c.makeup_days := ARRAY(SELECT d FROM unnest(makeup_set) d WHERE NOT mask[(((d % 7) + 7) % 7 + 1)::int] ORDER BY d)::int[];
  RETURN c;
END
$$;

-- W at local time `local` (epoch ms + offset) on local day number `day` (its floor in days).
CREATE OR REPLACE FUNCTION citykit.working_ms_on(day bigint, local float8, c citykit.work_clock) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((day - ((day % 7) + 7) % 7) / 7 * (c).week_prefix[8] + (c).week_prefix[((day % 7) + 7) % 7 + 1]
          - width_bucket((day - 1)::int, (c).holiday_days) + width_bucket((day - 1)::int, (c).makeup_days))::float8 * (c).day_ms
    + CASE
        WHEN day::int = ANY ((c).holidays) OR NOT (day::int = ANY ((c).workdays) OR (c).weekday_works[((day % 7) + 7) % 7 + 1]) THEN 0
        WHEN width_bucket(local - day * 86400000, (c).span_starts) = 0 THEN 0
        ELSE (c).span_before[width_bucket(local - day * 86400000, (c).span_starts)]
             + (least(local - day * 86400000, (c).span_ends[width_bucket(local - day * 86400000, (c).span_starts)])
                - (c).span_starts[width_bucket(local - day * 86400000, (c).span_starts)])
      END
$$;

-- W(t): cumulative working milliseconds at epoch-ms instant `t` (CompiledCalendar.workingMsAt);
-- working time between a and b is W(b) − W(a). A plain expression, which PostgreSQL inlines into
-- the funnel's query: whole working days before t's local day from the week's prefix counts and
-- binary searches (width_bucket) of the sorted holiday and make-up lists, then the working time
-- of that day before t from the spans' prefix sums — the same IEEE operations in the same order
-- as the JavaScript.
CREATE OR REPLACE FUNCTION citykit.working_ms_at(t float8, c citykit.work_clock) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT citykit.working_ms_on(floor((t + (c).offset_ms) / 86400000)::bigint, t + (c).offset_ms, c)
$$;

-- Milliseconds from a to b on the working clock (`c`) or, when `working` is false, the calendar.
CREATE OR REPLACE FUNCTION citykit.elapsed_ms(working boolean, a float8, b float8, c citykit.work_clock) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN working THEN citykit.working_ms_at(b, c) - citykit.working_ms_at(a, c) ELSE b - a END
$$;

-- ---- Presets (presets.ts) ----------------------------------------------------------------------

-- The stages of a preset in order, with their roles.
CREATE OR REPLACE FUNCTION citykit.funnel_stages(preset text)
RETURNS TABLE (k int, key text, roles text[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT s.k, s.key, s.roles FROM (VALUES
    ('city-management', 1, 'report', ARRAY['intake']), ('city-management', 2, 'file', ARRAY[]::text[]),
    ('city-management', 3, 'dispatch', ARRAY['dispatch']), ('city-management', 4, 'handle', ARRAY['handle']),
    ('city-management', 5, 'feedback', ARRAY[]::text[]), ('city-management', 6, 'verify', ARRAY['close']),
    ('city-management', 7, 'evaluate', ARRAY['evaluate']),
    ('hotline-12345', 1, 'accept', ARRAY['intake']), ('hotline-12345', 2, 'dispatch', ARRAY['dispatch']),
    ('hotline-12345', 3, 'handle', ARRAY['respond', 'handle']), ('hotline-12345', 4, 'reply', ARRAY[]::text[]),
    ('hotline-12345', 5, 'supervise', ARRAY[]::text[]), ('hotline-12345', 6, 'complete', ARRAY['close']),
    ('hotline-12345', 7, 'revisit', ARRAY[]::text[]), ('hotline-12345', 8, 'rate', ARRAY['evaluate']),
    ('problem-list', 1, 'collect', ARRAY['intake']), ('problem-list', 2, 'sort', ARRAY[]::text[]),
    ('problem-list', 3, 'register', ARRAY[]::text[]), ('problem-list', 4, 'rectify', ARRAY['handle']),
    ('problem-list', 5, 'review', ARRAY['close']), ('problem-list', 6, 'publish', ARRAY[]::text[])
  ) AS s(preset, k, key, roles)
  WHERE s.preset = funnel_stages.preset
  ORDER BY s.k
$$;

-- Base figures in the order of BASE_FIGURE_KEYS (indicators.ts).
CREATE OR REPLACE FUNCTION citykit.funnel_figure_keys() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY['received', 'filed', 'dispatched', 'accuratelyDispatched', 'responded', 'respondedOnTime',
               'shouldHandle', 'handled', 'handledOnTime', 'shouldClose', 'closed', 'closedOnTime', 'reworked',
               'extended', 'rated', 'satisfied', 'basicallySatisfied', 'satisfiedAll', 'resolutionRated', 'resolved']
$$;

-- The per-case PL/pgSQL of scripts before the set-based funnel.
DROP FUNCTION IF EXISTS citykit.funnel_case(citykit.funnel_setup, float8[], float8[], int, float8, int, int);
DROP FUNCTION IF EXISTS citykit.funnel_is_due(citykit.funnel_setup, float8[], float8[], int, float8, boolean, int);
DROP FUNCTION IF EXISTS citykit.funnel_late_at(citykit.funnel_setup, float8[], float8[], int, float8);
DROP FUNCTION IF EXISTS citykit.funnel_due_by(citykit.funnel_setup, float8[], float8[], int);

-- Bit `b` when `cond` holds (NULL counts as false), for the funnel's row flags.
CREATE OR REPLACE FUNCTION citykit.funnel_bit(b int, cond boolean) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN cond THEN 1::bigint << b ELSE 0 END $$;

-- ---- The funnel ------------------------------------------------------------------------------

-- A filter list as checkFilter reads one: text or a list of text (`allowed` values only, when
-- given). NULL: no filter by it (unset, or nothing usable); '{}': an empty list, which matches
-- no case.
CREATE OR REPLACE FUNCTION citykit.funnel_filter_list(value jsonb, allowed text[] DEFAULT NULL) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN value IS NULL OR jsonb_typeof(value) = 'null' THEN NULL
    WHEN jsonb_typeof(value) = 'string' THEN
      CASE WHEN allowed IS NULL OR value #>> '{}' = ANY (allowed) THEN ARRAY[value #>> '{}'] END
    WHEN jsonb_typeof(value) = 'array' THEN (
      SELECT CASE WHEN count(*) = 0 THEN '{}'::text[]
                  ELSE NULLIF(COALESCE(array_agg(e #>> '{}') FILTER (WHERE jsonb_typeof(e) = 'string'
                                 AND (allowed IS NULL OR e #>> '{}' = ANY (allowed))), '{}'), '{}') END
      FROM jsonb_array_elements(value) e)
  END
$$;

-- The closure funnel of the cases in `citykit.cases`, as `computeFunnel(cases, {preset, period:
-- {from: period_from, to: period_to}, now, filter, limits, calendar, durationClock, timeZone})`
-- counts it, in the funnel element's pre-aggregated input shape:
--   {preset, total, stages: [{key, count, onTime, overdue, arrivedOnTime, pending, shouldReach,
--    dropped: {void, parked, extended, returned}, reworks, reworkedCases, medianHours, p90Hours,
--    clock, pendingOverdue, noDeadline, skipped, durations}], figures: {received, …},
--    ratings: {satisfied, basically-satisfied, dissatisfied}, resolution: {resolved, unresolved},
--    now, period}
-- - Stage counts cover every case in scope; the base figures (and so the indicators) cover the
--   period [period_from, period_to) with carry-over (figures.ts). Both NULL, or from after to: all time.
-- - `unit`: only cases whose `grid` is that unit or lies below it (citykit.units' parent chain).
-- - `options`: `filter` {tier, channel, grid, category, from, to}, `limits` {stageKey: {hours |
--   days, clock}}, `calendar` (a name in citykit.calendar, or a WorkingCalendar object),
--   `durationClock` ('calendar' | 'working'), `timeZone` (offset of zone-less times, '+08:00'
--   by default) — as computeFunnel's options of the same names.
-- - A case is counted as the model counts it: skipped when `stages` is not an object, a stage
--   time is unusable or no stage is reached; of an id given more than once only the valid record
--   with the largest `ord` counts; unknown stage keys, unusable deadlines and values ignored.
CREATE OR REPLACE FUNCTION citykit.funnel(
  preset text,
  period_from timestamptz,
  period_to timestamptz,
  unit text DEFAULT NULL,
  now timestamptz DEFAULT now(),
  options jsonb DEFAULT '{}'
) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  opt jsonb := CASE WHEN jsonb_typeof(options) = 'object' THEN options ELSE '{}'::jsonb END;
  case_filter jsonb := CASE WHEN jsonb_typeof(options -> 'filter') = 'object' THEN options -> 'filter' END;
  s citykit.funnel_setup;
  keys text[];
  calendar_def jsonb;
  calendar_given boolean;
  offset_ms float8;
  limits jsonb := CASE WHEN jsonb_typeof(options -> 'limits') = 'object' THEN options -> 'limits' END;
  lim jsonb;
  amount jsonb;
  days boolean;
  duration_clock text;
  filter_from float8;
  filter_to float8;
  tiers text[] := citykit.funnel_filter_list(case_filter -> 'tier', ARRAY['big', 'small', 'micro']);
  channels text[] := citykit.funnel_filter_list(case_filter -> 'channel');
  grids text[] := citykit.funnel_filter_list(case_filter -> 'grid');
  categories text[] := citykit.funnel_filter_list(case_filter -> 'category');
  scope text[];
  -- Per stage, from the count.
  reached float8[]; skipped float8[]; on_time float8[]; late float8[]; no_deadline float8[];
  arrived float8[]; pending float8[]; pending_overdue float8[]; missing float8[]; late_through float8[];
  reworked float8[]; reworks float8[]; median float8[]; p90 float8[]; durations float8[]; due_seen boolean[];
  dropped jsonb[];
  figure_sums numeric[];
  case_sums numeric[];
  total bigint;
  ratings jsonb;
  resolution jsonb;
  available text[];
  figures jsonb := '{}';
  stages jsonb := '[]';
  carry float8 := 0;
  should_reach float8;
BEGIN
  SELECT array_agg(st.key ORDER BY st.k) INTO keys FROM citykit.funnel_stages(preset) st;
  IF keys IS NULL THEN
    RAISE EXCEPTION 'unknown preset % (expected city-management | hotline-12345 | problem-list)', quote_nullable(preset);
  END IF;
  s.size := array_length(keys, 1);
  SELECT COALESCE(min(st.k) FILTER (WHERE 'intake' = ANY (st.roles)), 0),
         COALESCE(min(st.k) FILTER (WHERE st.key = 'file' AND preset = 'city-management'), 0),
         COALESCE(min(st.k) FILTER (WHERE 'dispatch' = ANY (st.roles)), 0),
         COALESCE(min(st.k) FILTER (WHERE 'respond' = ANY (st.roles)), 0),
         COALESCE(min(st.k) FILTER (WHERE 'handle' = ANY (st.roles)), 0),
         COALESCE(min(st.k) FILTER (WHERE 'close' = ANY (st.roles)), 0)
    INTO s.intake, s.file, s.dispatch, s.respond, s.handle, s.close
  FROM citykit.funnel_stages(preset) st;

  -- Calendar: a named one, or the object itself; anything else is no calendar (as checkCalendar).
  IF jsonb_typeof(opt -> 'calendar') = 'string' THEN
    SELECT c.definition INTO calendar_def FROM citykit.calendar c WHERE c.name = opt ->> 'calendar';
    IF calendar_def IS NULL THEN
      RAISE EXCEPTION 'no working calendar named % in citykit.calendar', quote_literal(opt ->> 'calendar');
    END IF;
  ELSIF jsonb_typeof(opt -> 'calendar') = 'object' THEN
    calendar_def := opt -> 'calendar';
  END IF;
  calendar_given := calendar_def IS NOT NULL;
  IF calendar_given THEN s.clock := citykit.compile_calendar(calendar_def); END IF;

  -- Limits per stage (readLimits): {hours} or {days} ≥ 0, on the working clock with clock 'working'.
  s.limit_ms := array_fill(NULL::float8, ARRAY[s.size]);
  s.limit_working := array_fill(false, ARRAY[s.size]);
  FOR k IN 1..s.size LOOP
    lim := limits -> keys[k];
    CONTINUE WHEN jsonb_typeof(lim) IS DISTINCT FROM 'object';
    amount := CASE WHEN jsonb_typeof(lim -> 'hours') IN ('null') OR NOT lim ? 'hours' THEN lim -> 'days' ELSE lim -> 'hours' END;
    CONTINUE WHEN jsonb_typeof(amount) IS DISTINCT FROM 'number' OR amount::numeric < 0;
    days := NOT lim ? 'hours';
    s.limit_working[k] := lim -> 'clock' = '"working"'::jsonb;
    IF s.limit_working[k] AND s.clock IS NULL THEN s.clock := citykit.compile_calendar(NULL); END IF;
    s.limit_ms[k] := amount::numeric::float8 * CASE
      WHEN s.limit_working[k] THEN CASE WHEN days THEN (s.clock).day_ms ELSE 3600000 END
      ELSE CASE WHEN days THEN 86400000 ELSE 3600000 END END;
  END LOOP;

  duration_clock := CASE WHEN opt ->> 'durationClock' IN ('calendar', 'working') THEN opt ->> 'durationClock'
                         WHEN calendar_given THEN 'working' ELSE 'calendar' END;
  s.working_durations := duration_clock = 'working';
  IF s.working_durations AND s.clock IS NULL THEN s.clock := citykit.compile_calendar(NULL); END IF;

  offset_ms := CASE WHEN opt ? 'timeZone' THEN COALESCE(citykit.js_offset(opt ->> 'timeZone'), 8 * 3600000)
                    ELSE COALESCE((s.clock).offset_ms, 8 * 3600000) END;
  s.now_ms := citykit.epoch_ms(COALESCE(funnel.now, pg_catalog.now()));
  IF period_from IS NOT NULL AND period_to IS NOT NULL AND period_from <= period_to THEN
    s.period_from := citykit.epoch_ms(period_from);
    s.period_to := citykit.epoch_ms(period_to);
  ELSE
    s.period_from := '-Infinity';
    s.period_to := 'Infinity';
  END IF;
  s.horizon := least(s.period_to, s.now_ms);

  filter_from := COALESCE(nullif(citykit.js_time(case_filter -> 'from', offset_ms), 'NaN'), '-Infinity');
  filter_to := COALESCE(nullif(citykit.js_time(case_filter -> 'to', offset_ms), 'NaN'), 'Infinity');
  IF unit IS NOT NULL THEN
    WITH RECURSIVE below AS (
      SELECT unit AS id
      UNION
      SELECT h.id FROM citykit.unit_hierarchy() h JOIN below b ON h.parent = b.id
    )
    SELECT array_agg(id) INTO scope FROM below;
  END IF;

  -- Set-based: each case's stage times are read once into arrays, unnested into one row per stage
  -- of a case, and counted by window functions over a case's rows (the next stage reached, the
  -- first late move, the last stage with a deadline) and one GROUP BY stage. Nothing loops per case.
  WITH stage AS (
    SELECT st.k, st.key FROM citykit.funnel_stages(preset) st
  ), read AS (
    -- A case's stage times and deadlines as columns, one per stage position (a preset has at most
    -- 8 stages; past its last one the key is NULL and so is the column), not as rows of a stage
    -- list aggregated back into arrays: per case a few plain expressions instead of a subquery,
    -- an aggregate and three sorts (with the cheaper checks in js_time_text: 68 to 50 s of server
    -- CPU per million province cases, measured side by side).
    SELECT c.id::text AS id, c.ord, c.tier::text AS tier, c.channel::text AS channel, c.grid::text AS grid,
           c.category::text AS category, c.status::text AS status, c.rating::text AS rating,
           c.resolved::boolean AS resolved, c.reworks::numeric AS reworks,
           (ARRAY[x.t1, x.t2, x.t3, x.t4, x.t5, x.t6, x.t7, x.t8])[1:s.size] AS times,
           (ARRAY[x.d1, x.d2, x.d3, x.d4, x.d5, x.d6, x.d7, x.d8])[1:s.size] AS dues,
           (ARRAY[x.t1 IS NOT NULL, x.t2 IS NOT NULL, x.t3 IS NOT NULL, x.t4 IS NOT NULL, x.t5 IS NOT NULL, x.t6 IS NOT NULL, x.t7 IS NOT NULL, x.t8 IS NOT NULL])[1:s.size] AS reached,
           ARRAY[x.t1, x.t2, x.t3, x.t4, x.t5, x.t6, x.t7, x.t8] @> ARRAY['NaN'::float8] AS broken,
           CASE WHEN x.t1 IS NOT NULL THEN 1 WHEN x.t2 IS NOT NULL THEN 2 WHEN x.t3 IS NOT NULL THEN 3 WHEN x.t4 IS NOT NULL THEN 4 WHEN x.t5 IS NOT NULL THEN 5 WHEN x.t6 IS NOT NULL THEN 6 WHEN x.t7 IS NOT NULL THEN 7 WHEN x.t8 IS NOT NULL THEN 8 END AS first_k,
           CASE WHEN x.t8 IS NOT NULL THEN 8 WHEN x.t7 IS NOT NULL THEN 7 WHEN x.t6 IS NOT NULL THEN 6 WHEN x.t5 IS NOT NULL THEN 5 WHEN x.t4 IS NOT NULL THEN 4 WHEN x.t3 IS NOT NULL THEN 3 WHEN x.t2 IS NOT NULL THEN 2 WHEN x.t1 IS NOT NULL THEN 1 END AS cur,
           CASE WHEN x.d1 IS NOT NULL THEN 1 ELSE 0 END | CASE WHEN x.d2 IS NOT NULL THEN 2 ELSE 0 END | CASE WHEN x.d3 IS NOT NULL THEN 4 ELSE 0 END | CASE WHEN x.d4 IS NOT NULL THEN 8 ELSE 0 END | CASE WHEN x.d5 IS NOT NULL THEN 16 ELSE 0 END | CASE WHEN x.d6 IS NOT NULL THEN 32 ELSE 0 END | CASE WHEN x.d7 IS NOT NULL THEN 64 ELSE 0 END | CASE WHEN x.d8 IS NOT NULL THEN 128 ELSE 0 END AS due_mask
    FROM citykit.cases c,
    LATERAL (
      -- Each value beside its text (-> gives NULL on a `due` that is no object).
      SELECT
           c.stages -> keys[1] AS v1, c.stages ->> keys[1] AS s1, c.due -> keys[1] AS w1, c.due ->> keys[1] AS u1,
           c.stages -> keys[2] AS v2, c.stages ->> keys[2] AS s2, c.due -> keys[2] AS w2, c.due ->> keys[2] AS u2,
           c.stages -> keys[3] AS v3, c.stages ->> keys[3] AS s3, c.due -> keys[3] AS w3, c.due ->> keys[3] AS u3,
           c.stages -> keys[4] AS v4, c.stages ->> keys[4] AS s4, c.due -> keys[4] AS w4, c.due ->> keys[4] AS u4,
           c.stages -> keys[5] AS v5, c.stages ->> keys[5] AS s5, c.due -> keys[5] AS w5, c.due ->> keys[5] AS u5,
           c.stages -> keys[6] AS v6, c.stages ->> keys[6] AS s6, c.due -> keys[6] AS w6, c.due ->> keys[6] AS u6,
           c.stages -> keys[7] AS v7, c.stages ->> keys[7] AS s7, c.due -> keys[7] AS w7, c.due ->> keys[7] AS u7,
           c.stages -> keys[8] AS v8, c.stages ->> keys[8] AS s8, c.due -> keys[8] AS w8, c.due ->> keys[8] AS u8
      OFFSET 0  -- as columns, so that the reader inlined below reads each text once
    ) j,
    LATERAL (
      SELECT
           citykit.js_time_of(j.v1, j.s1, offset_ms) AS t1, nullif(citykit.js_time_of(j.w1, j.u1, offset_ms), 'NaN') AS d1,
           citykit.js_time_of(j.v2, j.s2, offset_ms) AS t2, nullif(citykit.js_time_of(j.w2, j.u2, offset_ms), 'NaN') AS d2,
           citykit.js_time_of(j.v3, j.s3, offset_ms) AS t3, nullif(citykit.js_time_of(j.w3, j.u3, offset_ms), 'NaN') AS d3,
           citykit.js_time_of(j.v4, j.s4, offset_ms) AS t4, nullif(citykit.js_time_of(j.w4, j.u4, offset_ms), 'NaN') AS d4,
           citykit.js_time_of(j.v5, j.s5, offset_ms) AS t5, nullif(citykit.js_time_of(j.w5, j.u5, offset_ms), 'NaN') AS d5,
           citykit.js_time_of(j.v6, j.s6, offset_ms) AS t6, nullif(citykit.js_time_of(j.w6, j.u6, offset_ms), 'NaN') AS d6,
           citykit.js_time_of(j.v7, j.s7, offset_ms) AS t7, nullif(citykit.js_time_of(j.w7, j.u7, offset_ms), 'NaN') AS d7,
           citykit.js_time_of(j.v8, j.s8, offset_ms) AS t8, nullif(citykit.js_time_of(j.w8, j.u8, offset_ms), 'NaN') AS d8
      OFFSET 0  -- read each time once, not once per use above
    ) x
    WHERE jsonb_typeof(c.stages) = 'object'
  ), valid AS (
    SELECT * FROM read WHERE NOT broken AND cur IS NOT NULL
  ), seen AS (
    -- Stages some valid case carries a deadline for (all cases, before the id and scope rules).
    SELECT COALESCE(bit_or(due_mask), 0) AS mask FROM valid
  ), kept AS (
    -- Of an id given more than once, its last valid record (largest ord).
    -- (Ids compare as JavaScript compares strings, byte for byte: no locale in the sort.)
    SELECT v.*, row_number() OVER (PARTITION BY v.id COLLATE "C" ORDER BY v.ord DESC NULLS LAST) AS rank
    FROM valid v
  ), scoped AS (
    SELECT row_number() OVER () AS n, kp.times, kp.dues, kp.reached, kp.cur, x.status_code, x.rework_count,
           -- The stage the case is in is past its own deadline or limit at `now`.
           CASE WHEN kp.dues[kp.cur] IS NOT NULL THEN s.now_ms > kp.dues[kp.cur]
                WHEN s.limit_ms[kp.cur] IS NOT NULL
                  THEN citykit.elapsed_ms(s.limit_working[kp.cur], kp.times[kp.cur], s.now_ms, s.clock) > s.limit_ms[kp.cur]
                ELSE false END AS overdue_here,
           -- What the case adds once (on its first stage's row): in scope, rating, resolution and
           -- the base figures that need nothing but its own times (bit layout: see `flagged`).
           citykit.funnel_bit(16, true)
           | citykit.funnel_bit(17, x.rating_code = 0) | citykit.funnel_bit(18, x.rating_code = 1) | citykit.funnel_bit(19, x.rating_code = 2)
           | citykit.funnel_bit(20, x.resolved_code = 1) | citykit.funnel_bit(21, x.resolved_code = 0)
           | citykit.funnel_bit(24, kp.times[s.intake] >= s.period_from AND kp.times[s.intake] < s.period_to)
           | citykit.funnel_bit(25, kp.times[s.file] >= s.period_from AND kp.times[s.file] < s.period_to)
           | citykit.funnel_bit(26, kp.times[s.dispatch] >= s.period_from AND kp.times[s.dispatch] < s.period_to)
           | citykit.funnel_bit(27, kp.times[s.dispatch] >= s.period_from AND kp.times[s.dispatch] < s.period_to AND x.rework_count = 0)
           | citykit.funnel_bit(28, kp.times[s.respond] >= s.period_from AND kp.times[s.respond] < s.period_to)
           | CASE WHEN kp.times[kp.cur] >= s.period_from AND kp.times[kp.cur] < s.period_to
                  THEN citykit.funnel_bit(37, x.status_code = 3) | citykit.funnel_bit(38, x.rating_code >= 0)
                       | citykit.funnel_bit(39, x.rating_code = 0) | citykit.funnel_bit(40, x.rating_code = 1)
                       | citykit.funnel_bit(41, x.rating_code IN (0, 1)) | citykit.funnel_bit(42, x.resolved_code >= 0)
                       | citykit.funnel_bit(43, x.resolved_code = 1)
                  ELSE 0 END AS case_bits
    FROM kept kp,
    LATERAL (SELECT CASE kp.status WHEN 'void' THEN 1 WHEN 'parked' THEN 2 WHEN 'extended' THEN 3 WHEN 'returned' THEN 4 ELSE 0 END AS status_code,
                    CASE kp.rating WHEN 'satisfied' THEN 0 WHEN 'basically-satisfied' THEN 1 WHEN 'dissatisfied' THEN 2 ELSE -1 END AS rating_code,
                    CASE kp.resolved WHEN true THEN 1 WHEN false THEN 0 ELSE -1 END AS resolved_code,
                    CASE WHEN kp.reworks = trunc(kp.reworks) AND kp.reworks BETWEEN 0 AND 9007199254740991 THEN kp.reworks::float8 ELSE 0 END AS rework_count) x
    WHERE (kp.id IS NULL OR kp.id = '' OR kp.rank = 1)
      AND (scope IS NULL OR kp.grid = ANY (scope))
      AND (tiers IS NULL OR kp.tier = ANY (tiers))
      AND (channels IS NULL OR kp.channel = ANY (channels))
      AND (grids IS NULL OR kp.grid = ANY (grids))
      AND (categories IS NULL OR kp.category = ANY (categories))
      AND (filter_from = '-Infinity' AND filter_to = 'Infinity'
           OR kp.times[kp.first_k] >= filter_from AND kp.times[kp.first_k] < filter_to)
  ), step AS (
    -- One row per stage of a case, with the move from it to the next stage the case reached
    -- (NULL: none): late against the stage's deadline, else its limit, and its duration on the
    -- duration clock; and whether the stage is past due at the horizon (NULL: it has neither a
    -- deadline nor a limit; FigureCounter.isDue).
    SELECT m.n, m.k, m.t, m.due, m.next_k, m.cur, m.status_code, m.rework_count, m.overdue_here, m.case_bits,
           CASE WHEN m.t IS NULL OR m.next_k IS NULL THEN NULL
                WHEN m.due IS NOT NULL THEN m.next_t > m.due
                WHEN s.limit_ms[m.k] IS NOT NULL
                  THEN citykit.elapsed_ms(s.limit_working[m.k], m.t, m.next_t, s.clock) > s.limit_ms[m.k]
                ELSE false END AS late_out,
           CASE WHEN m.t IS NOT NULL AND m.next_k IS NOT NULL
                THEN CASE WHEN s.working_durations THEN citykit.elapsed_ms(true, m.t, m.next_t, s.clock)
                          ELSE m.next_t - m.t END END AS spent,
           CASE WHEN m.due IS NOT NULL THEN s.horizon > m.due
                WHEN s.limit_ms[m.k] IS NULL THEN NULL
                WHEN m.t IS NULL THEN false
                ELSE citykit.elapsed_ms(s.limit_working[m.k], m.t, s.horizon, s.clock) > s.limit_ms[m.k] END AS due_at_horizon,
           m.next_t
    FROM (
      SELECT c.n, u.k::int AS k, u.t, u.due, c.cur, c.status_code, c.rework_count, c.overdue_here,
             CASE WHEN u.k = 1 THEN c.case_bits ELSE 0 END AS case_bits,
             array_position(c.reached, true, u.k::int + 1) AS next_k,
             c.times[array_position(c.reached, true, u.k::int + 1)] AS next_t
      FROM scoped c, unnest(c.times, c.dues) WITH ORDINALITY AS u(t, due, k)
      OFFSET 0  -- the next stage once per row
    ) m
  ), counted AS (
    -- Over a case's rows: the first stage entered after a missed deadline (size + 1: none), the
    -- furthest stage after the current one whose deadline has passed, and whether the last stage
    -- up to the handle stage / before the close stage with a deadline or a limit is past due
    -- (as 2 × stage + verdict, the largest stage wins).
    SELECT m.*, CASE WHEN m.spent >= 0 THEN m.spent / 3600000 END AS hours,
           COALESCE(min(m.next_k) FILTER (WHERE m.late_out) OVER w, s.size + 1) AS missed_from,
           max(m.k) FILTER (WHERE m.k > m.cur AND m.k < s.size AND s.now_ms > m.due) OVER w AS due_passed,
           max(m.k * 2 + m.due_at_horizon::int) FILTER (WHERE m.k <= s.handle) OVER w % 2 = 1 AS handle_due,
           max(m.k * 2 + m.due_at_horizon::int) FILTER (WHERE m.k < s.close) OVER w % 2 = 1 AS close_due
    FROM step m
    WINDOW w AS (PARTITION BY m.n)
  ), flagged AS (
    -- What each row counts, as bits: per stage 0 reached, 1 skipped, 2 on time, 3 late, 4 no
    -- deadline, 5 arrived on time, 6 pending, 7 pending overdue, 8 missing, 9 late through,
    -- 10 reworked, 11 where its reworks count, 12–15 dropped (void, parked, extended, returned);
    -- per case 16 in scope, 17–19 ratings, 20–21 resolution, 24–43 the base figures in the order
    -- of citykit.funnel_figure_keys(). Rows are then counted by (stage, bits): a handful of
    -- groups, one count per row.
    SELECT b.k, b.hours, CASE WHEN b.rework_count > 0 AND b.k = CASE WHEN s.handle > 0 THEN s.handle ELSE b.cur END THEN b.rework_count END AS reworks,
           b.case_bits
           | citykit.funnel_bit(0, b.t IS NOT NULL) | citykit.funnel_bit(1, b.t IS NULL AND b.k < b.cur)
           | citykit.funnel_bit(2, NOT b.late_out) | citykit.funnel_bit(3, b.late_out)
           | citykit.funnel_bit(4, b.late_out IS NOT NULL AND b.due IS NULL AND s.limit_ms[b.k] IS NULL)
           | citykit.funnel_bit(5, b.t IS NOT NULL AND b.k < b.missed_from)
           | citykit.funnel_bit(6, b.k = b.cur AND b.behind IS NOT NULL) | citykit.funnel_bit(7, b.k = b.cur AND b.behind > 0)
           | citykit.funnel_bit(8, b.k > b.cur AND b.k <= b.behind + 1) | citykit.funnel_bit(9, b.behind > 0 AND b.k = b.behind + 1)
           | citykit.funnel_bit(10, b.rework_count > 0 AND b.t IS NOT NULL)
           | citykit.funnel_bit(11, b.rework_count > 0 AND b.k = CASE WHEN s.handle > 0 THEN s.handle ELSE b.cur END)
           | CASE WHEN b.k = b.cur AND b.status_code > 0 THEN citykit.funnel_bit(11 + b.status_code, true) ELSE 0 END
           -- respondedOnTime: responded in the period before any missed deadline.
           | CASE WHEN b.k = 1 THEN citykit.funnel_bit(29, b.case_bits & citykit.funnel_bit(28, true) <> 0 AND s.respond < b.missed_from) ELSE 0 END
           -- handled, shouldHandle (handled in the period, or due in it), handledOnTime, reworked.
           | CASE WHEN b.k = s.handle THEN
               citykit.funnel_bit(31, b.handled_in) | citykit.funnel_bit(32, b.handled_in AND NOT COALESCE(b.late_out, false))
               | citykit.funnel_bit(36, b.handled_in AND b.rework_count > 0)
               | citykit.funnel_bit(30, b.handled_in OR NOT COALESCE(CASE WHEN b.t IS NOT NULL THEN b.next_t END < s.period_from OR b.status_code > 0, false)
                                                        AND b.handle_due)
             ELSE 0 END
           -- closed, closedOnTime, shouldClose (closed in the period, or due in it).
           | CASE WHEN b.k = s.close THEN
               citykit.funnel_bit(34, b.closed_in) | citykit.funnel_bit(35, b.closed_in AND s.close < b.missed_from)
               | citykit.funnel_bit(33, b.closed_in OR s.close > 1 AND NOT COALESCE(b.t < s.period_from OR b.status_code > 0, false) AND b.close_due)
             ELSE 0 END AS bits
    FROM (
      SELECT c.*,
             CASE WHEN c.status_code = 0 AND c.cur < s.size THEN COALESCE(c.due_passed, CASE WHEN c.overdue_here THEN c.cur ELSE 0 END) END AS behind,
             COALESCE(c.t IS NOT NULL AND c.next_t >= s.period_from AND c.next_t < s.period_to, false) AS handled_in,
             COALESCE(c.t >= s.period_from AND c.t < s.period_to, false) AS closed_in
      FROM counted c
    ) b
  ), grouped AS (
    SELECT f.k, f.bits, count(*) AS cases, sum(f.reworks) AS reworks FROM flagged f GROUP BY f.k, f.bits
  ), per_stage AS (
    SELECT g.k,
           sum(g.cases) FILTER (WHERE g.bits & 1 <> 0) AS reached, sum(g.cases) FILTER (WHERE g.bits & 2 <> 0) AS skipped,
           sum(g.cases) FILTER (WHERE g.bits & 4 <> 0) AS on_time, sum(g.cases) FILTER (WHERE g.bits & 8 <> 0) AS late,
           sum(g.cases) FILTER (WHERE g.bits & 16 <> 0) AS no_deadline, sum(g.cases) FILTER (WHERE g.bits & 32 <> 0) AS arrived,
           sum(g.cases) FILTER (WHERE g.bits & 64 <> 0) AS pending, sum(g.cases) FILTER (WHERE g.bits & 128 <> 0) AS pending_overdue,
           sum(g.cases) FILTER (WHERE g.bits & 256 <> 0) AS missing, sum(g.cases) FILTER (WHERE g.bits & 512 <> 0) AS late_through,
           sum(g.cases) FILTER (WHERE g.bits & 1024 <> 0) AS reworked, sum(g.reworks) AS reworks,
           jsonb_build_object('void', COALESCE(sum(g.cases) FILTER (WHERE g.bits & 4096 <> 0), 0),
                              'parked', COALESCE(sum(g.cases) FILTER (WHERE g.bits & 8192 <> 0), 0),
                              'extended', COALESCE(sum(g.cases) FILTER (WHERE g.bits & 16384 <> 0), 0),
                              'returned', COALESCE(sum(g.cases) FILTER (WHERE g.bits & 32768 <> 0), 0)) AS dropped
    FROM grouped g GROUP BY g.k
  ), quantiles AS (
    SELECT f.k, percentile_cont(0.5) WITHIN GROUP (ORDER BY f.hours) AS median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY f.hours) AS p90, count(*) AS durations
    FROM flagged f WHERE f.hours IS NOT NULL GROUP BY f.k
  ), case_totals AS (
    -- Per bit from 16 on: how many cases carry it.
    SELECT array_agg((SELECT COALESCE(sum(g.cases), 0) FROM grouped g WHERE g.bits & citykit.funnel_bit(b.i, true) <> 0) ORDER BY b.i) AS sums
    FROM generate_series(16, 43) b(i)
  )
  SELECT array_agg(COALESCE(p.reached, 0) ORDER BY st.k), array_agg(COALESCE(p.skipped, 0) ORDER BY st.k),
         array_agg(COALESCE(p.on_time, 0) ORDER BY st.k), array_agg(COALESCE(p.late, 0) ORDER BY st.k),
         array_agg(COALESCE(p.no_deadline, 0) ORDER BY st.k), array_agg(COALESCE(p.arrived, 0) ORDER BY st.k),
         array_agg(COALESCE(p.pending, 0) ORDER BY st.k), array_agg(COALESCE(p.pending_overdue, 0) ORDER BY st.k),
         array_agg(COALESCE(p.missing, 0) ORDER BY st.k), array_agg(COALESCE(p.late_through, 0) ORDER BY st.k),
         array_agg(COALESCE(p.reworked, 0) ORDER BY st.k), array_agg(COALESCE(p.reworks, 0) ORDER BY st.k),
         array_agg(q.median ORDER BY st.k), array_agg(q.p90 ORDER BY st.k), array_agg(COALESCE(q.durations, 0) ORDER BY st.k),
         array_agg(COALESCE(p.dropped, '{"void": 0, "parked": 0, "extended": 0, "returned": 0}') ORDER BY st.k),
         array_agg((SELECT mask FROM seen) & (1 << (st.k - 1)) <> 0 ORDER BY st.k),
         (SELECT sums FROM case_totals)
    INTO reached, skipped, on_time, late, no_deadline, arrived, pending, pending_overdue, missing, late_through,
         reworked, reworks, median, p90, durations, dropped, due_seen, case_sums
  FROM stage st
  LEFT JOIN per_stage p ON p.k = st.k
  LEFT JOIN quantiles q ON q.k = st.k;
  -- case_sums[i] counts bit 15 + i.
  total := case_sums[1];
  ratings := jsonb_build_object('satisfied', case_sums[2], 'basically-satisfied', case_sums[3], 'dissatisfied', case_sums[4]);
  resolution := jsonb_build_object('resolved', case_sums[5], 'unresolved', case_sums[6]);
  figure_sums := case_sums[9:28];

  FOR k IN 1..s.size LOOP
    -- Late open cases are owed on through stages that have no deadline at all (CaseScanner.finish).
    should_reach := reached[k] + missing[k] + carry;
    carry := CASE WHEN s.limit_ms[k] IS NOT NULL OR due_seen[k] THEN 0 ELSE carry + late_through[k] END;
    stages := stages || jsonb_build_object(
      'key', keys[k], 'count', reached[k], 'onTime', on_time[k], 'overdue', late[k] + pending_overdue[k],
      'arrivedOnTime', arrived[k], 'pending', pending[k], 'shouldReach', should_reach, 'dropped', dropped[k],
      'reworks', reworks[k], 'reworkedCases', reworked[k], 'medianHours', median[k], 'p90Hours', p90[k],
      'clock', duration_clock, 'pendingOverdue', pending_overdue[k], 'noDeadline', no_deadline[k],
      'skipped', skipped[k], 'durations', durations[k]);
  END LOOP;

  -- Only the figures this stage list can give (FigureCounter.available).
  available := ARRAY['extended', 'rated', 'satisfied', 'basicallySatisfied', 'satisfiedAll', 'resolutionRated', 'resolved']
    || CASE WHEN s.intake > 0 THEN ARRAY['received'] ELSE '{}' END
    || CASE WHEN s.file > 0 THEN ARRAY['filed'] ELSE '{}' END
    || CASE WHEN s.dispatch > 0 THEN ARRAY['dispatched', 'accuratelyDispatched'] ELSE '{}' END
    || CASE WHEN s.respond > 0 THEN ARRAY['responded', 'respondedOnTime'] ELSE '{}' END
    || CASE WHEN s.handle > 0 THEN ARRAY['shouldHandle', 'handled', 'handledOnTime', 'reworked'] ELSE '{}' END
    || CASE WHEN s.close > 0 THEN ARRAY['shouldClose', 'closed', 'closedOnTime'] ELSE '{}' END;
  SELECT jsonb_object_agg(f.key, COALESCE(figure_sums[f.n], 0)) INTO figures
  FROM unnest(citykit.funnel_figure_keys()) WITH ORDINALITY AS f(key, n)
  WHERE f.key = ANY (available);

  RETURN jsonb_build_object(
    'preset', preset, 'total', total, 'stages', stages, 'figures', figures, 'ratings', ratings,
    'resolution', resolution, 'now', citykit.iso_ms(s.now_ms),
    'period', CASE WHEN s.period_from = '-Infinity' THEN NULL
                   ELSE jsonb_build_object('from', citykit.iso_ms(s.period_from), 'to', citykit.iso_ms(s.period_to)) END);
END
$$;

-- PostgreSQL ≥ 14 would put a Memoize node over each case's read (keyed by the case's own values:
-- it never hits, and hashing its keys cost a few per cent of the funnel on the province sample).
DO $memoize$
BEGIN
  IF current_setting('server_version_num')::int >= 140000 THEN
    ALTER FUNCTION citykit.funnel(text, timestamptz, timestamptz, text, timestamptz, jsonb) SET enable_memoize = off;
  END IF;
END
$memoize$;
