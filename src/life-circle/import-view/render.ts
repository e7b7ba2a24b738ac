/**
 * The import's parts of `<city-life-circle>`: the drop zone over the map (shown while files are
 * dragged, and as a hint while there is no data), the "choose files" button, and the mapping
 * step — per file its role, encoding and delimiter (CSV), CRS with the reason it was proposed,
 * a `<select>` per field and the first rows. Native controls only; file contents are text.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { CRS_NAMES, type Crs } from '../../core/crs';
import { formatNumber, type Locale } from '../../core/i18n';
import { IMPORT_ROLES, ROLE_FIELDS, type ImportRole, type MappedField } from '../import/columns';
import type { TextEncodingName } from '../import/decode';
import type { ImportSource } from '../import/read';
import { CSV_DELIMITERS, type CsvDelimiter } from '../import/table';
import type { Translate } from '../panel/coverage-chart';
import type { LifeCircleImport } from './controller';

const ACCEPT = '.csv,.tsv,.txt,.json,.geojson,.zip,.shp,.dbf,.prj,.cpg';
const ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'];
const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
const PREVIEW_ROWS = 3;

const selected = (e: Event) => (e.target as HTMLSelectElement).value;

/** The "choose files" button (for the panel) and the hidden file input it opens. */
export function renderImportButton(importer: LifeCircleImport, t: Translate): TemplateResult {
  return html`<div class="import-pick">
    <button type="button" class="import-button" ?disabled=${importer.reading || importer.applying} @click=${() => importer.pick()}>${t('life.import.pick')}</button>
    <span class="muted small">${t('life.import.drop')}</span>
    <input
      class="import-input"
      type="file"
      multiple
      accept=${ACCEPT}
      hidden
      @change=${(e: Event) => {
        const input = e.target as HTMLInputElement;
        if (input.files) void importer.addFiles(input.files);
        input.value = '';
      }}
    />
  </div>`;
}

/** Over the map: the drop zone and the mapping step. `empty`: no data yet, so the drop hint shows. */
export function renderImportOverlay(importer: LifeCircleImport, t: Translate, locale: Locale, empty: boolean): TemplateResult | typeof nothing {
  if (importer.sources.length) return renderStep(importer, t, locale);
  if (importer.dragging) return html`<div class="drop-zone dragging" part="drop-zone"><p>${t('life.import.drop-here')}</p></div>`;
  if (!empty || importer.reading) return nothing;
  return html`<div class="drop-zone" part="drop-zone">
    <p>${t('life.import.drop')}</p>
    <p class="small">${t('life.import.formats')}</p>
    <button type="button" class="import-button" @click=${() => importer.pick()}>${t('life.import.pick')}</button>
  </div>`;
}

function renderStep(importer: LifeCircleImport, t: Translate, locale: Locale): TemplateResult {
  return html`<section
    class="import-step"
    part="import"
    role="dialog"
    aria-labelledby="life-import-title"
    @keydown=${(e: KeyboardEvent) => {
      if (e.key === 'Escape' && !importer.applying) importer.cancel();
    }}
  >
    <h3 id="life-import-title" tabindex="-1">${t('life.import.title')}</h3>
    <p class="muted small">${t('life.import.local')}</p>
    ${importer.sources.map((source, index) => renderSource(importer, source, index, t, locale))}
    <div class="buttons">
      <button type="button" class="primary" data-action="apply" ?disabled=${importer.applying} @click=${() => void importer.apply()}>${t('life.import.apply')}</button>
      <button type="button" data-action="cancel" ?disabled=${importer.applying} @click=${() => importer.cancel()}>${t('life.import.cancel')}</button>
    </div>
  </section>`;
}

function renderSource(importer: LifeCircleImport, source: ImportSource, index: number, t: Translate, locale: Locale): TemplateResult {
  const id = `life-import-${index}`;
  const fields = ROLE_FIELDS[source.role].filter((field) => !(source.table.geometries && (field === 'lon' || field === 'lat' || field === 'wkt')));
  return html`<fieldset class="import-source" data-index=${index} aria-labelledby="${id}-name">
    <div class="import-head">
      <h4 id="${id}-name">${source.name}</h4>
      <button type="button" class="close" aria-label=${t('life.import.remove', { name: source.name })} @click=${() => importer.remove(index)}>×</button>
    </div>
    <p class="muted small">
      ${t('life.import.summary', { format: t(`life.import.format.${source.format}`), rows: formatNumber(locale, source.table.rows.length) })}
      ${source.table.geometries ? html` · ${t('life.import.geometry')}` : nothing}
    </p>
    <div class="import-grid">
      ${choice(t('life.import.role'), 'role', IMPORT_ROLES, source.role, (role) => t(`life.import.role.${role}`), (role) => importer.setRole(index, role as ImportRole))}
      ${choice(t('life.import.crs'), 'crs', CRS_NAMES, source.crs, (crs) => t(`life.import.crs.${crs}`), (crs) => importer.setCrs(index, crs as Crs))}
      ${source.format === 'csv'
        ? html`${choice(t('life.import.encoding'), 'encoding', ENCODINGS, source.encoding as TextEncodingName, (e) => t(`life.import.encoding.${e}`), (e) =>
            importer.reread(index, e as TextEncodingName),
          )}
          ${choice(t('life.import.delimiter'), 'delimiter', CSV_DELIMITERS, source.delimiter ?? ',', (d) => t(`life.import.delimiter.${DELIMITER_NAMES[d]}`), (d) =>
            importer.reread(index, undefined, d as CsvDelimiter),
          )}`
        : source.encoding
          ? html`<p class="field">${t('life.import.encoding')}<span class="value">${t(`life.import.encoding.${source.encoding}`)}</span></p>`
          : nothing}
    </div>
    <p class="muted small crs-hint">${crsHintText(source, t)}</p>
    <div class="import-grid fields">${fields.map((field) => renderField(importer, source, index, field, t))}</div>
    ${source.role === 'facilities' ? html`<p class="muted small">${t('life.import.category-hint')}</p>` : nothing}
    ${renderPreview(source, t)}
  </fieldset>`;
}

function choice<T extends string>(label: string, name: string, values: readonly T[], current: T, text: (value: T) => string, on: (value: string) => void): TemplateResult {
  return html`<label class="field">
    <span>${label}</span>
    <select data-choice=${name} @change=${(e: Event) => on(selected(e))}>
      ${values.map((value) => html`<option value=${value} ?selected=${value === current}>${text(value)}</option>`)}
    </select>
  </label>`;
}

function renderField(importer: LifeCircleImport, source: ImportSource, index: number, field: MappedField, t: Translate): TemplateResult {
  const current = source.mapping[field];
  return html`<label class="field">
    <span>${t(`life.import.field.${field}`)}</span>
    <select data-field=${field} @change=${(e: Event) => importer.setField(index, field, selected(e) === '' ? null : Number(selected(e)))}>
      <option value="" ?selected=${current === null}>${t('life.import.column.none')}</option>
      ${source.table.columns.map((name, column) => html`<option value=${column} ?selected=${current === column}>${name || `#${column + 1}`}</option>`)}
    </select>
  </label>`;
}

function crsHintText(source: ImportSource, t: Translate): string {
  const hint = source.crsHint;
  if (!hint) return t('life.import.crs.assumed', { crs: t(`life.import.crs.${source.crs}`) });
  return t(`life.import.crs.hint.${hint.evidence}`, { source: hint.source, crs: t(`life.import.crs.${hint.crs}`) });
}

function renderPreview(source: ImportSource, t: Translate): TemplateResult {
  const { columns, rows } = source.table;
  const shown = rows.slice(0, PREVIEW_ROWS);
  const text = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  return html`<div class="preview" tabindex="0" role="region" aria-label=${t('life.import.preview', { count: shown.length })}>
    <table>
      <thead>
        <tr>${columns.map((name) => html`<th scope="col">${name}</th>`)}</tr>
      </thead>
      <tbody>
        ${shown.map((row) => html`<tr>${columns.map((_, c) => html`<td>${text(row[c])}</td>`)}</tr>`)}
      </tbody>
    </table>
  </div>`;
}
