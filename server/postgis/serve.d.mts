// Types of serve.mjs, for code that starts it in-process (tests, benchmarks).
import type { Server } from 'node:http';
import type { Pool } from 'pg';

export const pool: Pool;
export const server: Server;
