/**
 * Risk records (风险隐患): categories of the national urban safety monitoring guide plus
 * septic-tank methane, four levels skewed towards low, located inside micro-grids.
 */
import type { Unit } from './lib-hierarchy';
import type { Lattice } from './lib-lattice';
import { allocate, cumulative, lognormal, pick, randInt, weightedIndex, weightedKey, type Rng } from './lib-random';
import { DAY, HOUR, WINDOW_DAYS, WINDOW_START, iso, weekday } from './lib-time';
import type { JsonArrayWriter } from './lib-write';

export type RiskLevel = 'major' | 'considerable' | 'general' | 'low';
type Where = 'people' | 'nature' | 'industry';

interface CategorySpec {
  share: number;
  where: Where;
  /** Probability of [major, considerable, general, low]. */
  levels: [number, number, number, number];
  /** Rainy-season categories fade from August to October. */
  seasonal?: boolean;
  /** Names attach to a building number (栋) in towns. */
  building?: boolean;
  phrases: string[];
}

const COMMON: [number, number, number, number] = [0.015, 0.07, 0.3, 0.615];
const HEAVY: [number, number, number, number] = [0.04, 0.12, 0.34, 0.5];

export const RISK_SPECS: Record<string, CategorySpec> = {
  gas: { share: 14, where: 'people', levels: HEAVY, building: true, phrases: ['燃气管道老化', '燃气立管锈蚀', '餐饮店燃气泄漏报警', '液化气瓶违规存放'] },
  bridge: { share: 3, where: 'people', levels: COMMON, phrases: ['人行天桥伸缩缝损坏', '桥梁支座病害', '桥墩冲刷', '桥梁护栏松动'] },
  'water-supply': { share: 7, where: 'people', levels: COMMON, building: true, phrases: ['供水管网漏损', '二次供水水箱隐患', '消火栓失效', '老旧铸铁管爆管风险'] },
  drainage: { share: 10, where: 'people', levels: COMMON, seasonal: true, phrases: ['雨污管网堵塞', '低洼路段积水', '排水口淤积', '检查井盖缺失'] },
  heating: { share: 1, where: 'people', levels: COMMON, phrases: ['供热管道保温层破损', '换热站设备老化'] },
  'utility-tunnel': { share: 3, where: 'people', levels: COMMON, phrases: ['综合管廊渗水', '管廊通风设备故障', '管廊有害气体超标'] },
  'crowded-place': { share: 12, where: 'people', levels: COMMON, phrases: ['商场疏散通道堵塞', '农贸市场人员密集', '学校门口拥堵', '广场人员聚集踩踏风险'] },
  'high-rise-fire': { share: 13, where: 'people', levels: COMMON, building: true, phrases: ['高层住宅消防通道占用', '楼道电动车充电', '消防设施失效', '外墙保温材料易燃'] },
  'hazardous-chemicals': { share: 4, where: 'industry', levels: HEAVY, phrases: ['加油站储罐隐患', '危化品仓库违规储存', '化工企业泄漏风险'] },
  'construction-site': { share: 11, where: 'industry', levels: COMMON, phrases: ['深基坑支护变形', '塔吊安全隐患', '高支模坍塌风险', '施工围挡倾斜'] },
  flood: { share: 6, where: 'nature', levels: COMMON, seasonal: true, phrases: ['河道行洪不畅', '堤岸冲刷', '低洼地带内涝'] },
  landslide: { share: 6, where: 'nature', levels: HEAVY, seasonal: true, phrases: ['边坡滑移迹象', '危岩崩塌隐患', '挡土墙开裂', '地面沉降'] },
  earthquake: { share: 2, where: 'nature', levels: COMMON, building: true, phrases: ['老旧房屋抗震不足', '砖混建筑结构裂缝'] },
  'septic-tank': { share: 8, where: 'people', levels: HEAVY, building: true, phrases: ['化粪池甲烷浓度超标', '化粪池盖板破损', '化粪池清掏不及时'] },
};
export const RISK_CATEGORIES = Object.keys(RISK_SPECS);
const LEVELS: RiskLevel[] = ['major', 'considerable', 'general', 'low'];
export const LEVEL_POINTS: Record<RiskLevel, number> = { major: 10, considerable: 4, general: 1.5, low: 0.5 };

/** Likelihood × severity pairs per level band of DOMAIN.md (1–3 low, 4–9 general, 10–16 considerable, 20–25 major). */
const PAIRS: Record<RiskLevel, [number, number][]> = { major: [], considerable: [], general: [], low: [] };
for (let l = 1; l <= 5; l++) {
  for (let s = 1; s <= 5; s++) {
    const r = l * s;
    PAIRS[r >= 20 ? 'major' : r >= 10 ? 'considerable' : r >= 4 ? 'general' : 'low'].push([l, s]);
  }
}

function pickIndex(rng: Rng, probabilities: readonly number[]): number {
  let u = rng();
  for (let i = 0; i < probabilities.length - 1; i++) {
    u -= probabilities[i];
    if (u < 0) return i;
  }
  return probabilities.length - 1;
}

export function levelOf(likelihood: number, severity: number): RiskLevel {
  const r = likelihood * severity;
  return r >= 20 ? 'major' : r >= 10 ? 'considerable' : r >= 4 ? 'general' : 'low';
}

export interface RiskStats {
  count: number;
  byLevel: Record<RiskLevel, number>;
  levelOnly: number;
  scoreOnly: number;
  both: number;
}

/** Area of a unit's index rectangle in square metres (pre-warp lattice, good to a few percent). */
export function rectArea(lattice: Lattice, unit: Unit): number {
  const [c0, r0, c1, r1] = unit.rect;
  return (lattice.cols.pos[c1] - lattice.cols.pos[c0]) * (lattice.rows.pos[r1] - lattice.rows.pos[r0]);
}

/** Residents per km². */
export const densityOf = (unit: Unit, areaM2: number) => unit.population / Math.max(1e-6, areaM2 / 1e6);

/**
 * Exposure factor of a micro-grid for its risk index: (density / 5,000 per km²)^¼, within
 * [0.4, 1.6] — the same hazards weigh more where more people are exposed.
 */
export const exposureOf = (unit: Unit, areaM2: number) => Math.min(1.6, Math.max(0.4, Math.pow(densityOf(unit, areaM2) / 5000, 0.25)));

export function generateRisks(
  total: number,
  micro: readonly Unit[],
  lattice: Lattice,
  rng: Rng,
  out: JsonArrayWriter,
): RiskStats {
  const area = micro.map((u) => rectArea(lattice, u));
  micro.forEach((u, i) => (u.exposure = exposureOf(u, area[i])));
  // Lifeline and public-safety hazards crowd where people live densely; natural ones spread
  // with land (Chongqing's slopes are urban too); industrial ones sit in between.
  const where: Record<Where, Float64Array> = {
    people: cumulative(micro.map((u, i) => (u.population + 5) * Math.sqrt(densityOf(u, area[i]) / 5000 + 0.01))),
    nature: cumulative(micro.map((_, i) => Math.sqrt(area[i]))),
    industry: cumulative(micro.map((u, i) => Math.sqrt(u.population + 1) + area[i] / 40000)),
  };
  const shares = Object.fromEntries(RISK_CATEGORIES.map((k) => [k, RISK_SPECS[k].share])) as Record<string, number>;
  const stats: RiskStats = { count: 0, byLevel: { major: 0, considerable: 0, general: 0, low: 0 }, levelOnly: 0, scoreOnly: 0, both: 0 };
  // Inspections find fewer hazards at weekends; exact count per day, times sorted within the day.
  const perDay = allocate(
    total,
    Array.from({ length: WINDOW_DAYS }, (_, d) => (weekday(WINDOW_START / DAY + d) >= 5 ? 0.55 : 1)),
  );
  let serial = 0;
  const idWidth = String(total).length;
  perDay.forEach((n, d) => {
    const dayStart = WINDOW_START + d * DAY;
    const times = Array.from({ length: n }, () => {
      // Mostly inspection hours 08:00–18:00, some from round-the-clock sensors.
      const seconds = rng() < 0.85 ? 8 * HOUR + rng() * 10 * HOUR : rng() * DAY;
      return dayStart + Math.floor(seconds);
    }).sort((a, b) => a - b);
    for (const t of times) {
      // Rainy-season categories are drawn more early in the window (August).
      let category = weightedKey(rng, shares);
      const spec0 = RISK_SPECS[category];
      if (spec0.seasonal && rng() > 1.3 - (0.9 * d) / WINDOW_DAYS) category = weightedKey(rng, shares);
      const spec = RISK_SPECS[category];
      const unit = micro[weightedIndex(where[spec.where], rng)];
      const [c0, r0, c1, r1] = unit.rect;
      const [lon, lat] = lattice.position(c0 + (c1 - c0) * (0.04 + 0.92 * rng()), r0 + (r1 - r0) * (0.04 + 0.92 * rng()));
      const level = LEVELS[pickIndex(rng, spec.levels)];
      const [likelihood, severity] = pick(rng, PAIRS[level]);
      const mode = rng();
      const record: Record<string, unknown> = { id: `R${String(++serial).padStart(idWidth, '0')}`, lon, lat, category };
      if (mode < 0.4) {
        record.level = level;
        stats.levelOnly++;
      } else if (mode < 0.75) {
        record.likelihood = likelihood;
        record.severity = severity;
        stats.scoreOnly++;
      } else {
        record.level = level;
        record.likelihood = likelihood;
        record.severity = severity;
        stats.both++;
      }
      let weight = 1;
      if (rng() < 0.8) {
        weight = Math.min(5, Math.max(0.2, Math.round(lognormal(rng, 1, 0.45) * 100) / 100));
        record.weight = weight;
      }
      record.time = iso(t);
      const community = unit.parent!.parent!;
      const place = unit.urban ? (spec.building ? `${randInt(rng, 1, 36)}栋` : '') : `${randInt(rng, 1, 9)}组`;
      record.name = `${community.name}${place}${pick(rng, spec.phrases)}`;
      record.grid = rng() < 0.9 ? unit.id : unit.parent!.id;
      unit.riskScore += LEVEL_POINTS[level] * weight;
      stats.byLevel[level]++;
      stats.count++;
      out.item(JSON.stringify(record));
    }
  });
  return stats;
}
