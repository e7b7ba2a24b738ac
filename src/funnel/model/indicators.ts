/**
 * The evaluation indicators each preset reports, as Chinese cities publish them in their weekly /
 * monthly 数字城管 bulletins and 12345 hotline evaluations: every indicator is one base figure
 * divided by another, both named in the result, so a leader can check it against the printed
 * report. Pure (no DOM).
 *
 * Base figures (`BaseFigures`; raw cases: figures.ts, pre-aggregated: counted by the backend):
 * 受理数 received, 立案数 filed, 派遣数 dispatched, 准确派遣数 accuratelyDispatched, 响应数 responded,
 * 按时响应数 respondedOnTime, 应处置数 shouldHandle, 处置数 handled, 按期处置数 handledOnTime,
 * 应结案数 shouldClose, 结案数 closed, 按期结案数 closedOnTime, 返工数 reworked, 延期数 extended,
 * 参评数 rated, 满意数 satisfied, 基本满意数 basicallySatisfied, 满意及基本满意数 satisfiedAll,
 * 解决情况参评数 resolutionRated, 解决数 resolved.
 *
 * Where cities differ, `options.rates` picks the figure: `{rework: {denominator: 'handled'}}`,
 * `{accurateDispatch: {include: true}}` (optional indicators are left out unless included), any
 * indicator `{include: false}` to leave it out. The defaults follow published practice.
 */
import type { IssueCollector } from '../../core/validation';
import { isRecord } from '../../core/validation';
import { describe } from './text';
import { pathKey } from './validate';
import type { Direction, FunnelLocale, PresetName } from './types';

export const BASE_FIGURE_KEYS = [
  'received',
  'filed',
  'dispatched',
  'accuratelyDispatched',
  'responded',
  'respondedOnTime',
  'shouldHandle',
  'handled',
  'handledOnTime',
  'shouldClose',
  'closed',
  'closedOnTime',
  'reworked',
  'extended',
  'rated',
  'satisfied',
  'basicallySatisfied',
  'satisfiedAll',
  'resolutionRated',
  'resolved',
] as const;
export type BaseFigureKey = (typeof BASE_FIGURE_KEYS)[number];
/** Named base counts of a period (a figure the input cannot give is absent). */
export type BaseFigures = Partial<Record<BaseFigureKey, number>>;

type Names = { 'zh-CN': string; en: string };
const names = (zh: string, en: string): Names => ({ 'zh-CN': zh, en });

/** The names of the base figures as bulletins print them. */
export const BASE_FIGURE_NAMES: Readonly<Record<BaseFigureKey, Names>> = {
  received: names('受理数', 'Received'),
  filed: names('立案数', 'Filed'),
  dispatched: names('派遣数', 'Dispatched'),
  accuratelyDispatched: names('准确派遣数', 'Accurately dispatched'),
  responded: names('响应数', 'Responded'),
  respondedOnTime: names('按时响应数', 'Responded on time'),
  shouldHandle: names('应处置数', 'Due for handling'),
  handled: names('处置数', 'Handled'),
  handledOnTime: names('按期处置数', 'Handled on time'),
  shouldClose: names('应结案数', 'Due for closure'),
  closed: names('结案数', 'Closed'),
  closedOnTime: names('按期结案数', 'Closed on time'),
  reworked: names('返工数', 'Reworked'),
  extended: names('延期数', 'Extended'),
  rated: names('参评数', 'Rated'),
  satisfied: names('满意数', 'Satisfied'),
  basicallySatisfied: names('基本满意数', 'Basically satisfied'),
  satisfiedAll: names('满意及基本满意数', 'Satisfied or basically satisfied'),
  resolutionRated: names('解决情况参评数', 'Resolution rated'),
  resolved: names('解决数', 'Resolved'),
};

/** Closing figures in the wording of the loops whose closing stage is not 结案. */
export const PRESET_FIGURE_NAMES = {
  'hotline-12345': {
    shouldClose: names('应办结数', 'Due for completion'),
    closed: names('办结数', 'Completed'),
    closedOnTime: names('按期办结数', 'Completed on time'),
  },
  'problem-list': {
    shouldClose: names('应整改数', 'Due for rectification'),
    closed: names('整改完成数', 'Rectified'),
    closedOnTime: names('按期整改数', 'Rectified on time'),
  },
} as const satisfies Partial<Record<PresetName, Partial<Record<BaseFigureKey, Names>>>>;

export const INDICATOR_KEYS = [
  'filing',
  'dispatch',
  'onTimeHandling',
  'handling',
  'closure',
  'onTimeClosure',
  'rework',
  'extension',
  'accurateDispatch',
  'response',
  'resolution',
  'satisfaction',
  'completion',
  'onTimeCompletion',
  'rectification',
  'onTimeRectification',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export interface IndicatorDefinition {
  key: IndicatorKey;
  names: Names;
  /** Default figures (published practice). */
  numerator: BaseFigureKey;
  denominator: BaseFigureKey;
  direction: Direction;
  /** Figures a city may use instead (the default first). */
  numerators?: readonly BaseFigureKey[];
  denominators?: readonly BaseFigureKey[];
  /** Left out unless `options.rates[key].include` is true. */
  optional?: boolean;
}

const HIGHER: Direction = 'higher-is-better';
const LOWER: Direction = 'lower-is-better';

const define = (
  key: IndicatorKey,
  zh: string,
  en: string,
  numerator: BaseFigureKey,
  denominator: BaseFigureKey,
  direction: Direction,
  more: Pick<IndicatorDefinition, 'numerators' | 'denominators' | 'optional'> = {},
): IndicatorDefinition => ({ key, names: names(zh, en), numerator, denominator, direction, ...more });

const closeOrDue = ['shouldClose', 'closed'] as const;
const rework = define('rework', '返工率', 'Rework rate', 'reworked', 'shouldClose', LOWER, { denominators: ['shouldClose', 'handled'] });

/** Each preset's indicators in bulletin order. */
export const PRESET_INDICATORS: Readonly<Record<PresetName, readonly IndicatorDefinition[]>> = {
  'city-management': [
    define('filing', '立案率', 'Filing rate', 'filed', 'received', HIGHER),
    define('dispatch', '派遣率', 'Dispatch rate', 'dispatched', 'filed', HIGHER),
    define('onTimeHandling', '按期处置率', 'On-time handling rate', 'handledOnTime', 'shouldHandle', HIGHER, { denominators: ['shouldHandle', 'handled'] }),
    define('handling', '处置率', 'Handling rate', 'handled', 'shouldHandle', HIGHER),
    define('closure', '结案率', 'Closure rate', 'closed', 'shouldClose', HIGHER),
    define('onTimeClosure', '按期结案率', 'On-time closure rate', 'closedOnTime', 'shouldClose', HIGHER, { denominators: closeOrDue }),
    rework,
    define('extension', '延期率', 'Extension rate', 'extended', 'shouldClose', LOWER),
    define('accurateDispatch', '准确派遣率', 'Accurate dispatch rate', 'accuratelyDispatched', 'dispatched', HIGHER, { optional: true }),
  ],
  'hotline-12345': [
    define('response', '响应率', 'Response rate', 'respondedOnTime', 'dispatched', HIGHER, {
      numerators: ['respondedOnTime', 'responded'],
      denominators: ['dispatched', 'received'],
    }),
    define('resolution', '解决率', 'Resolution rate', 'resolved', 'resolutionRated', HIGHER, { denominators: ['resolutionRated', 'closed'] }),
    define('satisfaction', '满意率', 'Satisfaction rate', 'satisfiedAll', 'rated', HIGHER, { numerators: ['satisfiedAll', 'satisfied'] }),
    define('completion', '办结率', 'Completion rate', 'closed', 'shouldClose', HIGHER),
    define('onTimeCompletion', '按期办结率', 'On-time completion rate', 'closedOnTime', 'shouldClose', HIGHER, { denominators: closeOrDue }),
  ],
  'problem-list': [
    define('rectification', '整改完成率', 'Rectification rate', 'closed', 'shouldClose', HIGHER),
    define('onTimeRectification', '按期整改率', 'On-time rectification rate', 'closedOnTime', 'shouldClose', HIGHER, { denominators: closeOrDue }),
    rework,
  ],
};

/** Every indicator definition by key (one name per key across presets). */
export const INDICATOR_DEFINITIONS: ReadonlyMap<IndicatorKey, IndicatorDefinition> = new Map(
  Object.values(PRESET_INDICATORS).flatMap((list) => list.map((d) => [d.key, d] as const)),
);

/** Per indicator: whether to show it and which figures to divide (checked by `readRateOptions`). */
export interface RateChoice {
  include?: boolean;
  numerator?: BaseFigureKey;
  denominator?: BaseFigureKey;
}
export type RateOptions = Partial<Record<IndicatorKey, RateChoice>>;

/** One computed indicator: `value` = numerator / denominator, null when the denominator is 0. */
export interface FunnelIndicator {
  key: IndicatorKey;
  /** Name in the result's language; `names` has both. */
  name: string;
  names: Names;
  value: number | null;
  numerator: number;
  denominator: number;
  numeratorKey: BaseFigureKey;
  denominatorKey: BaseFigureKey;
  direction: Direction;
}

/**
 * `options.rates` made safe: unknown indicators, unknown keys and figures an indicator cannot use
 * are reported (path `options.rates…`) and left out, so the default applies.
 */
export function readRateOptions(value: unknown, issues: IssueCollector): RateOptions {
  const out: RateOptions = {};
  if (value == null) return out;
  if (!isRecord(value)) {
    issues.warn('options.rates', `expected {indicator: {include?, numerator?, denominator?}}, got ${describe(value)}; defaults used`, 'wrong-type');
    return out;
  }
  for (const key of Object.keys(value)) {
    const path = `options.rates.${pathKey(key)}`;
    const definition = INDICATOR_DEFINITIONS.get(key as IndicatorKey);
    const raw = value[key];
    if (!definition) {
      issues.warn(path, `unknown indicator ${describe(key)} (expected ${INDICATOR_KEYS.join(' | ')}); ignored`, 'unknown-value');
      continue;
    }
    if (!isRecord(raw)) {
      issues.warn(path, `expected {include?, numerator?, denominator?}, got ${describe(raw)}; defaults used`, 'wrong-type');
      continue;
    }
    const choice: RateChoice = {};
    if (raw.include != null) {
      if (typeof raw.include === 'boolean') choice.include = raw.include;
      else issues.warn(`${path}.include`, `expected true or false, got ${describe(raw.include)}; ignored`, 'wrong-type');
    }
    for (const side of ['numerator', 'denominator'] as const) {
      const given = raw[side];
      if (given == null) continue;
      const allowed = (side === 'numerator' ? definition.numerators : definition.denominators) ?? [definition[side]];
      if (allowed.includes(given as BaseFigureKey)) choice[side] = given as BaseFigureKey;
      else issues.warn(`${path}.${side}`, `${definition.key} cannot use ${describe(given)} as its ${side} (expected ${allowed.join(' | ')}); ${definition[side]} used`, 'unknown-value');
    }
    out[definition.key] = choice;
  }
  return out;
}

/**
 * The preset's indicators from its base figures, in bulletin order. An indicator whose figures
 * the input does not give is left out (never guessed); one whose denominator is 0 has value null.
 */
export function computeIndicators(preset: PresetName | 'custom', figures: BaseFigures, lang: FunnelLocale, options: RateOptions = {}): FunnelIndicator[] {
  if (preset === 'custom') return [];
  const out: FunnelIndicator[] = [];
  for (const definition of PRESET_INDICATORS[preset]) {
    const choice = options[definition.key] ?? {};
    if (choice.include === false || (definition.optional && choice.include !== true)) continue;
    const numeratorKey = choice.numerator ?? definition.numerator;
    const denominatorKey = choice.denominator ?? definition.denominator;
    const numerator = figures[numeratorKey];
    const denominator = figures[denominatorKey];
    if (numerator === undefined || denominator === undefined) continue;
    out.push({
      key: definition.key,
      name: definition.names[lang],
      names: { ...definition.names },
      value: denominator > 0 ? numerator / denominator : null,
      numerator,
      denominator,
      numeratorKey,
      denominatorKey,
      direction: definition.direction,
    });
  }
  return out;
}
