import { expect } from 'chai';
import { nextEvent, waitFor } from '../helpers';
import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { CityElement } from '../../src/core/base-element';
import { define } from '../../src/core/define';
import { validateRecords, type IssueCollector } from '../../src/core/validation';
import type { CityErrorDetail } from '../../src/core/events';

interface Row {
  id: string;
  name: string;
}

/** A minimal data-bearing element built on the base class, as every CityKit element is. */
class TestDataElement extends CityElement {
  @property() src?: string;
  @property({ attribute: false }) data: unknown = null;
  rows: Row[] = [];
  private readonly source = this.createDataSource('data', (value) => {
    this.data = value;
  });

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('src')) void this.source.load(this.src, this.requestInit);
    if (changed.has('data')) {
      const input = Array.isArray(this.data) ? this.data : [];
      const result = validateRecords<Row>(input, (r, path, issues: IssueCollector): r is Row => {
        const row = r as Row;
        if (typeof row?.id !== 'string') {
          issues.error(`${path}.id`, 'id is missing', 'missing');
          return false;
        }
        return true;
      }, 'data');
      this.rows = result.valid;
      this.reportIssues('data', result.issues);
    }
  }

  override render() {
    return html`<ul>
        ${this.rows.map((r) => html`<li>${r.name}</li>`)}
      </ul>
      ${this.renderStatus()}`;
  }
}
define('citykit-test-data', TestDataElement);

async function mount(lang?: string) {
  const el = document.createElement('citykit-test-data') as TestDataElement;
  if (lang) el.setAttribute('lang', lang);
  document.body.append(el);
  await el.updateComplete;
  return el;
}


describe('core/base-element', () => {
  afterEach(() => document.querySelectorAll('citykit-test-data').forEach((e) => e.remove()));

  it('renders valid records, skips invalid ones, and reports them in a localized panel and a city-error event', async () => {
    const el = await mount('en');
    const event = nextEvent<CityErrorDetail>(el, 'city-error');
    el.data = [{ id: 'a', name: '<b>Alpha</b>' }, { name: 'no id' }, { id: 'c', name: 'Gamma' }];
    const detail = (await event).detail;
    await el.updateComplete;
    expect(detail.code).to.equal('invalid-data');
    expect(detail.issues).to.deep.equal([{ path: 'data[1].id', message: 'id is missing', severity: 'error', code: 'missing' }]);
    expect(detail.message).to.equal('Data problems: 1; the valid data is shown');
    const items = [...el.shadowRoot!.querySelectorAll('li:not(.city-error li)')].filter((li) => !li.closest('.city-error'));
    expect(items.map((li) => li.textContent)).to.deep.equal(['<b>Alpha</b>', 'Gamma']);
    expect(el.shadowRoot!.querySelector('b')).to.equal(null); // names are text, never HTML
    const panel = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(panel.getAttribute('role')).to.equal('alert');
    expect(panel.querySelector('h2')!.textContent).to.equal('Data problems');
    expect(panel.querySelector('li')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('data[1].id: required field is missing');
  });

  it('switches the panel language with the lang attribute', async () => {
    const el = await mount('en');
    el.data = [{}];
    await el.updateComplete;
    el.setAttribute('lang', 'zh-CN');
    await el.updateComplete;
    const panel = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(panel.querySelector('h2')!.textContent).to.equal('数据问题');
    expect(panel.querySelector('li')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('data[0].id: 缺少必填字段');
  });

  it('clears the report when valid data arrives, and the dismiss button hides it', async () => {
    const el = await mount('en');
    el.data = [{}];
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.not.equal(null);
    el.data = [{ id: 'x', name: 'X' }];
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
    el.data = [{}];
    await el.updateComplete;
    (el.shadowRoot!.querySelector('[part="error"] .dismiss') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
  });

  it('loads src, reports 404 and bad JSON in the panel without dropping shown data', async () => {
    const el = await mount('en');
    el.src = '/test/fixtures/good.json';
    await new Promise((r) => setTimeout(r, 0));
    await waitFor(() => el.data !== null);
    const failed = nextEvent<CityErrorDetail>(el, 'city-error');
    el.data = [{ id: 'kept', name: 'Kept' }];
    el.src = '/test/fixtures/missing.json';
    const detail = (await failed).detail;
    expect(detail.code).to.equal('load-failed');
    expect(detail.message).to.contain('HTTP 404');
    await el.updateComplete;
    expect(el.rows).to.deep.equal([{ id: 'kept', name: 'Kept' }]);
    const parseFailed = nextEvent<CityErrorDetail>(el, 'city-error');
    el.src = '/test/fixtures/bad.json';
    expect((await parseFailed).detail.code).to.equal('parse-failed');
  });

  it('aborts the previous request when src changes and ignores a stale response', async () => {
    const original = window.fetch;
    const pending: Array<{ url: string; signal: AbortSignal; resolve: (r: Response) => void }> = [];
    window.fetch = (input, init) =>
      new Promise<Response>((resolve, reject) => {
        const signal = init!.signal!;
        pending.push({ url: String(input), signal, resolve });
        // A server that ignores abort: the promise would still resolve later.
        void reject;
      });
    try {
      const el = await mount('en');
      el.src = '/first.json';
      await el.updateComplete;
      el.src = '/second.json';
      await el.updateComplete;
      expect(pending.map((p) => p.url)).to.deep.equal(['/first.json', '/second.json']);
      expect(pending[0].signal.aborted).to.equal(true);
      expect(pending[1].signal.aborted).to.equal(false);
      pending[1].resolve(new Response(JSON.stringify([{ id: 'new', name: 'New' }])));
      await waitFor(() => el.rows.length === 1);
      pending[0].resolve(new Response(JSON.stringify([{ id: 'old', name: 'Old' }])));
      await new Promise((r) => setTimeout(r, 50));
      await el.updateComplete;
      expect(el.rows).to.deep.equal([{ id: 'new', name: 'New' }]);
    } finally {
      window.fetch = original;
    }
  });

  it('fires city-progress while loading', async () => {
    const el = await mount('en');
    const seen: number[] = [];
    el.addEventListener('city-progress', (e) => seen.push(e.detail.done));
    el.src = '/test/fixtures/good.json';
    await waitFor(() => el.data !== null);
    expect(seen[0]).to.equal(0);
    expect(seen[seen.length - 1]).to.equal(33);
  });
});


describe('core/theme', () => {
  afterEach(() => document.querySelectorAll('citykit-test-data').forEach((e) => e.remove()));

  it('switches the --city-* tokens with theme="dark" and back', async () => {
    const el = await mount('en');
    el.theme = 'light';
    await el.updateComplete;
    const token = () => getComputedStyle(el).getPropertyValue('--city-bg').trim();
    expect(token()).to.equal('#f7f8fa');
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(token()).to.equal('#07111f');
    expect(getComputedStyle(el).fontSize).to.equal('16px');
  });
});

describe('core/base-element progress', () => {
  afterEach(() => document.querySelectorAll('citykit-test-data').forEach((e) => e.remove()));

  it('shows part="progress" while loading and removes it when the data arrives or fails', async () => {
    const el = await mount('en');
    el.src = '/test/fixtures/good.json';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="progress"]')).to.not.equal(null);
    await waitFor(() => el.data !== null);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="progress"]')).to.equal(null);
    el.src = '/test/fixtures/bad.json';
    await waitFor(() => el.errors.length > 0);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="progress"]')).to.equal(null);
  });
});
