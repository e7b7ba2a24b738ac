/**
 * The workbench's section of the side panel: scenarios (baseline and named plans: new, rename,
 * delete, switch), edit tools (category, add by tapping the map or at its centre, the selected
 * facility's remove, undo / redo), the comparison with the baseline per category, the difference
 * map switch, and plan files (GeoJSON export / import, comparison CSV). Native controls only;
 * every name from data or from the user is rendered as text.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Theme } from '../../core/theme';
import { formatNumber, type Locale } from '../../core/i18n';
import type { Plan, PlanComparison } from '../model/scenario';
import type { LifeCircleTarget } from '../view/life-circle-deck-layer';
import type { Describe } from '../view/life-circle-layer';
import type { MapEditing } from '../view/map-edit-gestures';
import type { LayerModel } from '../view/view-model';
import type { editMarks } from './map-view';
import type { MapColouring } from './controller';

type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface WorkbenchModel {
  locale: Locale;
  t: Translate;
  plans: readonly Plan[];
  active: Plan | null;
  /** Categories a facility can be added for (the analysed level's). */
  categories: readonly { key: string; label: string }[];
  addCategory: string | null;
  adding: boolean;
  selected: { id: string; name: string } | null;
  canUndo: boolean;
  canRedo: boolean;
  comparison: PlanComparison | null;
  categoryLabel(key: string): string;
  colouring: MapColouring;
  busy: boolean;
}

export interface WorkbenchHandlers {
  selectPlan(name: string | null): void;
  createPlan(): void;
  renamePlan(from: string, to: string): void;
  deletePlan(name: string): void;
  addCategory(key: string): void;
  toggleAdding(): void;
  addAtCentre(): void;
  removeSelected(): void;
  deselect(): void;
  undo(): void;
  redo(): void;
  colouring(colouring: MapColouring): void;
  exportPlan(): void;
  exportComparison(): void;
  importPlan(file: File): void;
}

export function renderWorkbench(m: WorkbenchModel, on: WorkbenchHandlers): TemplateResult {
  const { t } = m;
  return html`<section class="section workbench" aria-labelledby="life-plan" data-plan=${m.active?.name ?? ''}>
    <h3 id="life-plan">${t('life.plan')}</h3>
    ${renderScenarios(m, on)} ${renderTools(m, on)} ${m.comparison ? renderComparison(m, on) : nothing}
    <div class="buttons plan-files">
      <button type="button" data-plan-action="export" ?disabled=${!m.active} @click=${on.exportPlan}>${t('life.plan.export')}</button>
      <button type="button" data-plan-action="export-comparison" ?disabled=${!m.comparison} @click=${on.exportComparison}>${t('life.plan.export-comparison')}</button>
      <label class="file-button">
        <input
          type="file"
          class="visually-hidden"
          accept=".geojson,.json,application/geo+json,application/json"
          data-plan-action="import"
          @change=${(event: Event) => {
            const input = event.target as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) on.importPlan(file);
          }}
        /><span>${t('life.plan.import')}</span>
      </label>
    </div>
  </section>`;
}

function renderScenarios(m: WorkbenchModel, on: WorkbenchHandlers): TemplateResult {
  const { t, active } = m;
  return html`<div class="plan-bar">
    <label class="field">
      <span>${t('life.plan.scenario')}</span>
      <select data-plan-select @change=${(e: Event) => on.selectPlan((e.target as HTMLSelectElement).value || null)}>
        <option value="" ?selected=${!active}>${t('life.plan.baseline')}</option>
        ${m.plans.map((plan) => html`<option value=${plan.name} ?selected=${active?.name === plan.name}>${plan.name}</option>`)}
      </select>
    </label>
    <div class="buttons">
      <button type="button" data-plan-action="create" @click=${on.createPlan}>${t('life.plan.create')}</button>
      ${active
        ? html`<button type="button" data-plan-action="delete" @click=${() => on.deletePlan(active.name)}>${t('life.plan.delete')}</button>`
        : nothing}
    </div>
    ${active
      ? html`<label class="field">
          <span>${t('life.plan.name')}</span>
          <input type="text" data-plan-name .value=${active.name} @change=${(e: Event) => on.renamePlan(active.name, (e.target as HTMLInputElement).value)} />
        </label>`
      : nothing}
    <p class="muted small">${active ? editSummary(m, active) : t('life.plan.baseline-hint')}</p>
  </div>`;
}

function editSummary({ t, locale }: WorkbenchModel, plan: Plan): string {
  const count = (kind: string) => formatNumber(locale, plan.edits.filter((edit) => edit.kind === kind).length);
  return t('life.plan.edits', { count: formatNumber(locale, plan.edits.length), added: count('add'), moved: count('move'), removed: count('remove') });
}

function renderTools(m: WorkbenchModel, on: WorkbenchHandlers): TemplateResult {
  const { t } = m;
  const noCategory = m.categories.length === 0;
  return html`<div class="edit-tools">
    <label class="field">
      <span>${t('life.plan.category')}</span>
      <select data-plan-category ?disabled=${noCategory} @change=${(e: Event) => on.addCategory((e.target as HTMLSelectElement).value)}>
        ${m.categories.map((c) => html`<option value=${c.key} ?selected=${m.addCategory === c.key}>${c.label}</option>`)}
      </select>
    </label>
    <div class="buttons">
      <button type="button" data-plan-action="add" aria-pressed=${m.adding ? 'true' : 'false'} ?disabled=${noCategory} @click=${on.toggleAdding}>
        ${t('life.plan.add')}
      </button>
      <button type="button" data-plan-action="add-centre" ?disabled=${noCategory} @click=${on.addAtCentre}>${t('life.plan.add-centre')}</button>
      <button type="button" data-plan-action="undo" ?disabled=${!m.canUndo} title=${t('life.plan.undo-keys')} @click=${on.undo}>${t('life.plan.undo')}</button>
      <button type="button" data-plan-action="redo" ?disabled=${!m.canRedo} title=${t('life.plan.redo-keys')} @click=${on.redo}>${t('life.plan.redo')}</button>
    </div>
    <p class="muted small" role="status">${m.adding ? t('life.plan.adding-hint') : m.selected ? t('life.plan.selected-hint') : t('life.plan.select-hint')}</p>
    ${m.selected
      ? html`<div class="selected-facility">
          <span>${t('life.plan.selected', { name: m.selected.name })}</span>
          <div class="buttons">
            <button type="button" data-plan-action="remove" @click=${on.removeSelected}>${t('life.plan.remove')}</button>
            <button type="button" data-plan-action="deselect" @click=${on.deselect}>${t('life.plan.deselect')}</button>
          </div>
        </div>`
      : nothing}
  </div>`;
}

function renderComparison(m: WorkbenchModel, on: WorkbenchHandlers): TemplateResult {
  const { t, locale } = m;
  const c = m.comparison!;
  const n = (value: number) => formatNumber(locale, value);
  return html`<div class="comparison" aria-live="polite">
    <h4>${t('life.plan.compare')}</h4>
    ${m.busy ? html`<p class="muted small">${t('life.plan.updating')}</p>` : nothing}
    <table class="compare-table">
      <thead>
        <tr>
          <th scope="col">${t('life.plan.csv.category')}</th>
          <th scope="col">${t('life.plan.csv.served')}</th>
          <th scope="col">${t('life.plan.csv.lost')}</th>
        </tr>
      </thead>
      <tbody>
        ${c.categories.map(
          (row) => html`<tr data-category=${row.category}>
            <th scope="row">${m.categoryLabel(row.category)}</th>
            <td class=${row.served > 0 ? 'gain' : ''}>${row.served > 0 ? `+${n(row.served)}` : '0'}</td>
            <td class=${row.lost > 0 ? 'loss' : ''}>${row.lost > 0 ? `−${n(row.lost)}` : '0'}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <p class="muted small">${t('life.plan.changed-residences', { count: n(c.residences.length) })}</p>
    <label class="check">
      <input type="checkbox" data-plan-difference .checked=${m.colouring === 'difference'} @change=${(e: Event) => on.colouring((e.target as HTMLInputElement).checked ? 'difference' : 'score')} />
      <span>${t('life.plan.difference-map')}</span>
    </label>
  </div>`;
}

/** What the element hands the analysis layer besides its model: theme, language, tooltip text and the pick handler. */
export interface LayerWiring {
  theme: Theme | undefined;
  locale: Locale;
  describe: Describe;
  pick: (target: LifeCircleTarget | null) => void;
}

/** The analysis layer on the element's map: the view's model with the plan's marks, and the edit gestures. */
export function renderAnalysisLayer(layer: LayerModel & { marks: ReturnType<typeof editMarks> }, wiring: LayerWiring, editing: MapEditing): TemplateResult {
  return html`<city-life-circle-layer
    theme=${ifDefined(wiring.theme)}
    lang=${wiring.locale}
    .scene=${layer.scene}
    .residenceColors=${layer.residenceColors}
    .categoryColors=${layer.categoryColors}
    .shownCategories=${layer.shownCategories}
    .selectedRow=${layer.selectedRow}
    .isochrone=${layer.isochrone}
    .links=${layer.links}
    .sites=${layer.sites}
    .legend=${layer.legend}
    .marks=${layer.marks}
    .describe=${wiring.describe}
    .pick=${wiring.pick}
    .editing=${editing}
  ></city-life-circle-layer>`;
}
