/**
 * The province sample, written straight into PostgreSQL + PostGIS: a square lattice of
 * micro-grids (≈1M by default) with their grids, communities, streets and districts, and raw
 * city-management cases (10M by default), generated inside the database with generate_series —
 * no file, no row crossing the wire — and deterministic (the same seed gives the same rows).
 *
 * Tables (UNLOGGED: a benchmark copy, regenerated rather than recovered after a crash) in schema
 * `province`: `units` (partitioned by level, a GiST index per level, so a tile of one level
 * reads one partition) and `cases`; the views `citykit.units` and `citykit.cases` are pointed
 * at them (citykit.sql and funnel.sql are installed first), as a city points them at its own.
 */

/** The smallest common shape of pg's Client and Pool. */
export interface Queryable {
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface ProvinceOptions {
  /** Micro-grids wanted: the lattice is the nearest square whose side is a multiple of 200 (one district's side). */
  micro: number;
  cases: number;
  seed: number;
  /** Progress lines. */
  log: (line: string) => void;
}

/** Side of a block of each level, in micro-grids. */
const BLOCK = { 'micro-grid': 1, grid: 4, community: 20, street: 100, district: 200 } as const;
const LEVELS = Object.keys(BLOCK) as (keyof typeof BLOCK)[];
const PREFIX = { 'micro-grid': 'M', grid: 'G', community: 'C', street: 'S', district: 'D' } as const;
const NAME = { 'micro-grid': '微网格', grid: '网格', community: '社区', street: '街道', district: '区' } as const;
const PARENT: Record<string, keyof typeof BLOCK | null> = { 'micro-grid': 'grid', grid: 'community', community: 'street', street: 'district', district: null };

/** A micro-grid is 0.0012° × 0.001° (≈ 115 m × 111 m at 29.6° N), from this south-west corner. */
const ORIGIN = [105.3, 29.0];
const CELL = [0.0012, 0.001];

/** The 90-day window of the cases (as the committed samples) and "now" at its end. */
export const PROVINCE_WINDOW = { from: '2026-08-03T00:00:00+08:00', to: '2026-11-01T00:00:00+08:00' };
export const PROVINCE_NOW = PROVINCE_WINDOW.to;

/** Cases per INSERT (one progress line each). */
const CHUNK = 1_000_000;

export function latticeSide(micro: number): number {
  return Math.max(1, Math.round(Math.sqrt(micro) / BLOCK.district)) * BLOCK.district;
}

/** The id of the unit of `level` at block row r, column c (SQL expressions). */
const unitId = (level: keyof typeof BLOCK, r: string, c: string) => `'${PREFIX[level]}' || (${r}) || '-' || (${c})`;

/**
 * Creates (or re-creates) the province tables and fills them. `install` is citykit.sql and
 * funnel.sql, run first. Returns the lattice side and counts.
 */
export async function loadProvince(db: Queryable, install: string[], options: ProvinceOptions) {
  const side = latticeSide(options.micro);
  const started = Date.now();
  const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  for (const sql of install) await db.query(sql);
  await db.query(`
    DROP VIEW IF EXISTS citykit.units;
    DROP VIEW IF EXISTS citykit.cases;
    DROP SCHEMA IF EXISTS province CASCADE;
    CREATE SCHEMA province;
    -- A number in [0, 1) from a case or cell number and a stream (deterministic).
    CREATE FUNCTION province.rnd(n bigint, stream bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      'SELECT (hashint8extended(n, stream) & 9007199254740991)::float8 / 9007199254740992';
    -- A local (+08:00) ISO time of epoch seconds, as backends write them (a timestamp's text in
    -- DateStyle ISO, set below: three times cheaper than to_char).
    SET datestyle = 'ISO, YMD';
    CREATE FUNCTION province.iso(t float8) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS
      $$SELECT replace((timestamp '1970-01-01 08:00:00' + floor(t) * interval '1 second')::text, ' ', 'T') || '+08:00'$$;
    CREATE UNLOGGED TABLE province.units (id text NOT NULL, parent text, name text, level text NOT NULL,
                                          geom geometry(Polygon, 4326), metrics jsonb) PARTITION BY LIST (level);
    ${LEVELS.map((level) => `CREATE UNLOGGED TABLE province."units_${level}" PARTITION OF province.units FOR VALUES IN ('${level}');`).join('\n')}
    CREATE UNLOGGED TABLE province.cases (id text, ord bigint, stages jsonb, due jsonb, tier text, channel text, grid text,
                                          category text, status text, rating text, resolved boolean, reworks int);`);

  // Micro-grid figures first (a temporary table by lattice cell), then every level from them.
  await db.query(
    `CREATE TEMPORARY TABLE province_cells ON COMMIT PRESERVE ROWS AS
     SELECT r, c, pop, round(pop / 2.55)::int AS households, round(pop * (0.02 + 0.04 * province.rnd(cell, $2 + 2)))::int AS events,
            round((province.rnd(cell, $2 + 3) * 12)::numeric, 1) AS risk
     FROM generate_series(0, $1 - 1) r, generate_series(0, $1 - 1) c,
          LATERAL (SELECT r::bigint * $1 + c AS cell) k,
          LATERAL (SELECT (10 + floor(province.rnd(cell, $2 + 1) * 50))::int AS pop) p`,
    [side, options.seed * 100],
  );
  for (const level of LEVELS) {
    const b = BLOCK[level];
    const parent = PARENT[level];
    const rows = await db.query(
      `INSERT INTO province.units
       SELECT ${unitId(level, 'br', 'bc')}, ${parent ? unitId(parent, `br * ${b} / ${BLOCK[parent]}`, `bc * ${b} / ${BLOCK[parent]}`) : 'NULL'},
              (br * ($1::int / ${b}) + bc + 1) || '号${NAME[level]}', '${level}',
              ST_MakeEnvelope(${ORIGIN[0]} + bc * ${b * CELL[0]}, ${ORIGIN[1]} + br * ${b * CELL[1]},
                              ${ORIGIN[0]} + (bc + 1) * ${b * CELL[0]}, ${ORIGIN[1]} + (br + 1) * ${b * CELL[1]}, 4326),
              jsonb_build_object('population', sum(pop), 'households', sum(households), 'events', sum(events), 'riskIndex', sum(risk))
       FROM province_cells, LATERAL (SELECT r / ${b} AS br, c / ${b} AS bc) blk
       GROUP BY br, bc
       RETURNING 1`,
      [side],
    );
    options.log(`  ${level}: ${rows.rows.length} units  (${at()})`);
  }
  await db.query(`DROP TABLE province_cells;
    CREATE INDEX ON province.units (id);
    CREATE INDEX ON province.units USING gist (geom);
    ANALYZE province.units;
    CREATE VIEW citykit.units AS SELECT id, parent, name, level, geom, metrics FROM province.units;`);
  options.log(`  units indexed  (${at()})`);

  // Cases: reported uniformly over the window in a micro-grid; each stage entered after a
  // lognormal-ish delay while before "now"; deadlines on dispatch, handle and verify; side flows,
  // reworks, ratings and resolution at the sample's rates.
  for (let lo = 1; lo <= options.cases; lo += CHUNK) {
    const hi = Math.min(options.cases, lo + CHUNK - 1);
    await db.query(
      `INSERT INTO province.cases
       SELECT 'CM' || lpad(n::text, 9, '0'), n,
              jsonb_strip_nulls(jsonb_build_object(
                'report', province.iso(t1), 'file', province.iso(CASE WHEN t2 < now AND depth >= 2 THEN t2 END),
                'dispatch', province.iso(CASE WHEN t3 < now AND depth >= 3 THEN t3 END),
                'handle', province.iso(CASE WHEN t4 < now AND depth >= 4 THEN t4 END),
                'feedback', province.iso(CASE WHEN t5 < now AND depth >= 5 THEN t5 END),
                'verify', province.iso(CASE WHEN t6 < now AND depth >= 6 THEN t6 END),
                'evaluate', province.iso(CASE WHEN t7 < now AND depth >= 7 THEN t7 END))),
              jsonb_build_object('dispatch', province.iso(t1 + 7200), 'handle', province.iso(t3 + handle_limit),
                                 'verify', province.iso(t5 + 172800)),
              tier, channel, ${unitId('micro-grid', 'floor(province.rnd(n, $3 + 1) * $4)::int', 'floor(province.rnd(n, $3 + 2) * $4)::int')},
              category, status, CASE WHEN t7 < now AND depth = 7 THEN rating END,
              CASE WHEN t7 < now AND depth = 7 THEN province.rnd(n, $3 + 3) < 0.86 END,
              CASE WHEN province.rnd(n, $3 + 4) < 0.04 THEN 1 + floor(province.rnd(n, $3 + 5) * 2)::int ELSE 0 END
       FROM generate_series($1::bigint, $2::bigint) n,
       LATERAL (SELECT extract(epoch FROM timestamptz '${PROVINCE_WINDOW.from}')::float8 + province.rnd(n, $3 + 6) * 90 * 86400 AS t1,
                       extract(epoch FROM timestamptz '${PROVINCE_NOW}')::float8 AS now,
                       (ARRAY['big', 'small', 'micro', 'micro'])[1 + floor(province.rnd(n, $3 + 7) * 4)::int] AS tier,
                       (ARRAY['patrol', 'hotline', 'app', 'camera', 'patrol'])[1 + floor(province.rnd(n, $3 + 8) * 5)::int] AS channel,
                       (ARRAY['市容环境', '宣传广告', '施工管理', '街面秩序', '设施管理', '突发事件'])[1 + floor(province.rnd(n, $3 + 9) * 6)::int] AS category,
                       (ARRAY['satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied'])[1 + floor(province.rnd(n, $3 + 10) * 4)::int] AS rating,
                       province.rnd(n, $3 + 11) AS side) a,
       LATERAL (SELECT CASE WHEN a.side < 0.03 THEN 'void' WHEN a.side < 0.04 THEN 'parked' WHEN a.side < 0.05 THEN 'extended'
                            WHEN a.side < 0.055 THEN 'returned' END AS status,
                       CASE WHEN a.side < 0.03 THEN 1 + floor(province.rnd(n, $3 + 12) * 3)::int WHEN a.side < 0.055 THEN 4 ELSE 7 END AS depth,
                       CASE a.tier WHEN 'big' THEN 5 * 86400 WHEN 'small' THEN 2 * 86400 ELSE 86400 END AS handle_limit) b,
       LATERAL (SELECT t1 + 300 + province.rnd(n, $3 + 13) * 3300 AS t2) s2,
       LATERAL (SELECT t2 + 600 + exp(province.rnd(n, $3 + 14) * 9.6) AS t3) s3,
       LATERAL (SELECT t3 + 3600 + exp(province.rnd(n, $3 + 15) * 12.8) AS t4) s4,
       LATERAL (SELECT t4 + 600 + exp(province.rnd(n, $3 + 16) * 11.2) AS t5) s5,
       LATERAL (SELECT t5 + 3600 + exp(province.rnd(n, $3 + 17) * 11.6) AS t6) s6,
       LATERAL (SELECT t6 + 3600 + exp(province.rnd(n, $3 + 18) * 12) AS t7) s7`,
      [lo, hi, options.seed * 100 + 10, side],
    );
    options.log(`  cases ${hi.toLocaleString('en')} / ${options.cases.toLocaleString('en')}  (${at()})`);
  }
  await db.query(`ANALYZE province.cases;
    CREATE VIEW citykit.cases AS
      SELECT id, ord, stages, due, tier, channel, grid, category, status, rating, resolved, reworks FROM province.cases;`);
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM province.units) AS units, (SELECT count(*) FROM province.cases) AS cases,
            pg_size_pretty(pg_total_relation_size('province.cases')) AS cases_size`,
  );
  options.log(`  province: ${side}×${side} micro-grids, ${rows[0].units} units, ${rows[0].cases} cases (${rows[0].cases_size})  (${at()})`);
  return { side, units: Number(rows[0].units), cases: Number(rows[0].cases), seconds: (Date.now() - started) / 1000 };
}
