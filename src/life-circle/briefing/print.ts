/**
 * The briefing as a print page: map, key figures, coverage per category, coverage by unit, gaps
 * and the plan's comparison, in the element's language, printed through the browser's dialog.
 * The page lives in an about:blank frame, so only the briefing prints, not the host page. Under a
 * strict CSP (`style-src 'self'`) it has no inline style: its stylesheet is adopted (a constructed
 * sheet of the frame's own realm), the map is a canvas, the frame is hidden through the CSSOM.
 */
import { css, html, nothing, render, unsafeCSS, type TemplateResult } from 'lit';
import { FONT_STACK } from '../../core/theme';
import type { BriefingFigures, BriefingTable } from './figures';

/** The print stylesheet (also what the frame shows on screen, should a page reveal it). */
export const printStyles = css`
  @page {
    size: A4;
    margin: 14mm;
  }
  html {
    color: #1f2937;
    background: #ffffff;
    font: 11pt/1.45 ${unsafeCSS(FONT_STACK)};
  }
  body {
    margin: 0;
  }
  h1 {
    font-size: 18pt;
    margin: 0 0 2pt;
  }
  h2 {
    font-size: 12.5pt;
    margin: 14pt 0 6pt;
    break-after: avoid;
  }
  .meta {
    color: #5b6472;
    margin: 0 0 8pt;
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 4pt 18pt;
    margin: 0;
    padding: 0;
    list-style: none;
    font-weight: 600;
  }
  canvas.map {
    display: block;
    max-width: 100%;
    height: auto;
    border: 1px solid #d0d5dc;
  }
  section {
    break-inside: avoid;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  thead {
    display: table-header-group;
  }
  th,
  td {
    border-bottom: 1px solid #d0d5dc;
    padding: 3pt 6pt;
    text-align: right;
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  thead th {
    background: #eef1f4;
  }
  tbody th {
    font-weight: 400;
    white-space: nowrap;
  }
  tr {
    break-inside: avoid;
  }
  .more,
  .none {
    color: #5b6472;
  }
`;

function renderTable(table: BriefingTable, more: (count: number) => string): TemplateResult {
  return html`<table>
      <thead>
        <tr>
          ${table.headers.map((header) => html`<th scope="col">${header}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${table.rows.map(([first, ...rest]) => html`<tr><th scope="row">${first}</th>${rest.map((cell) => html`<td>${cell}</td>`)}</tr>`)}
      </tbody>
    </table>
    ${table.more > 0 ? html`<p class="more">${more(table.more)}</p>` : nothing}`;
}

/** The page's body. `more(count)`: the note under a cut table. */
export function renderPrintPage(figures: BriefingFigures, more: (count: number) => string, noGaps: string): TemplateResult {
  const { headings } = figures;
  return html`<header>
      <h1>${figures.title}</h1>
      <p class="meta">${figures.meta}</p>
    </header>
    <section class="figures" aria-labelledby="briefing-figures">
      <h2 id="briefing-figures">${headings.figures}</h2>
      <ul class="summary">
        ${figures.summary.map((line) => html`<li>${line}</li>`)}
      </ul>
    </section>
    <section class="map-section" aria-labelledby="briefing-map">
      <h2 id="briefing-map">${headings.map}</h2>
      <canvas class="map" role="img" aria-label=${headings.map}></canvas>
    </section>
    <section class="categories" aria-labelledby="briefing-categories">
      <h2 id="briefing-categories">${headings.categories}</h2>
      ${renderTable(figures.categoryTable, more)}
    </section>
    ${figures.units
      ? html`<section class="units" aria-labelledby="briefing-units">
          <h2 id="briefing-units">${figures.units.heading}</h2>
          ${renderTable(figures.units.table, more)}
        </section>`
      : nothing}
    <section class="gaps" aria-labelledby="briefing-gaps">
      <h2 id="briefing-gaps">${headings.gaps}</h2>
      ${figures.gaps.rows.length ? renderTable(figures.gaps, more) : html`<p class="none">${noGaps}</p>`}
    </section>
    ${figures.comparison
      ? html`<section class="comparison" aria-labelledby="briefing-comparison">
          <h2 id="briefing-comparison">${headings.comparison}</h2>
          ${renderTable(figures.comparison, more)}
        </section>`
      : nothing}`;
}

/**
 * Writes the print page into `frame` (an about:blank frame already in the document): language,
 * title, adopted stylesheet, content, and the map drawn into its canvas.
 */
export function writePrintPage(frame: HTMLIFrameElement, figures: BriefingFigures, map: ImageBitmap, more: (count: number) => string, noGaps: string): Document {
  const view = frame.contentWindow as (Window & typeof globalThis) | null;
  const doc = frame.contentDocument;
  if (!view || !doc) throw new Error('the print frame has no document');
  doc.documentElement.lang = figures.locale;
  doc.title = figures.title;
  // A constructed sheet is adopted only by the document of its own realm.
  const sheet = new view.CSSStyleSheet();
  sheet.replaceSync(printStyles.cssText);
  doc.adoptedStyleSheets = [sheet];
  render(renderPrintPage(figures, more, noGaps), doc.body, { creationScope: doc });
  const canvas = doc.querySelector('canvas.map') as HTMLCanvasElement;
  canvas.width = map.width;
  canvas.height = map.height;
  canvas.getContext('2d')?.drawImage(map, 0, 0);
  return doc;
}
