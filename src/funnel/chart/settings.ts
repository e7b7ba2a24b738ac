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
import { attributeIssue, checkChoice, isUnset } from '../../core/attributes';
import { IssueCollector, type ValidationIssue } from '../../core/validation';
import { checkCalendar } from '../model/calendar';
import { isUsableTime } from '../model/options';
import { isPresetName, PRESET_NAMES } from '../model/presets';
import type { CaseFilter, FunnelOptions, PresetName, StageDefinition, StageLimit, WorkingCalendar } from '../model/types';
import { checkFilter } from '../model/validate';
import type { Orientation } from './layout';
import { RATE_MODES, type RateMode } from './present';
import { clipText } from './text';

export const ORIENTATIONS: readonly Orientation[] = ['vertical', 'horizontal'];
const THEMES = ['light', 'dark'] as const;

/** What the element holds, as the page set it (any value). */
export interface SettingsInput {
  rate?: unknown;
  orientation?: unknown;
  theme?: unknown;
  preset?: unknown;
  now?: unknown;
  calendar?: unknown;
  filter?: unknown;
  label?: unknown;
  compareLabel?: unknown;
}

/** The element properties that `readSettings` reads: a change to any of them re-checks all. */
export const SETTING_NAMES = ['rate', 'orientation', 'theme', 'preset', 'now', 'calendar', 'filter', 'label', 'compareLabel'] as const;

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
  /** Warnings for every unusable value (path = the attribute or property, e.g. `rate`, `filter.tier[1]`). */
  issues: ValidationIssue[];
}

const MAX_LABEL = 120;

export function readSettings(input: SettingsInput): FunnelSettings {
  const issues: ValidationIssue[] = [];
  const rate = checkChoice(issues, 'rate', input.rate, RATE_MODES, 'first');
  const orientation = checkChoice(issues, 'orientation', input.orientation, ORIENTATIONS, 'vertical');
  checkChoice(issues, 'theme', input.theme, THEMES, 'light');

  let preset: PresetName | undefined;
  if (isPresetName(input.preset)) preset = input.preset;
  else if (!isUnset(input.preset)) issues.push(attributeIssue('preset', input.preset, PRESET_NAMES.join(' | ')));

  let now: FunnelSettings['now'];
  if (!isUnset(input.now)) {
    if (isUsableTime(input.now)) now = input.now as FunnelSettings['now'];
    else issues.push(attributeIssue('now', input.now, 'an ISO 8601 time, epoch milliseconds within ±8.64e15 or a Date'));
  }

  const collector = new IssueCollector();
  const calendar = checkCalendar(input.calendar, collector) ?? undefined;
  const filter = checkFilter(input.filter, collector) ?? undefined;
  for (const issue of collector.issues) issues.push({ ...issue, severity: 'warning' });

  return { rate, orientation, preset, now, calendar, filter, label: text(input.label), compareLabel: text(input.compareLabel), issues };
}

const text = (value: unknown): string => (typeof value === 'string' ? clipText(value, MAX_LABEL) : '');

/** The element's settings as `computeFunnel` options (checked values only). */
export function funnelOptions(
  settings: FunnelSettings,
  lang: FunnelOptions['lang'],
  more: { stages?: ReadonlyArray<string | StageDefinition>; limits?: Record<string, StageLimit> },
): FunnelOptions {
  const options: FunnelOptions = { lang };
  if (settings.preset !== undefined) options.preset = settings.preset;
  if (more.stages != null) options.stages = more.stages;
  if (settings.calendar !== undefined) options.calendar = settings.calendar;
  if (more.limits != null) options.limits = more.limits;
  if (settings.now !== undefined) options.now = settings.now;
  if (settings.filter !== undefined) options.filter = settings.filter;
  return options;
}
