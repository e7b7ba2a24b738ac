// A minimal server for CityKit's database functions (Node + `pg`): unit tiles, the unit index,
// risk roll-ups and the closure funnel. `PGHOST=… PGDATABASE=… node serve.mjs [port]`; put it
// behind the portal's own authentication and cache in production.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export const pool = new pg.Pool(); // reads PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
const routes = [
  [/^\/tiles\/(\d+)\/(\d+)\/(\d+)\.pbf$/, 'application/vnd.mapbox-vector-tile', (m, q) =>
    ['SELECT citykit.unit_tile($1, $2, $3, $4) AS body', [+m[1], +m[2], +m[3], q.get('level')]]],
  // ?id=X: X and its ancestors; ?parent=P: P's children (empty: the top); neither: the whole index.
  [/^\/units\.json$/, 'application/json', (m, q) =>
    q.get('id') ? ['SELECT citykit.unit_path($1)::text AS body', [q.get('id')]]
      : q.has('parent') ? ['SELECT citykit.unit_children($1)::text AS body', [q.get('parent')]]
      : ['SELECT citykit.unit_index()::text AS body', []]],
  [/^\/risk-rollup\.json$/, 'application/json', (m, q) =>
    ['SELECT citykit.risk_rollup($1, $2, $3)::text AS body', [q.get('level'), q.get('from'), q.get('to')]]],
  [/^\/funnel\.json$/, 'application/json', (m, q) =>
    ['SELECT citykit.funnel($1, $2, $3, $4)::text AS body', [q.get('preset'), q.get('from'), q.get('to'), q.get('unit')]]],
];

export const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const route = routes.find(([pattern]) => pattern.test(url.pathname));
  if (!route) return response.writeHead(404).end();
  const [pattern, type, query] = route;
  try {
    const { rows } = await pool.query(...query(url.pathname.match(pattern), url.searchParams));
    response.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*' }).end(rows[0].body);
  } catch (error) {
    response.writeHead(400, { 'content-type': 'text/plain' }).end(String(error.message));
  }
});

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) server.listen(Number(process.argv[2] ?? 8080));
