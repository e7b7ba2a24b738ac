/**
 * In-browser data for the funnel benchmark page: a seeded generator of city-management cases
 * (skipped stages, side flows, rework, deadlines, open cases) and the naive per-stage
 * array-filter funnel that `computeFunnel` is measured against.
 */
const HOUR = 3_600_000;
const MINUTE = 60_000;
export const BENCH_NOW = '2024-07-01T00:00:00+08:00';
export const CM_KEYS = ['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate'] as const;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const beijing = (ms: number): string => `${new Date(ms + 8 * HOUR).toISOString().slice(0, 19)}+08:00`;

export function synthesizeCases(count: number, seed = 20240701): unknown[] {
  const rand = mulberry32(seed);
  const start = Date.parse('2024-01-01T00:00:00+08:00');
  const end = Date.parse(BENCH_NOW);
  const channels = ['patrol', 'hotline', 'app', 'video', 'sensor', 'referral'];
  const tiers = ['big', 'small', 'micro'] as const;
  const handleHours = { big: 72, small: 24, micro: 8 };
  const cases: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const tier = tiers[rand() < 0.1 ? 0 : rand() < 0.67 ? 1 : 2];
    let t = start + rand() * (end - start - 2 * HOUR);
    const stages: Record<string, string> = {};
    const due: Record<string, string> = {};
    const c: Record<string, unknown> = {
      id: `C${String(i).padStart(7, '0')}`,
      stages,
      due,
      tier,
      channel: channels[Math.floor(rand() * channels.length)],
      grid: `mg-${String(Math.floor(rand() * 100_000)).padStart(6, '0')}`,
    };
    const selfHandled = rand() < 0.12;
    const gaps = [0, 5 + rand() * 55, 10 + rand() * 60, 10 + rand() * 100, (0.3 + rand() * 1.6) * handleHours[tier] * 60, (1 + rand() * 10) * 60, (1 + rand() * 24) * 60];
    const r = rand();
    const stopAt = r < 0.05 ? 0 : r < 0.08 ? 3 : r < 0.1 ? 4 : 6;
    const status = stopAt === 0 ? 'void' : stopAt === 3 ? (rand() < 0.5 ? 'parked' : 'returned') : stopAt === 4 ? 'extended' : undefined;
    for (let k = 0; k < CM_KEYS.length; k++) {
      const key = CM_KEYS[k];
      t += gaps[k] * MINUTE;
      if (t > end) break;
      if (selfHandled && (key === 'file' || key === 'dispatch')) continue;
      stages[key] = beijing(t);
      if (key === 'dispatch') due.dispatch = beijing(t + HOUR);
      if (key === 'handle') due.handle = beijing(t + handleHours[tier] * HOUR);
      if (k === stopAt && status) {
        c.status = status;
        break;
      }
    }
    if (stages.evaluate) c.rating = rand() < 0.8 ? 'satisfied' : rand() < 0.75 ? 'basically-satisfied' : 'dissatisfied';
    if (stages.feedback && rand() < 0.1) c.reworks = 1;
    cases[i] = c;
  }
  return cases;
}

export interface NaiveStage {
  key: string;
  reached: number;
  pending: number;
  overdue: number;
  medianHours: number | null;
}

/** The straightforward way: for every stage, filter the whole array again, parse, sort. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function naiveFunnel(cases: readonly any[], keys: readonly string[], now: number): NaiveStage[] {
  const valid = cases.filter((c) => c && c.stages && keys.some((k) => !Number.isNaN(Date.parse(c.stages[k]))));
  const lastStage = (c: { stages: Record<string, string> }) => keys.filter((k) => c.stages[k] != null).pop();
  return keys.map((key, k) => {
    const reached = valid.filter((c) => c.stages[key] != null);
    const later = keys.slice(k + 1);
    const left = reached.filter((c) => later.some((l) => c.stages[l] != null));
    const durations = left
      .map((c) => (Date.parse(c.stages[later.find((l) => c.stages[l] != null)!]) - Date.parse(c.stages[key])) / HOUR)
      .filter((d) => d >= 0)
      .sort((a, b) => a - b);
    const pending = reached.filter((c) => !c.status && lastStage(c) === key && k < keys.length - 1);
    const late = left.filter((c) => c.due?.[key] != null && Date.parse(c.stages[later.find((l) => c.stages[l] != null)!]) > Date.parse(c.due[key]));
    const pendingLate = pending.filter((c) => c.due?.[key] != null && now > Date.parse(c.due[key]));
    return {
      key,
      reached: reached.length,
      pending: pending.length,
      overdue: late.length + pendingLate.length,
      medianHours: durations.length ? durations[Math.floor((durations.length - 1) / 2)] : null,
    };
  });
}
