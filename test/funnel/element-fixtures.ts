/** Hand-built cases for the element tests: the figures are known without running the model. */
import type { CityClosureFunnel } from '../../src/funnel/city-closure-funnel';
import '../../src/funnel/index';

export const CM_KEYS = ['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate'];
/** Cases reaching each city-management stage: the last stage holds 1% of the first. */
export const CM_COUNTS = [100, 90, 80, 70, 60, 50, 1];

const HOUR = 3_600_000;
const START = Date.UTC(2024, 2, 1, 1, 0); // 2024-03-01 09:00 +08:00

/**
 * Case `c{i}` reaches the first d stages, where d = how many counts exceed i. Cases 80–84 are
 * voided at `file`; cases 0–4 were reworked once; cases 0–9 missed their `handle` deadline
 * (due 30 minutes after entering, left after an hour).
 */
export function cityManagementCases(counts = CM_COUNTS) {
  return Array.from({ length: counts[0] }, (_, i) => {
    const depth = counts.filter((c) => c > i).length;
    const t0 = START + i * 60_000;
    const stages: Record<string, string> = {};
    for (let j = 0; j < depth; j++) stages[CM_KEYS[j]] = new Date(t0 + j * HOUR).toISOString();
    const c: Record<string, unknown> = {
      id: `c${i}`,
      stages,
      tier: (['big', 'small', 'micro'] as const)[i % 3],
      channel: i % 2 ? 'hotline' : 'patrol',
      grid: `g${i % 4}`,
    };
    if (i >= 80 && i < 85) c.status = 'void';
    if (i < 5) c.reworks = 1;
    if (i < 10) c.due = { handle: new Date(t0 + 3 * HOUR + HOUR / 2).toISOString() };
    return c;
  });
}

export const NOW = '2024-03-10T00:00:00+08:00';

export async function mountFunnel(setup: (el: CityClosureFunnel) => void = () => {}, style = 'width:900px;height:640px'): Promise<CityClosureFunnel> {
  const el = document.createElement('city-closure-funnel') as CityClosureFunnel;
  el.setAttribute('style', `display:block;${style};--city-funnel-duration:0ms`);
  el.setAttribute('now', NOW);
  setup(el);
  document.body.append(el);
  await settle(el);
  return el;
}

/** Waits for the update, the first ResizeObserver callback and the redraw it causes. */
export async function settle(el: CityClosureFunnel): Promise<void> {
  await el.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  await el.updateComplete;
}

export const shadow = (el: Element) => el.shadowRoot!;
export const stageGroups = (el: Element) => [...shadow(el).querySelectorAll<SVGGElement>('g.stage')];
/** The label group drawn for a stage (kept outside its button). */
export const stageLabels = (el: Element) => [...shadow(el).querySelectorAll<SVGGElement>('g.stage-label')];
export const textOf = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

export { nextEvent } from '../helpers';
