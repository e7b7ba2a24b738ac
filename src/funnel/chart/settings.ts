/**
 * The element's settings under the one attribute policy (core/attributes): every attribute and
 * setting property the page gives is checked here at once, a value the funnel cannot use is
 * reported as a warning naming it and replaced by its default, and an unset / removed one is
 * simply the default. Pure (no DOM), so the element only wires it.
 *
 * Accepted as given: `label` / `compare-label` (any text; cut to a sane length for names), `src`
 * (any URL: a failed load is reported by the loader), `lang` (any language tag; zh… is Chinese,
 * everything else English, as the HTML attribute means).
 */
import { attributeIssue, checkChoice, isUnset, type AttributeReader } from '../../core/attributes';
import { IssueCollector, type ValidationIssue } from '../../core/validation';
import { checkCalendar } from '../model/calendar';
import { isUsableTime } from '../model/options';
import { isPresetName, PRESET_NAMES } from '../model/presets';
import type { RateOptions } from '../model/indicators';
import type { CaseFilter, FunnelOptions, PresetName, ReportingPeriod, StageDefinition, StageLimit, WorkingCalendar } from '../model/types';
import { checkFilter } from '../model/validate';
import type { Orientation } from './layout';
import { RATE_MODES, type RateMode } from './present';
import { clipText } from './text';

export const ORIENTATIONS: readonly Orientation[] = ['vertical', 'horizontal'];

/** The element properties the readers check: a change to any of them re-reads the settings. */
export const SETTING_NAMES = ['rate', 'orientation', 'preset', 'now', 'calendar', 'filter', 'label', 'compareLabel'] as const;
type SettingName = (typeof SETTING_NAMES)[number];

export interface FunnelSettings {
  rate: RateMode;
  orientation: Orientation;
  preset: PresetName | undefined;
  now: string | number | Date | undefined;
  calendar: WorkingCalendar | undefined;
  filter: CaseFilter | undefined;
  /** Names for the series, cut to 120 characters (empty: the built-in wording). */
  label: string;
  compareLabel: string;
}

const MAX_LABEL = 120;

/** A nested input checked by a model validator: its findings become warnings on the property. */
function nested<T>(check: (value: unknown, collector: IssueCollector) => T | null) {
  return (issues: ValidationIssue[], value: unknown): T | undefined => {
    const collector = new IssueCollector();
    const checked = check(value, collector) ?? undefined;
    for (const issue of collector.issues) issues.push({ ...issue, severity: 'warning' });
    return checked;
  };
}

/**
 * One reader per setting (the base element runs them and reports their warnings; `readSettings`
 * uses them for the values). `theme` is the base element's own.
 */
export const FUNNEL_READERS: { [Name in SettingName]: AttributeReader<FunnelSettings[Name]> } = {
  rate: (issues, value) => checkChoice(issues, 'rate', value, RATE_MODES, 'first'),
  orientation: (issues, value) => checkChoice(issues, 'orientation', value, ORIENTATIONS, 'vertical'),
  preset: (issues, value) => {
    if (isPresetName(value)) return value;
    if (!isUnset(value)) issues.push(attributeIssue('preset', value, PRESET_NAMES.join(' | ')));
    return undefined;
  },
  now: (issues, value) => {
    if (isUnset(value)) return undefined;
    if (isUsableTime(value)) return value as FunnelSettings['now'];
    issues.push(attributeIssue('now', value, 'an ISO 8601 time, epoch milliseconds within ±8.64e15 or a Date'));
    return undefined;
  },
  calendar: nested(checkCalendar),
  filter: nested(checkFilter),
  label: (_issues, value) => text(value),
  compareLabel: (_issues, value) => text(value),
};

/** The settings in effect for what the element holds (any values), with the warnings they cause. */
export function readSettings(input: Partial<Record<SettingName, unknown>>): FunnelSettings & { issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const read = <Name extends SettingName>(name: Name): FunnelSettings[Name] => FUNNEL_READERS[name](issues, input[name]);
  return {
    rate: read('rate'),
    orientation: read('orientation'),
    preset: read('preset'),
    now: read('now'),
    calendar: read('calendar'),
    filter: read('filter'),
    label: read('label'),
    compareLabel: read('compareLabel'),
    issues,
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? clipText(value, MAX_LABEL) : '');

/** The element's settings as `computeFunnel` options (checked values only). */
export function funnelOptions(
  settings: FunnelSettings,
  lang: FunnelOptions['lang'],
  more: { stages?: ReadonlyArray<string | StageDefinition>; limits?: Record<string, StageLimit>; period?: ReportingPeriod; rates?: RateOptions },
): FunnelOptions {
  const options: FunnelOptions = { lang };
  if (settings.preset !== undefined) options.preset = settings.preset;
  if (more.stages != null) options.stages = more.stages;
  if (settings.calendar !== undefined) options.calendar = settings.calendar;
  if (more.limits != null) options.limits = more.limits;
  if (settings.now !== undefined) options.now = settings.now;
  if (settings.filter !== undefined) options.filter = settings.filter;
  if (more.period != null) options.period = more.period;
  if (more.rates != null) options.rates = more.rates;
  return options;
}
