-- CityKit on PostgreSQL ≥ 13 + PostGIS ≥ 3: the same definitions as the JavaScript models, run
-- where the city keeps its data. Idempotent: run it again after an upgrade; it never drops the
-- views a city has pointed at its own tables.
--
--   psql -d <database> -v ON_ERROR_STOP=1 -f citykit.sql
--
-- The functions read three views in schema `citykit` (columns documented in README.md):
--   citykit.units  management units (district … micro-grid) with WGS-84 polygons
--   citykit.risks  risk records
-- The script creates them empty when they do not exist; a city replaces them with its own
-- (`DROP VIEW citykit.units; CREATE VIEW citykit.units AS SELECT … FROM its_own_table`): the
-- functions read them only when called (string bodies), so nothing here depends on them.

CREATE EXTENSION IF NOT EXISTS postgis;
CREATE SCHEMA IF NOT EXISTS citykit;

DO $install$
BEGIN
  IF to_regclass('citykit.units') IS NULL THEN
    CREATE VIEW citykit.units AS
      SELECT NULL::text AS id, NULL::text AS parent, NULL::text AS name, NULL::text AS level,
             NULL::geometry AS geom, NULL::jsonb AS metrics
      WHERE false;
  END IF;
  IF to_regclass('citykit.risks') IS NULL THEN
    CREATE VIEW citykit.risks AS
      SELECT NULL::text AS id, NULL::float8 AS lon, NULL::float8 AS lat, NULL::text AS category,
             NULL::text AS level, NULL::numeric AS likelihood, NULL::numeric AS severity,
             NULL::timestamptz AS time, NULL::text AS grid
      WHERE false;
  END IF;
END
$install$;

-- ---- Text as JavaScript reads it ---------------------------------------------------------------

-- String.prototype.trim(): every Unicode white space and line terminator, not only spaces.
CREATE OR REPLACE FUNCTION citykit.js_trim(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT btrim(value, E' \t\n\v\f\r' || U&'\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000\FEFF')
$$;

-- A unit or record id: non-blank text, else NULL (as `unitId` in the JavaScript models).
CREATE OR REPLACE FUNCTION citykit.id_or_null(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN value IS NULL OR citykit.js_trim(value) = '' THEN NULL ELSE value END
$$;

-- ---- Risk levels (riskLevel in the risk model) -------------------------------------------------

-- The level key of a level name (major, 重大, 重大风险, 红色, red …), else NULL.
CREATE OR REPLACE FUNCTION citykit.parse_risk_level(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lower(citykit.js_trim(name))
    WHEN 'major' THEN 'major' WHEN '重大' THEN 'major' WHEN '重大风险' THEN 'major'
    WHEN '红' THEN 'major' WHEN '红色' THEN 'major' WHEN 'red' THEN 'major'
    WHEN 'considerable' THEN 'considerable' WHEN '较大' THEN 'considerable' WHEN '较大风险' THEN 'considerable'
    WHEN '橙' THEN 'considerable' WHEN '橙色' THEN 'considerable' WHEN 'orange' THEN 'considerable'
    WHEN 'general' THEN 'general' WHEN '一般' THEN 'general' WHEN '一般风险' THEN 'general'
    WHEN '黄' THEN 'general' WHEN '黄色' THEN 'general' WHEN 'yellow' THEN 'general'
    WHEN 'low' THEN 'low' WHEN '低' THEN 'low' WHEN '低风险' THEN 'low'
    WHEN '蓝' THEN 'low' WHEN '蓝色' THEN 'low' WHEN 'blue' THEN 'low'
  END
$$;

-- The level of a record: its named level, else the band of likelihood × severity (integers 1–5):
-- R 1–3 low, 4–9 general, 10–16 considerable, above 16 major; else NULL.
CREATE OR REPLACE FUNCTION citykit.risk_level(name text, likelihood numeric, severity numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(
    citykit.parse_risk_level(name),
    CASE
      WHEN likelihood IS NULL OR severity IS NULL THEN NULL
      WHEN likelihood <> trunc(likelihood) OR severity <> trunc(severity) THEN NULL
      WHEN likelihood NOT BETWEEN 1 AND 5 OR severity NOT BETWEEN 1 AND 5 THEN NULL
      WHEN likelihood * severity <= 3 THEN 'low'
      WHEN likelihood * severity <= 9 THEN 'general'
      WHEN likelihood * severity <= 16 THEN 'considerable'
      ELSE 'major'
    END)
$$;

-- Level ranks, which are also the risk index weights: low 1 … major 4.
CREATE OR REPLACE FUNCTION citykit.risk_rank(level text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE level WHEN 'low' THEN 1 WHEN 'general' THEN 2 WHEN 'considerable' THEN 3 WHEN 'major' THEN 4 END
$$;

-- ---- Risk records as the risk layer accepts them (packRisks) ----------------------------------

-- Every record the risk model keeps: a non-blank id (the first row of an id wins, by id order of
-- the view when a city's table repeats one — keep ids unique), a finite position (latitude within
-- Web Mercator's ±85.051129°; a swapped pair swapped back, as the model does), a non-blank
-- category and a level. Positions are WGS-84.
CREATE OR REPLACE FUNCTION citykit.risk_records()
RETURNS TABLE (id text, category text, level text, rank int, "time" timestamptz, grid text, lon float8, lat float8)
LANGUAGE sql STABLE AS $$
WITH typed AS (
  SELECT r.id::text AS id, r.category::text AS category, r.time::timestamptz AS time, r.grid::text AS grid,
         citykit.risk_level(r.level::text, r.likelihood::numeric, r.severity::numeric) AS level,
         r.lon::float8 AS lon, r.lat::float8 AS lat,
         abs(r.lon) <= 180 AND abs(r.lat) <= 85.051129 AS as_given,
         abs(r.lat) <= 180 AND abs(r.lon) <= 85.051129 AS as_swapped
  FROM citykit.risks r
  WHERE citykit.id_or_null(r.id) IS NOT NULL
    AND r.lon IS NOT NULL AND r.lat IS NOT NULL
    AND r.lon NOT IN ('NaN', 'Infinity', '-Infinity') AND r.lat NOT IN ('NaN', 'Infinity', '-Infinity')
    AND citykit.id_or_null(r.category) IS NOT NULL
), outside_china AS (
  SELECT t.*,
         (t.lon < 72.004 OR t.lon > 137.8347 OR t.lat < 0.8293 OR t.lat > 55.8271) AS given_out,
         (t.lat < 72.004 OR t.lat > 137.8347 OR t.lon < 0.8293 OR t.lon > 55.8271) AS swapped_out
  FROM typed t
  WHERE (t.as_given OR t.as_swapped) AND NOT (t.lon = 0 AND t.lat = 0) AND t.level IS NOT NULL
)
SELECT DISTINCT ON (o.id)
       o.id, o.category, o.level, citykit.risk_rank(o.level) AS rank, o.time, o.grid,
       CASE WHEN swap THEN o.lat ELSE o.lon END AS lon,
       CASE WHEN swap THEN o.lon ELSE o.lat END AS lat
FROM outside_china o,
     LATERAL (SELECT NOT o.as_given OR (o.given_out AND o.as_swapped AND NOT o.swapped_out) AS swap) s
ORDER BY o.id
$$;

-- ---- Units ------------------------------------------------------------------------------------

-- Each unit once (which row of a repeated id is not defined: keep ids unique), its parent read
-- as an id.
CREATE OR REPLACE FUNCTION citykit.unit_hierarchy()
RETURNS TABLE (id text, parent text, name text, level text, geom geometry, metrics jsonb)
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT ON (u.id) u.id::text, citykit.id_or_null(u.parent::text), u.name::text, u.level::text, u.geom::geometry, u.metrics::jsonb
  FROM citykit.units u
  WHERE citykit.id_or_null(u.id::text) IS NOT NULL
  ORDER BY u.id
$$;

-- For every unit, the unit of `wanted_level` it lies in (itself, or the first such ancestor up
-- the parent chain; a cycle ends the walk), as GridUnitIndex.unitOf walks a record's grid.
CREATE OR REPLACE FUNCTION citykit.unit_owners(wanted_level text)
RETURNS TABLE (id text, owner text)
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE chain AS (
    SELECT h.id AS start, h.id AS node, h.level, h.parent, ARRAY[h.id] AS path
    FROM citykit.unit_hierarchy() h
    UNION ALL
    SELECT c.start, h.id, h.level, h.parent, c.path || h.id
    FROM chain c JOIN citykit.unit_hierarchy() h ON h.id = c.parent
    WHERE c.level IS DISTINCT FROM wanted_level AND NOT h.id = ANY (c.path)
  )
  SELECT start, node FROM chain WHERE level = wanted_level
$$;

-- ---- Risk roll-up (rollUpRisks) ---------------------------------------------------------------

-- Risk counts per unit of `level` by risk level, and the risk index (4 × major + 3 × considerable
-- + 2 × general + 1 × low), as rollUpRisks(records, grids, level, {filter}) computes them:
-- every unit of the level with a polygon is in the result (zeros included); a record counts in
-- the unit its `grid` lies in (walked up the hierarchy), else in the unit of the level whose
-- polygon covers its position (boundary included). The window is [period_from, period_to)
-- (swapped when reversed); with a window, undated records are left out. `categories` and
-- `levels` (level keys) filter when given.
CREATE OR REPLACE FUNCTION citykit.risk_rollup(
  level text,
  period_from timestamptz DEFAULT NULL,
  period_to timestamptz DEFAULT NULL,
  categories text[] DEFAULT NULL,
  levels text[] DEFAULT NULL
) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  WITH params AS (
    SELECT CASE WHEN period_from > period_to THEN period_to ELSE period_from END AS lo,
           CASE WHEN period_from > period_to THEN period_from ELSE period_to END AS hi
  ), target AS (
    SELECT h.id, h.geom FROM citykit.unit_hierarchy() h
    WHERE h.level = risk_rollup.level
      AND h.geom IS NOT NULL AND NOT ST_IsEmpty(h.geom)
      AND GeometryType(h.geom) IN ('POLYGON', 'MULTIPOLYGON')
  ), owners AS (
    SELECT * FROM citykit.unit_owners(risk_rollup.level)
  ), shown AS (
    SELECT r.* FROM citykit.risk_records() r, params p
    WHERE (p.lo IS NULL AND p.hi IS NULL OR r.time IS NOT NULL)
      AND (p.lo IS NULL OR r.time >= p.lo)
      AND (p.hi IS NULL OR r.time < p.hi)
      AND (categories IS NULL OR r.category = ANY (categories))
      AND (levels IS NULL OR r.level = ANY (levels))
  ), placed AS (
    SELECT s.rank,
           COALESCE(o.owner, (
             SELECT t.id FROM target t
             WHERE t.geom && ST_SetSRID(ST_MakePoint(s.lon, s.lat), ST_SRID(t.geom))
               AND ST_Covers(t.geom, ST_SetSRID(ST_MakePoint(s.lon, s.lat), ST_SRID(t.geom)))
             ORDER BY t.id LIMIT 1)) AS unit
    FROM shown s LEFT JOIN owners o ON o.id = s.grid
  ), counted AS (
    SELECT t.id,
           count(p.rank) FILTER (WHERE p.rank = 4) AS major,
           count(p.rank) FILTER (WHERE p.rank = 3) AS considerable,
           count(p.rank) FILTER (WHERE p.rank = 2) AS general,
           count(p.rank) FILTER (WHERE p.rank = 1) AS low,
           COALESCE(sum(p.rank), 0) AS index
    FROM target t LEFT JOIN placed p ON p.unit = t.id
    GROUP BY t.id
  )
  SELECT COALESCE(jsonb_object_agg(id, jsonb_build_object(
           'major', major, 'considerable', considerable, 'general', general, 'low', low, 'index', index)),
         '{}'::jsonb)
  FROM counted
$$;

-- ---- Vector tiles of the units ---------------------------------------------------------------

-- The level a zoom shows when the caller names none: a city's district fills the screen at
-- zoom ≤ 10, a street at 11–12, a community at 13–14, a grid at 15 and a micro-grid from 16.
CREATE OR REPLACE FUNCTION citykit.level_at_zoom(z int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN z <= 10 THEN 'district' WHEN z <= 12 THEN 'street' WHEN z <= 14 THEN 'community'
              WHEN z = 15 THEN 'grid' ELSE 'micro-grid' END
$$;

-- One Mapbox Vector Tile (layer `units`, extent 4096, buffer 64) of the units of `level` (or the
-- zoom's level) in tile z/x/y: properties id, name, level, parent and the unit's metrics (the
-- `metrics` jsonb's keys). Geometry is simplified to half a tile pixel of the zoom, keeping
-- every polygon (a unit never vanishes from a tile because it is small). Only the units of the
-- level within the tile are read (the view's level and geometry filters reach the city's
-- table, so a GiST index on its geometry — and a partition per level — serve a tile of a
-- million units); each id once, as unit_hierarchy() gives it.
CREATE OR REPLACE FUNCTION citykit.unit_tile(z int, x int, y int, level text DEFAULT NULL) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH bounds AS (
    SELECT ST_TileEnvelope(z, x, y) AS env,
           ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326) AS area,
           (40075016.6855785 / (1 << z)) / 4096 / 2 AS tolerance
  ), here AS (
    SELECT DISTINCT ON (u.id) u.id::text AS id, u.name::text AS name, u.level::text AS level,
           citykit.id_or_null(u.parent::text) AS parent, u.metrics::jsonb AS metrics, u.geom::geometry AS geom
    FROM citykit.units u, bounds b
    WHERE u.level = COALESCE(unit_tile.level, citykit.level_at_zoom(z))
      AND u.geom && b.area
      AND citykit.id_or_null(u.id::text) IS NOT NULL
    ORDER BY u.id
  ), shown AS (
    SELECT h.id, h.name, h.level, h.parent, h.metrics,
           ST_AsMVTGeom(ST_Simplify(ST_Transform(h.geom, 3857), b.tolerance, true), b.env, 4096, 64, true) AS geom
    FROM here h, bounds b
  )
  SELECT COALESCE((SELECT ST_AsMVT(shown, 'units', 4096, 'geom') FROM shown WHERE geom IS NOT NULL), ''::bytea)
$$;

-- The light unit index the elements take as `units-src` beside tiles: every unit's id, parent,
-- name, level and WGS-84 bounding box [west, south, east, north], no geometry; ordered by id.
CREATE OR REPLACE FUNCTION citykit.unit_index() RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT COALESCE(jsonb_agg(jsonb_build_object(
           'id', h.id, 'parent', h.parent, 'name', h.name, 'level', h.level,
           'bbox', CASE WHEN h.geom IS NULL OR ST_IsEmpty(h.geom) THEN NULL
                        ELSE jsonb_build_array(ST_XMin(h.geom), ST_YMin(h.geom), ST_XMax(h.geom), ST_YMax(h.geom)) END)
           ORDER BY h.id), '[]'::jsonb)
  FROM citykit.unit_hierarchy() h
$$;

-- ---- The unit index on demand ------------------------------------------------------------------

-- Rows of the unit index for the units `ids` names (each id once, as unit_hierarchy() gives it),
-- with `children`: how many units name it as their parent. Read through the city's indexes on
-- id and on citykit.id_or_null(parent) (README.md: "The unit index on demand").
CREATE OR REPLACE FUNCTION citykit.unit_rows(ids text[]) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT COALESCE(jsonb_agg(jsonb_build_object(
           'id', h.id, 'parent', h.parent, 'name', h.name, 'level', h.level,
           'bbox', CASE WHEN h.geom IS NULL OR ST_IsEmpty(h.geom) THEN NULL
                        ELSE jsonb_build_array(ST_XMin(h.geom), ST_YMin(h.geom), ST_XMax(h.geom), ST_YMax(h.geom)) END,
           'children', (SELECT count(DISTINCT c.id) FROM citykit.units c
                        WHERE citykit.id_or_null(c.parent::text) = h.id AND citykit.id_or_null(c.id::text) IS NOT NULL))
           ORDER BY array_position(ids, h.id)), '[]'::jsonb)
  FROM (
    SELECT DISTINCT ON (u.id) u.id::text AS id, citykit.id_or_null(u.parent::text) AS parent, u.name::text AS name,
           u.level::text AS level, u.geom::geometry AS geom
    FROM citykit.units u
    WHERE u.id = ANY (ids) AND citykit.id_or_null(u.id::text) IS NOT NULL
    ORDER BY u.id
  ) h
$$;

-- The children of one unit as unit_index() rows plus `children` (their own child counts), ordered
-- by id; `parent` NULL: the units without a parent (the top of the hierarchy). The grid layer's
-- and the scope's `units-src="…/{parent}…"` read this on demand instead of the whole index.
CREATE OR REPLACE FUNCTION citykit.unit_children(parent text DEFAULT NULL) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT citykit.unit_rows(ARRAY(
    -- Two branches rather than one CASE, so that each is planned as an index read.
    SELECT id FROM (
      SELECT u.id::text AS id FROM citykit.units u
      WHERE citykit.id_or_null(unit_children.parent) IS NULL AND citykit.id_or_null(u.parent::text) IS NULL
      UNION
      SELECT u.id::text FROM citykit.units u
      WHERE citykit.id_or_null(u.parent::text) = citykit.id_or_null(unit_children.parent)
    ) c
    WHERE citykit.id_or_null(c.id) IS NOT NULL
    ORDER BY 1))
$$;

-- A unit and its ancestors (the top one first) as unit_children() rows: what `units-src="…/{id}…"`
-- answers so a unit selected deep down (a shared link) shows before its branch was opened. Empty
-- for an unknown id; a parent cycle ends the walk.
CREATE OR REPLACE FUNCTION citykit.unit_path(id text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE chain AS (
    SELECT unit_path.id AS node, 0 AS depth, ARRAY[unit_path.id] AS seen
    UNION ALL
    SELECT p.parent, c.depth + 1, c.seen || p.parent
    FROM chain c, LATERAL (
      SELECT citykit.id_or_null(u.parent::text) AS parent FROM citykit.units u WHERE u.id = c.node ORDER BY u.id LIMIT 1
    ) p
    WHERE p.parent IS NOT NULL AND NOT p.parent = ANY (c.seen)
  )
  SELECT citykit.unit_rows(ARRAY(SELECT node FROM chain ORDER BY depth DESC))
$$;
