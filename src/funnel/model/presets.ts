/** Stage presets of the three closed loops, their roles and the rates each one reports. */
import type { IssueCollector } from '../../core/validation';
import { isRecord } from '../../core/validation';
import type {
  Direction,
  LocalizedText,
  PresetName,
  RateName,
  ResolvedStage,
  StageDefinition,
  StageRole,
} from './types';
import { describe } from './text';

const stage = (key: string, zh: string, en: string, ...roles: StageRole[]): ResolvedStage => ({
  key,
  labels: { 'zh-CN': zh, en },
  roles,
});

export const PRESETS: Readonly<Record<PresetName, readonly ResolvedStage[]>> = {
  'city-management': [
    stage('report', '信息收集', 'Report', 'intake'),
    stage('file', '案卷建立', 'File case'),
    stage('dispatch', '任务派遣', 'Dispatch', 'dispatch'),
    stage('handle', '任务处理', 'Handle', 'handle'),
    stage('feedback', '处理反馈', 'Feedback'),
    stage('verify', '核查结案', 'Verify & close', 'close'),
    stage('evaluate', '综合评价', 'Evaluate', 'evaluate'),
  ],
  'hotline-12345': [
    stage('accept', '受理', 'Accept', 'intake'),
    stage('dispatch', '派单', 'Dispatch', 'dispatch'),
    stage('handle', '办理', 'Handle', 'respond', 'handle'),
    stage('reply', '答复', 'Reply'),
    stage('supervise', '督办', 'Supervise'),
    stage('complete', '办结', 'Complete', 'close'),
    stage('revisit', '回访', 'Return visit'),
    stage('rate', '评价', 'Rate', 'evaluate'),
  ],
  'problem-list': [
    stage('collect', '问题归集', 'Collect', 'intake'),
    stage('sort', '问题梳理', 'Sort'),
    stage('register', '入库管理', 'Register'),
    stage('rectify', '整改落实', 'Rectify', 'handle'),
    stage('review', '问题复盘', 'Review', 'close'),
    stage('publish', '结果晾晒', 'Publish results'),
  ],
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
export const isPresetName = (value: unknown): value is PresetName =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(PRESETS, value);

export const STAGE_ROLES: readonly StageRole[] = ['intake', 'dispatch', 'respond', 'handle', 'close', 'evaluate'];

export interface RateDefinition {
  name: RateName;
  direction: Direction;
  labels: { 'zh-CN': string; en: string };
}

const rate = (name: RateName, direction: Direction, zh: string, en: string): RateDefinition => ({
  name,
  direction,
  labels: { 'zh-CN': zh, en },
});

const HIGHER: Direction = 'higher-is-better';
const LOWER: Direction = 'lower-is-better';

/** Generic rates, used by custom stage lists whose stages carry the matching role. */
const GENERIC: Record<RateName, RateDefinition> = {
  closure: rate('closure', HIGHER, '结案率', 'Closure rate'),
  onTimeClosure: rate('onTimeClosure', HIGHER, '按期结案率', 'On-time closure rate'),
  rework: rate('rework', LOWER, '返工率', 'Rework rate'),
  accurateDispatch: rate('accurateDispatch', HIGHER, '准确派遣率', 'Accurate dispatch rate'),
  response: rate('response', HIGHER, '响应率', 'Response rate'),
  resolution: rate('resolution', HIGHER, '解决率', 'Resolution rate'),
  satisfaction: rate('satisfaction', HIGHER, '满意率', 'Satisfaction rate'),
};

/** Which rates each preset reports, in display order, with the preset's own wording. */
export const PRESET_RATES: Readonly<Record<PresetName, readonly RateDefinition[]>> = {
  'city-management': [GENERIC.closure, GENERIC.onTimeClosure, GENERIC.rework, GENERIC.accurateDispatch],
  'hotline-12345': [
    GENERIC.response,
    GENERIC.resolution,
    GENERIC.satisfaction,
    rate('closure', HIGHER, '办结率', 'Completion rate'),
    rate('onTimeClosure', HIGHER, '按期办结率', 'On-time completion rate'),
  ],
  'problem-list': [
    rate('closure', HIGHER, '整改完成率', 'Rectification rate'),
    rate('onTimeClosure', HIGHER, '按期整改率', 'On-time rectification rate'),
    GENERIC.rework,
  ],
};

/** Rates a custom stage list gets from the roles its stages carry (conversion figures only without roles). */
export function ratesForRoles(stages: readonly ResolvedStage[]): RateDefinition[] {
  const has = (role: StageRole) => stages.some((s) => s.roles.includes(role));
  const out: RateDefinition[] = [];
  if (has('respond')) out.push(GENERIC.response);
  if (has('evaluate')) out.push(GENERIC.resolution, GENERIC.satisfaction);
  if (has('close')) out.push(GENERIC.closure, GENERIC.onTimeClosure);
  if (has('handle')) out.push(GENERIC.rework);
  if (has('dispatch')) out.push(GENERIC.accurateDispatch);
  return out;
}

export interface StageSetup {
  preset: PresetName | 'custom';
  stages: ResolvedStage[];
  rates: RateDefinition[];
}

export function presetSetup(name: PresetName): StageSetup {
  return { preset: name, stages: PRESETS[name].map(copyStage), rates: [...PRESET_RATES[name]] };
}

const copyStage = (s: ResolvedStage): ResolvedStage => ({ key: s.key, labels: { ...s.labels }, roles: [...s.roles] });

/** Labels are text: kept verbatim (HTML included), only shape-checked. */
export function readLabel(value: unknown, fallback: string, path: string, issues: IssueCollector): ResolvedStage['labels'] | null {
  if (value == null) return null;
  if (typeof value === 'string') {
    warnLongLabel(value, path, issues);
    return { 'zh-CN': value, en: value };
  }
  if (isRecord(value)) {
    const zh = value['zh-CN'];
    const en = value.en;
    const zhText = typeof zh === 'string' ? zh : undefined;
    const enText = typeof en === 'string' ? en : undefined;
    if (zh != null && zhText === undefined) issues.warn(`${path}.zh-CN`, `label must be text, got ${describe(zh)}; ignored`);
    if (en != null && enText === undefined) issues.warn(`${path}.en`, `label must be text, got ${describe(en)}; ignored`);
    if (zhText !== undefined) warnLongLabel(zhText, `${path}.zh-CN`, issues);
    if (enText !== undefined) warnLongLabel(enText, `${path}.en`, issues);
    if (zhText === undefined && enText === undefined) return null;
    return { 'zh-CN': zhText ?? enText ?? fallback, en: enText ?? zhText ?? fallback };
  }
  issues.warn(path, `label must be text or {"zh-CN", "en"}, got ${describe(value)}; ignored`);
  return null;
}

const LONG_LABEL = 1000;
function warnLongLabel(text: string, path: string, issues: IssueCollector): void {
  if (text.length > LONG_LABEL) issues.warn(path, `label is ${text.length} characters long: ${describe(text)}`);
}

/** Stage keys are identifiers (they end up in paths, attributes and selectors): a 10 MB one is garbage. */
const MAX_KEY = 1000;

/** Reads a custom stage list (keys or definitions). Bad entries are skipped and reported. */
export function customSetup(
  definitions: ReadonlyArray<unknown>,
  path: string,
  issues: IssueCollector,
): StageSetup {
  const stages: ResolvedStage[] = [];
  const seen = new Set<string>();
  definitions.forEach((raw, index) => {
    const at = `${path}[${index}]`;
    const definition: Partial<StageDefinition> | null =
      typeof raw === 'string' ? { key: raw } : isRecord(raw) ? (raw as Partial<StageDefinition>) : null;
    if (!definition) {
      issues.error(at, `stage must be a key or {key, label?, role?}, got ${describe(raw)}; skipped`);
      return;
    }
    const key = definition.key;
    if (typeof key !== 'string' || key === '') {
      issues.error(`${at}.key`, `stage key must be a non-empty string, got ${describe(key)}; skipped`);
      return;
    }
    if (key.length > MAX_KEY) {
      issues.error(`${at}.key`, `stage key is ${key.length} characters long (at most ${MAX_KEY}): ${describe(key)}; skipped`);
      return;
    }
    if (seen.has(key)) {
      issues.error(`${at}.key`, `duplicate stage key ${describe(key)}; skipped`);
      return;
    }
    seen.add(key);
    const labels = readLabel(definition.label as LocalizedText | undefined, key, `${at}.label`, issues) ?? {
      'zh-CN': key,
      en: key,
    };
    stages.push({ key, labels, roles: readRoles(definition.role, `${at}.role`, issues) });
  });
  return { preset: 'custom', stages, rates: ratesForRoles(stages) };
}

function readRoles(value: unknown, path: string, issues: IssueCollector): StageRole[] {
  if (value == null) return [];
  const list = Array.isArray(value) ? value : [value];
  const roles: StageRole[] = [];
  for (const role of list) {
    if (STAGE_ROLES.includes(role as StageRole)) roles.push(role as StageRole);
    else issues.warn(path, `unknown role ${describe(role)} (expected ${STAGE_ROLES.join(' | ')}); ignored`);
  }
  return roles;
}

/** Index of the first stage carrying `role`, or -1. */
export const roleIndex = (stages: readonly ResolvedStage[], role: StageRole): number =>
  stages.findIndex((s) => s.roles.includes(role));
