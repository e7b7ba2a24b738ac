// Types of cluster.mjs for the TypeScript benchmarks and sample generator that start a cluster.
import type { Client } from 'pg';

export interface Cluster {
  host: string;
  port: number;
  user: string;
  database: string;
  stop(): void;
}
export function findPostgres(): string | null;
export function hasPostgis(bin: string): boolean;
export function startCluster(): Promise<Cluster>;
export function loadSampleGrids(db: Client, grids: unknown): Promise<void>;
