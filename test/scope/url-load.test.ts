/**
 * A briefing link, opened for real: a page with `<city-scope sync-url>` loaded in a frame from a URL
 * naming a unit and a window comes up in that state; a click's URL, loaded again, gives the same
 * state; going back returns to the link's view.
 */
import { expect } from 'chai';
import { computeFunnel } from '../../src/funnel/index';
import type { UrlPageDashboard } from './pages/url-page';
import { LINKED_CASES, LINKED_NOW } from './linked-fixtures';
import { waitFor } from '../helpers';

const PAGE = new URL('./pages/url-page.html', import.meta.url).pathname;
const UNITS_OF: Record<string, ReadonlySet<string>> = { D1: new Set(['C1', 'C2', 'C3']), C1: new Set(['C1']) };
const options = { preset: 'city-management' as const, now: LINKED_NOW, lang: 'zh-CN' as const, caseIds: true };

let frame: HTMLIFrameElement | undefined;

/** The dashboard of the page the frame shows once it has drawn (a new one after each load). */
async function loaded(previous?: UrlPageDashboard): Promise<UrlPageDashboard> {
  const current = () => (frame!.contentWindow as (Window & { dashboard?: UrlPageDashboard }) | null)?.dashboard;
  await waitFor(() => current() !== undefined && current() !== previous, 20000);
  const dashboard = current()!;
  await dashboard.ready;
  return dashboard;
}

function open(search: string): Promise<UrlPageDashboard> {
  frame = document.createElement('iframe');
  frame.width = '620';
  frame.height = '800';
  frame.src = `${PAGE}${search}`;
  document.body.append(frame);
  return loaded();
}

/** What the page shows, read through its elements' public properties. */
function state({ scope, grid, risk, funnel }: UrlPageDashboard) {
  return {
    unit: scope.unit,
    window: [scope.from, scope.to],
    gridSelected: grid.selected,
    risks: risk.shownRecords.map((r) => (r as { id: string }).id).sort(),
    funnelStages: funnel.metrics?.stages,
  };
}

const expected = (unit: 'D1' | 'C1', risks: string[]) => ({
  unit,
  window: ['2024-03-01', '2024-03-02'],
  gridSelected: unit,
  risks,
  funnelStages: computeFunnel({ cases: LINKED_CASES.filter((c) => UNITS_OF[unit].has(c.grid)) }, options).stages,
});

describe('<city-scope sync-url> opened from a link (a real page load)', function () {
  this.timeout(90000);
  afterEach(() => {
    frame?.remove();
    frame = undefined;
  });

  it('opens the linked view, reloads a click’s URL to the same view, and goes back to the link’s', async () => {
    let dashboard = await open('?unit=D1&from=2024-03-01&to=2024-03-02');
    // D1 holds C1–C3: r1 (1 March, C1) and r3 (2 March, C3); r4 lies in D2.
    expect(state(dashboard)).to.deep.equal(expected('D1', ['r1', 'r3']));

    dashboard.scope.selectUnit('C1', { interactive: true });
    await dashboard.scope.updateComplete;
    const clicked = frame!.contentWindow!.location.search;
    expect(new URLSearchParams(clicked).get('unit')).to.equal('C1');

    frame!.contentWindow!.location.reload();
    dashboard = await loaded(dashboard);
    expect(frame!.contentWindow!.location.search).to.equal(clicked);
    expect(state(dashboard)).to.deep.equal(expected('C1', ['r1']));

    frame!.contentWindow!.history.back();
    // Back across a reload loads the earlier entry's document, or pops state in the same one.
    await waitFor(() => (frame!.contentWindow as Window & { dashboard?: UrlPageDashboard }).dashboard?.scope.unit === 'D1', 20000);
    dashboard = (frame!.contentWindow as Window & { dashboard: UrlPageDashboard }).dashboard;
    await dashboard.ready;
    await Promise.all([dashboard.risk.rendered(), dashboard.funnel.rendered()]);
    expect(new URLSearchParams(frame!.contentWindow!.location.search).get('unit')).to.equal('D1');
    expect(state(dashboard)).to.deep.equal(expected('D1', ['r1', 'r3']));
  });
});
