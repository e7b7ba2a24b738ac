/**
 * Raw cases for the closure funnel: digital city management (GB/T 30428 flow) and the 12345
 * hotline. Stage times are entry times; `due[stage]` is the deadline to enter the next stage.
 * Durations follow working time where departments act, wall time where a 24/7 centre acts.
 */
import type { Unit } from './lib-hierarchy';
import { allocate, cumulative, lognormal, weightedIndex, weightedKey, type Rng } from './lib-random';
import { DAY, HOUR, MINUTE, WINDOW_DAYS, WINDOW_END, WINDOW_START, addWorking, isHoliday, iso, weekday } from './lib-time';

export type Preset = 'city-management' | 'hotline-12345';

export const PRESET_STAGES: Record<Preset, readonly string[]> = {
  'city-management': ['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate'],
  'hotline-12345': ['accept', 'dispatch', 'handle', 'reply', 'supervise', 'complete', 'revisit', 'rate'],
};

/** The stage at which a case counts as closed (结案 / 办结). */
export const CLOSING: Record<Preset, string> = { 'city-management': 'evaluate', 'hotline-12345': 'complete' };

/** "Now" for the samples: the end of the 90-day window. Later stage entries are not known yet. */
export const NOW = WINDOW_END;

type Status = 'void' | 'parked' | 'extended' | 'returned';
type Rating = 'satisfied' | 'basically-satisfied' | 'dissatisfied';

interface Draft {
  times: Map<string, number>;
  due: Map<string, number>;
  tier: 'big' | 'small' | 'micro';
  channel: string;
  category: string;
  status?: Status;
  reworks: number;
  resolved?: boolean;
  rating?: Rating;
}

export interface CaseStats {
  total: number;
  /** Not closed and not taken out by a side flow. */
  open: number;
  overdue: number;
  reworked: number;
  status: Record<Status, number>;
  tiers: Record<string, number>;
  ratings: Record<Rating, number>;
  resolved: number;
  closed: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Relative case volume per hour of day. */
const HOURS = {
  patrol: [0, 0, 0, 0, 0, 0, 0, 0.2, 1, 1.2, 1.2, 1, 0.4, 0.6, 1.1, 1.2, 1.1, 0.8, 0.3, 0, 0, 0, 0, 0],
  citizen: [0.1, 0.05, 0.03, 0.03, 0.03, 0.05, 0.2, 0.5, 1, 1.3, 1.3, 1.1, 0.8, 0.9, 1.1, 1.2, 1.1, 1, 0.9, 1, 1, 0.8, 0.5, 0.25],
  machine: [0.5, 0.4, 0.4, 0.4, 0.4, 0.5, 0.7, 0.9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.9, 0.8, 0.7, 0.6, 0.5],
};
const HOUR_CUM = {
  patrol: cumulative(HOURS.patrol),
  citizen: cumulative(HOURS.citizen),
  machine: cumulative(HOURS.machine),
};
const timeOfDay = (rng: Rng, profile: keyof typeof HOURS) => weightedIndex(HOUR_CUM[profile], rng) * HOUR + Math.floor(rng() * HOUR);

const CM_CHANNELS = { patrol: 45, hotline: 18, app: 15, video: 14, sensor: 3, referral: 5 };
const CM_CATEGORIES = { 市容环境: 30, 街面秩序: 22, 宣传广告: 10, 施工管理: 8, 市政设施: 14, 园林绿化: 8, 交通设施: 6, 突发事件: 2 };
const CM_LIMITS = { '2h': 2 * HOUR, '1d': 7 * HOUR, '3d': 21 * HOUR, '5d': 35 * HOUR };
const CM_LIMIT_BY_TIER = {
  big: { '2h': 0, '1d': 20, '3d': 40, '5d': 40 },
  small: { '2h': 15, '1d': 45, '3d': 30, '5d': 10 },
  micro: { '2h': 40, '1d': 50, '3d': 10, '5d': 0 },
};

const CM_TIERS = { big: 4, small: 56, micro: 40 };
const HL_TIERS = { big: 3, small: 52, micro: 45 };
const HL_EMERGENCY_CATEGORIES = { 市政设施: 5, 交通出行: 3, 环境卫生: 2 };
const HL_CHANNELS = { hotline: 76, app: 16, referral: 8 };
const HL_CATEGORIES = { 物业管理: 20, 噪音扰民: 10, 市政设施: 12, 环境卫生: 12, 交通出行: 10, 劳动社保: 8, 住房保障: 7, 教育医疗: 8, 市场监管: 8, 政策咨询: 5 };
/** 12345 handling limits: emergency 2 h and utilities 24 h in wall time; ordinary 7 and complex 15 working days. */
const HL_CLASSES = { emergency: 4, utility: 14, ordinary: 70, complex: 12 };

function cityManagementCase(t0: number, channel: string, rng: Rng): Draft {
  const times = new Map<string, number>();
  const due = new Map<string, number>();
  const tier = weightedKey(rng, CM_TIERS);
  const limit = CM_LIMITS[weightedKey(rng, CM_LIMIT_BY_TIER[tier])];
  const draft: Draft = { times, due, tier, channel, category: weightedKey(rng, CM_CATEGORIES), reworks: 0 };
  const side = rng();
  const sideFlow: Status | undefined = side < 0.02 ? 'void' : side < 0.03 ? 'returned' : side < 0.04 ? 'parked' : side < 0.055 ? 'extended' : undefined;
  // 自处理: a collector fixes a micro matter on the spot, so nothing is dispatched.
  const selfHandled = channel === 'patrol' && tier === 'micro' && sideFlow !== 'returned' && rng() < 0.35;

  times.set('report', t0);
  const filed = t0 + clamp(lognormal(rng, 12 * MINUTE, 0.9), MINUTE, 8 * HOUR);
  times.set('file', filed);
  if (sideFlow === 'void' && (selfHandled || rng() < 0.6)) return { ...draft, status: 'void' };
  let handle: number;
  if (selfHandled) {
    handle = filed + clamp(lognormal(rng, 10 * MINUTE, 0.6), MINUTE, 2 * HOUR);
  } else {
    const dispatch = filed + clamp(lognormal(rng, 8 * MINUTE, 0.8), 30, 4 * HOUR);
    times.set('dispatch', dispatch);
    due.set('dispatch', addWorking(dispatch, HOUR));
    if (sideFlow === 'void' || sideFlow === 'returned') return { ...draft, status: sideFlow };
    handle = addWorking(dispatch, lognormal(rng, 12 * MINUTE, 0.75));
  }
  times.set('handle', handle);
  const extension = sideFlow === 'extended' ? 35 * HOUR + Math.floor(rng() * 35) * HOUR : 0;
  due.set('handle', addWorking(handle, limit + extension));
  if (sideFlow === 'parked' || sideFlow === 'extended') return { ...draft, status: sideFlow };
  // Some cases need several departments to coordinate: those run long and mostly overdue.
  const handling = rng() < 0.03 ? lognormal(rng, 1.5 * limit, 0.5) : lognormal(rng, 0.35 * limit, 0.7);
  const feedback = selfHandled ? handle + clamp(lognormal(rng, 20 * MINUTE, 0.5), 2 * MINUTE, 2 * HOUR) : addWorking(handle, handling);
  times.set('feedback', feedback);
  // Inspectors verify on their rounds: within two working days.
  const verify = addWorking(feedback, lognormal(rng, 90 * MINUTE, 0.8));
  times.set('verify', verify);
  due.set('verify', addWorking(verify, 14 * HOUR));
  // 返工: verification failed and the case looped back to handling; the loop lengthens `verify`.
  const r = rng();
  draft.reworks = r < 0.036 ? 1 : r < 0.045 ? 2 : 0;
  let loop = 0;
  for (let i = 0; i < draft.reworks; i++) loop += lognormal(rng, 0.25 * limit, 0.6) + lognormal(rng, 40 * MINUTE, 0.8);
  times.set('evaluate', addWorking(verify, lognormal(rng, 4 * HOUR, 0.6) + loop));
  draft.resolved = rng() < 0.965;
  return draft;
}

const RATINGS = {
  unresolved: { satisfied: 12, 'basically-satisfied': 33, dissatisfied: 55 },
  late: { satisfied: 60, 'basically-satisfied': 25, dissatisfied: 15 },
  good: { satisfied: 82, 'basically-satisfied': 15, dissatisfied: 3 },
};

function rate(rng: Rng, resolved: boolean, late: boolean): Rating {
  return weightedKey<Rating>(rng, !resolved ? RATINGS.unresolved : late ? RATINGS.late : RATINGS.good);
}

function hotlineCase(t0: number, channel: string, rng: Rng): Draft {
  const times = new Map<string, number>();
  const due = new Map<string, number>();
  const tier = weightedKey(rng, HL_TIERS);
  const kind = weightedKey(rng, HL_CLASSES);
  const category =
    kind === 'utility' ? '供水供电供气' : kind === 'emergency' ? weightedKey(rng, HL_EMERGENCY_CATEGORIES) : weightedKey(rng, HL_CATEGORIES);
  const draft: Draft = { times, due, tier, channel, category, reworks: 0 };
  times.set('accept', t0);
  // 直接答复: a consultation answered on the call, closed at once.
  if (kind === 'ordinary' && rng() < 0.22) {
    const complete = t0 + clamp(lognormal(rng, 6 * MINUTE, 0.6), MINUTE, HOUR);
    times.set('complete', complete);
    draft.category = rng() < 0.7 ? '政策咨询' : category;
    draft.resolved = rng() < 0.97;
    if (rng() < 0.6) {
      times.set('rate', complete + clamp(lognormal(rng, 10 * MINUTE, 0.7), MINUTE, 6 * HOUR));
      draft.rating = rate(rng, draft.resolved, false);
    }
    return draft;
  }
  const side = rng();
  if (side < 0.02) return { ...draft, status: 'void' };
  const wall = kind === 'emergency' || kind === 'utility';
  const dispatch = t0 + (kind === 'emergency' ? clamp(lognormal(rng, 3 * MINUTE, 0.5), 30, HOUR) : clamp(lognormal(rng, 20 * MINUTE, 0.8), MINUTE, 12 * HOUR));
  times.set('dispatch', dispatch);
  due.set('dispatch', kind === 'emergency' ? dispatch + 30 * MINUTE : addWorking(dispatch, 2 * HOUR));
  if (side < 0.045) return { ...draft, status: 'returned' };
  const handle = kind === 'emergency' ? dispatch + clamp(lognormal(rng, 8 * MINUTE, 0.6), MINUTE, HOUR) : addWorking(dispatch, lognormal(rng, 30 * MINUTE, 0.8));
  times.set('handle', handle);
  const limit = kind === 'emergency' ? 2 * HOUR : kind === 'utility' ? 24 * HOUR : kind === 'ordinary' ? 49 * HOUR : 105 * HOUR;
  const extended = !wall && side < 0.065;
  const deadline = wall ? handle + limit : addWorking(handle, limit + (extended ? 70 * HOUR : 0));
  due.set('handle', deadline);
  if (extended) return { ...draft, status: 'extended' };
  const reply = wall ? handle + lognormal(rng, 0.3 * limit, 0.7) : addWorking(handle, lognormal(rng, 0.3 * limit, 0.75));
  times.set('reply', reply);
  const late = reply > deadline;
  const r = rng();
  draft.reworks = r < 0.044 ? 1 : r < 0.055 ? 2 : 0;
  let complete: number;
  // 督办: the centre supervises late, reworked or complained-about cases before closing them.
  if (draft.reworks > 0 || late || rng() < 0.06) {
    const supervise = addWorking(reply, lognormal(rng, 2 * HOUR, 0.7));
    times.set('supervise', supervise);
    due.set('supervise', addWorking(supervise, 21 * HOUR));
    let loop = 0;
    for (let i = 0; i < draft.reworks; i++) loop += lognormal(rng, wall ? 3 * HOUR : 0.2 * limit, 0.6);
    complete = addWorking(supervise, lognormal(rng, 4 * HOUR, 0.7) + loop);
  } else {
    complete = addWorking(reply, lognormal(rng, 1.5 * HOUR, 0.7));
  }
  times.set('complete', complete);
  draft.resolved = rng() < (draft.reworks > 0 ? 0.75 : late ? 0.7 : 0.86);
  // 回访: the centre calls back on every handled case; about 85% of citizens then give a rating.
  const revisit = addWorking(complete, lognormal(rng, 4 * HOUR, 0.6));
  due.set('complete', addWorking(complete, 14 * HOUR));
  times.set('revisit', revisit);
  if (rng() < 0.85) {
    times.set('rate', revisit + clamp(lognormal(rng, 3 * MINUTE, 0.5), 30, HOUR));
    draft.rating = rate(rng, draft.resolved, late || draft.reworks > 0);
  }
  return draft;
}

/**
 * Writes `total` cases of one preset, in report order, through `emit`. Each case lands in a
 * micro-grid drawn by `weights`; the case carries the grid id and bumps the micro-grid's events.
 */
export function generateCases(
  preset: Preset,
  total: number,
  micro: readonly Unit[],
  weights: readonly number[],
  rng: Rng,
  emit: (json: string) => void,
): CaseStats {
  const stages = PRESET_STAGES[preset];
  const where = cumulative(weights);
  const hotline = preset === 'hotline-12345';
  const stats: CaseStats = {
    total,
    open: 0,
    overdue: 0,
    reworked: 0,
    status: { void: 0, parked: 0, extended: 0, returned: 0 },
    tiers: { big: 0, small: 0, micro: 0 },
    ratings: { satisfied: 0, 'basically-satisfied': 0, dissatisfied: 0 },
    resolved: 0,
    closed: 0,
  };
  const dayWeights = Array.from({ length: WINDOW_DAYS }, (_, d) => {
    const day = WINDOW_START / DAY + d;
    const base = isHoliday(day) ? (hotline ? 0.8 : 0.55) : weekday(day) >= 5 ? (hotline ? 0.85 : 0.7) : 1;
    return base * (1 + (0.25 * d) / WINDOW_DAYS);
  });
  const perDay = allocate(total, dayWeights);
  const idWidth = Math.max(6, String(total).length);
  const prefix = hotline ? 'HL' : 'CM';
  let serial = 0;
  perDay.forEach((n, d) => {
    const dayStart = WINDOW_START + d * DAY;
    const arrivals = Array.from({ length: n }, () => {
      const channel: string = weightedKey<string>(rng, hotline ? HL_CHANNELS : CM_CHANNELS);
      const profile = channel === 'patrol' ? 'patrol' : channel === 'video' || channel === 'sensor' ? 'machine' : 'citizen';
      return { channel, t: dayStart + timeOfDay(rng, profile) };
    }).sort((a, b) => a.t - b.t);
    for (const { channel, t } of arrivals) {
      const draft = hotline ? hotlineCase(t, channel, rng) : cityManagementCase(t, channel, rng);
      const unit = micro[weightedIndex(where, rng)];
      unit.events++;
      emit(finish(draft, `${prefix}${String(++serial).padStart(idWidth, '0')}`, unit.parent!.id, stages, CLOSING[preset], stats));
    }
  });
  return stats;
}

/** Cuts what has not happened by NOW, gathers stats and serialises with a stable key order. */
function finish(draft: Draft, id: string, grid: string, stages: readonly string[], closing: string, stats: CaseStats): string {
  const stageTimes: Record<string, string> = {};
  const due: Record<string, string> = {};
  let truncated = false;
  let overdue = false;
  for (const key of stages) {
    const t = draft.times.get(key);
    if (t === undefined) continue;
    if (t > NOW) {
      truncated = true;
      break;
    }
    stageTimes[key] = iso(t);
    const deadline = draft.due.get(key);
    if (deadline !== undefined) {
      due[key] = iso(deadline);
      // The next stage actually entered (after NOW counts as not yet).
      const nextKey = stages.slice(stages.indexOf(key) + 1).find((k) => draft.times.has(k));
      const next = nextKey === undefined ? undefined : draft.times.get(nextKey)!;
      if ((next !== undefined && Math.min(next, NOW) > deadline) || (next === undefined && !draft.status && NOW > deadline)) overdue = true;
    }
  }
  const record: Record<string, unknown> = { id, stages: stageTimes };
  if (Object.keys(due).length > 0) record.due = due;
  record.tier = draft.tier;
  record.channel = draft.channel;
  record.category = draft.category;
  record.grid = grid;
  stats.tiers[draft.tier]++;
  // A side flow only shows once it has happened; resolution once the case is closed.
  if (!truncated && draft.status) {
    record.status = draft.status;
    stats.status[draft.status]++;
  }
  if (stageTimes[closing] !== undefined) {
    stats.closed++;
    if (draft.resolved !== undefined) {
      record.resolved = draft.resolved;
      if (draft.resolved) stats.resolved++;
    }
  } else if (!record.status) {
    stats.open++;
  }
  if (draft.rating && stageTimes.rate !== undefined) {
    record.rating = draft.rating;
    stats.ratings[draft.rating]++;
  }
  // A rework loop happens inside verify (city management) or supervise (hotline): count it once that stage is reached.
  if (draft.reworks > 0 && (stageTimes.verify !== undefined || stageTimes.supervise !== undefined)) {
    record.reworks = draft.reworks;
    stats.reworked++;
  }
  if (overdue) stats.overdue++;
  return JSON.stringify(record);
}
