/**
 * A throwaway PostgreSQL cluster for the database tests: its own data directory, 127.0.0.1 on a
 * free port, fsync off, stopped and deleted at the end. Uses the Debian packages
 * (`postgresql-15`, `postgresql-15-postgis-3`); as root the server runs as the `postgres` user,
 * since PostgreSQL refuses to run as root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest installed server's bin directory, or null. */
export function findPostgres() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

/** Whether PostGIS is installed for that server. */
export function hasPostgis(bin) {
  const sharedir = execFileSync(join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8' }).trim();
  return existsSync(join(sharedir, 'extension', 'postgis.control'));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(bin, tool, args) {
  const command = isRoot ? 'runuser' : join(bin, tool);
  const argv = isRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
  const out = spawnSync(command, argv, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${tool} failed (${out.status}): ${out.stderr || out.stdout}`);
  return out.stdout;
}

/**
 * Starts a cluster and creates database `citykit` with PostGIS. Returns its connection settings
 * and `stop()`.
 */
export async function startCluster() {
  const bin = findPostgres();
  if (!bin) throw new Error('PostgreSQL is not installed (Debian: apt-get install postgresql-15 postgresql-15-postgis-3)');
  if (!hasPostgis(bin)) throw new Error('PostGIS is not installed (Debian: apt-get install postgresql-15-postgis-3)');
  const dir = mkdtempSync(join(tmpdir(), 'citykit-pg-'));
  const data = join(dir, 'data');
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  run(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c timezone=UTC`;
  run(bin, 'pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
  const stop = () => {
    try {
      run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const psql = (db, sql) => run(bin, 'psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql]);
    psql('postgres', 'CREATE DATABASE citykit');
    psql('citykit', 'CREATE EXTENSION postgis');
  } catch (error) {
    stop();
    throw error;
  }
  return { host: '127.0.0.1', port, user: 'postgres', database: 'citykit', stop };
}

/**
 * Loads a grids FeatureCollection into `sample.grids` and points `citykit.units` at it (after
 * `citykit.sql`), as a city maps its own table onto the view.
 */
export async function loadSampleGrids(db, grids) {
  await db.query(`
    CREATE SCHEMA IF NOT EXISTS sample;
    CREATE TABLE sample.grids (id text, parent text, name text, level text, geom geometry(Geometry, 4326), metrics jsonb);
    DROP VIEW citykit.units;
    CREATE VIEW citykit.units AS SELECT id, parent, name, level, geom, metrics FROM sample.grids;`);
  await db.query(
    `INSERT INTO sample.grids
     SELECT f->'properties'->>'id', f->'properties'->>'parent', f->'properties'->>'name', f->'properties'->>'level',
            ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326), (f->'properties') - 'id' - 'parent' - 'name' - 'level'
     FROM jsonb_array_elements($1::jsonb->'features') f`,
    [JSON.stringify(grids)],
  );
}

/**
 * Runs `use(db)` on a throwaway cluster holding `citykit.sql` and `grids` (as `loadSampleGrids`
 * loads them), then closes the connection and stops the cluster: what the fixture scripts share.
 */
export async function withSampleGrids(grids, use) {
  const cluster = await startCluster();
  const pg = (await import('pg')).default;
  const db = new pg.Client(cluster);
  try {
    await db.connect();
    await db.query(readFileSync(new URL('../../server/postgis/citykit.sql', import.meta.url), 'utf8'));
    await loadSampleGrids(db, grids);
    return await use(db);
  } finally {
    await db.end();
    cluster.stop();
  }
}
