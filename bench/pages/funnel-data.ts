/**
 * Data of the funnel benchmark, shared by its Node half (bench/funnel-metrics.ts) and its browser
 * page: a seeded generator of city-management cases (skipped stages, side flows, rework,
 * deadlines, open cases) and the naive per-stage array-filter funnel `computeFunnel` is measured
 * against. DOM-free and Node-free.
 */
import { mulberry32 } from '../../data-samples/lib-random';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** "Now" of the synthetic cases. */
export const BENCH_NOW = '2024-07-01T00:00:00+08:00';
export const CM_KEYS = ['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate'] as const;

/** '2024-05-06T09:30:00+08:00' */
const beijing = (ms: number): string => `${new Date(ms + 8 * HOUR).toISOString().slice(0, 19)}+08:00`;

/** City-management cases with skips (self-handled), drops, rework, open and overdue cases. */
export function synthesizeCases(count: number, seed = 20240701): unknown[] {
  const rand = mulberry32(seed);
  const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
    let r = rand();
    for (let i = 0; i < items.length; i++) if ((r -= weights[i]) < 0) return items[i];
    return items[items.length - 1];
  };
  const start = Date.parse('2024-01-01T00:00:00+08:00');
  const end = Date.parse(BENCH_NOW);
  const channels = ['patrol', 'hotline', 'app', 'video', 'sensor', 'referral'];
  const tiers = ['big', 'small', 'micro'] as const;
  const handleHours = { big: 72, small: 24, micro: 8 };
  const cases: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const tier = pick(tiers, [0.1, 0.6, 0.3]);
    let t = start + rand() * (end - start - 2 * HOUR);
    const stages: Record<string, string> = {};
    const due: Record<string, string> = {};
    const c: Record<string, unknown> = {
      id: `C${String(i).padStart(7, '0')}`,
      stages,
      due,
      tier,
      channel: pick(channels, [0.45, 0.2, 0.15, 0.1, 0.05, 0.05]),
      grid: `mg-${String(Math.floor(rand() * 100_000)).padStart(6, '0')}`,
      category: pick(['environment', 'facilities', 'traffic', 'market', 'construction'], [0.35, 0.25, 0.15, 0.15, 0.1]),
    };
    const selfHandled = rand() < 0.12;
    const durations: Array<[string, number]> = [
      ['report', 0],
      ['file', 5 * MINUTE + rand() * 55 * MINUTE],
      ['dispatch', 10 * MINUTE + rand() * 60 * MINUTE],
      ['handle', 10 * MINUTE + rand() * 100 * MINUTE],
      ['feedback', (0.3 + rand() * 1.6) * handleHours[tier] * HOUR],
      ['verify', (1 + rand() * 10) * HOUR],
      ['evaluate', (1 + rand() * 24) * HOUR],
    ];
    const r = rand();
    const stopAt = r < 0.05 ? 0 : r < 0.08 ? 3 : r < 0.1 ? 4 : 6; // where a side flow takes it out
    const status = stopAt === 0 ? 'void' : stopAt === 3 ? pick(['parked', 'returned'], [0.5, 0.5]) : stopAt === 4 ? 'extended' : undefined;
    for (let k = 0; k < durations.length; k++) {
      const [key, gap] = durations[k];
      t += gap;
      if (t > end) break; // still open at `now`
      if (selfHandled && (key === 'file' || key === 'dispatch')) continue;
      stages[key] = beijing(t);
      if (key === 'dispatch') due.dispatch = beijing(t + HOUR);
      if (key === 'handle') due.handle = beijing(t + handleHours[tier] * HOUR);
      if (k === stopAt && status) {
        c.status = status;
        break;
      }
    }
    if (stages.evaluate) {
      c.rating = pick(['satisfied', 'basically-satisfied', 'dissatisfied'], [0.8, 0.15, 0.05]);
      c.resolved = rand() < 0.93;
    }
    const reworks = rand();
    if (stages.feedback && reworks < 0.1) c.reworks = reworks < 0.02 ? 2 : 1;
    cases[i] = c;
  }
  // Round-trip through JSON in slices so strings are flat, as when a backend's file is parsed.
  const flat: unknown[] = [];
  for (let i = 0; i < count; i += 100_000) for (const c of JSON.parse(JSON.stringify(cases.slice(i, i + 100_000)))) flat.push(c);
  return flat;
}

export interface NaiveStage {
  key: string;
  reached: number;
  pending: number;
  overdue: number;
  dropped: Record<string, number>;
  medianHours: number | null;
  p90Hours: number | null;
}

/** The straightforward way: for every stage, filter the whole array again and sort its durations. */
export function naiveFunnel(cases: readonly any[], keys: readonly string[], now: number): NaiveStage[] {
  const valid = cases.filter((c) => c && typeof c === 'object' && c.stages && keys.some((k) => !Number.isNaN(Date.parse(c.stages[k]))));
  const lastStage = (c: any) => keys.filter((k) => c.stages[k] != null).pop();
  const quantile = (sorted: number[], p: number) => {
    if (!sorted.length) return null;
    const h = (sorted.length - 1) * p;
    const i = Math.floor(h);
    return i + 1 < sorted.length ? sorted[i] + (sorted[i + 1] - sorted[i]) * (h - i) : sorted[i];
  };
  return keys.map((key, k) => {
    const reached = valid.filter((c) => c.stages[key] != null);
    const left = reached.filter((c) => keys.slice(k + 1).some((later) => c.stages[later] != null));
    const durations = left
      .map((c) => {
        const next = keys.slice(k + 1).find((later) => c.stages[later] != null)!;
        return (Date.parse(c.stages[next]) - Date.parse(c.stages[key])) / HOUR;
      })
      .filter((d) => d >= 0)
      .sort((a, b) => a - b);
    const pending = reached.filter((c) => !c.status && lastStage(c) === key && k < keys.length - 1);
    const lateLeaving = left.filter((c) => {
      const next = keys.slice(k + 1).find((later) => c.stages[later] != null)!;
      return c.due?.[key] != null && Date.parse(c.stages[next]) > Date.parse(c.due[key]);
    });
    const pendingLate = pending.filter((c) => keys.slice(k, -1).some((s) => c.due?.[s] != null && now > Date.parse(c.due[s])));
    const dropped: Record<string, number> = {};
    for (const reason of ['void', 'parked', 'extended', 'returned'])
      dropped[reason] = reached.filter((c) => c.status === reason && lastStage(c) === key).length;
    return {
      key,
      reached: reached.length,
      pending: pending.length,
      overdue: lateLeaving.length + pendingLate.length,
      dropped,
      medianHours: quantile(durations, 0.5),
      p90Hours: quantile(durations, 0.9),
    };
  });
}

/**
 * The floor under any ISO parser: visits every stage time and deadline string of `cases` and reads
 * its characters, parsing nothing. Returns how many strings it read and a sum of their character
 * codes (so the reads cannot be optimised away).
 */
export function readTimestampCharacters(cases: readonly unknown[]): { strings: number; sum: number } {
  let sum = 0;
  let strings = 0;
  for (const raw of cases) {
    const c = raw as { stages?: Record<string, unknown>; due?: Record<string, unknown> };
    for (const times of [c.stages, c.due]) {
      if (!times) continue;
      for (const key in times) {
        const value = times[key];
        if (typeof value !== 'string') continue;
        strings++;
        for (let j = 0; j < value.length; j++) sum += value.charCodeAt(j);
      }
    }
  }
  return { strings, sum };
}
