/**
 * The planner's workbench of `<city-life-circle>`: what-if edits of the facilities (add, move,
 * remove, accept a suggested site) in named plans with undo / redo, the comparison of the active
 * plan with the baseline, and plan files (GeoJSON in and out, the comparison as CSV). It hands the
 * analysis the active plan's edits, the map its marks and gestures, and the panel its section.
 * Positions of the public methods are in the element's input CRS (`crs`), as the facilities are.
 */
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { Crs } from '../../core/crs';
import { crsTransform } from '../../core/crs';
import { emit } from '../../core/events';
import type { Locale } from '../../core/i18n';
import type { Theme } from '../../core/theme';
import type { ValidationIssue } from '../../core/validation';
import type { CityMap } from '../../map/city-map';
import type { LifeCircleAnalysis } from '../analysis-controller';
import type { PlanChangeReason } from '../events';
import { applyEdits, comparePlans, planFromGeoJson, planToGeoJson, type FacilityCollection, type FacilityEdit, type LonLat, type Plan, type PlanComparison } from '../model/scenario';
import type { LayerModel } from '../view/view-model';
import type { MapEditing } from '../view/map-edit-gestures';
import { memoize } from '../view/memo';
import { differenceColors, differenceLegend, editMarks } from './map-view';
import { comparisonCsvRows } from './comparison';
import { PlanBook } from './plans';
import { renderAnalysisLayer, renderWorkbench, type WorkbenchHandlers } from './render';
import type { LifeCircleTarget } from '../view/life-circle-deck-layer';
import type { Describe } from '../view/life-circle-layer';
import { describeIn } from '../view/map-model';
import { toCsv } from '../view/csv';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface WorkbenchHooks {
  analysis: LifeCircleAnalysis;
  settings(): { crs: Crs; mapCrs: Crs; locale: Locale; theme: Theme };
  map(): CityMap | null;
  /** Reports (or clears, with []) problems of an imported plan. */
  issues(issues: ValidationIssue[]): void;
  download(blob: Blob, fileName: string): void;
  /** A residence was picked on the map (null: the pick missed everything). */
  pickResidence(id: string | null): void;
  t: Translate;
}

/** What the map colours residences by: their score, or what the active plan changes for them. */
export type MapColouring = 'score' | 'difference';

export class Workbench implements ReactiveController {
  /** Category placed by a tap on the map (add mode), null when not adding. */
  adding: string | null = null;
  /** Category the panel's "add" uses. */
  addCategory: string | null = null;
  /** Id of the facility selected for moving or removing. */
  selectedFacility: string | null = null;
  colouring: MapColouring = 'score';

  private readonly book = new PlanBook();
  /** Where the selected facility is being dragged (display CRS), null when it is not. */
  private preview: [number, number] | null = null;
  private readonly compare = memoize((baseline: LifeCircleResultLike, result: LifeCircleResultLike) => comparePlans(baseline.columns, result.columns));
  private readonly marks = memoize(editMarks);
  private readonly differences = memoize(differenceColors);

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly hooks: WorkbenchHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('keydown', this.onKey);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('keydown', this.onKey);
  }

  get plans(): Plan[] {
    return this.book.plans;
  }

  get activePlan(): Plan | null {
    return this.book.activePlan;
  }

  get canUndo(): boolean {
    return this.book.canUndo;
  }

  get canRedo(): boolean {
    return this.book.canRedo;
  }

  /** The active plan against the baseline (null: the baseline is active, or no result yet). */
  get comparison(): PlanComparison | null {
    const { baseline, result } = this.hooks.analysis;
    return this.book.activePlan && baseline && result ? this.compare(baseline, result) : null;
  }

  // ---- Edits --------------------------------------------------------------------------------

  /** Adds a facility (at the map's centre when no position is given); its new id, or null (no data, unknown category). */
  addFacility(category: string, position?: LonLat, name?: string): string | null {
    const { inputs } = this.hooks.analysis;
    const at = position ?? this.mapCentre();
    if (!inputs.scene || !at || !inputs.categories.some((c) => c.key === category)) return null;
    const id = this.freeFacilityId();
    const edit: FacilityEdit = { kind: 'add', id, category, position: [at[0], at[1]] };
    if (name !== undefined) edit.name = name;
    this.record(edit);
    return id;
  }

  /** Moves a facility of the active plan; false when it has none of that id. */
  moveFacility(id: string, position: LonLat): boolean {
    if (!this.hooks.analysis.inputs.scene?.facilities.row.has(id)) return false;
    this.record({ kind: 'move', id, position: [position[0], position[1]] });
    return true;
  }

  /** Removes a facility from the active plan; false when it has none of that id. */
  removeFacility(id: string): boolean {
    if (!this.hooks.analysis.inputs.scene?.facilities.row.has(id)) return false;
    if (this.selectedFacility === id) this.selectedFacility = null;
    this.record({ kind: 'remove', id });
    return true;
  }

  /** Adds the suggested site of `rank` to the plan (a facility of the suggestion's category); its id, or null. */
  acceptSite(rank: number): string | null {
    const suggestion = this.hooks.analysis.suggestion;
    const site = suggestion?.sites.find((s) => s.rank === rank);
    if (!suggestion || !site) return null;
    const [lon, lat] = crsTransform('wgs84', this.hooks.settings().crs)(site.coordinates[0], site.coordinates[1]);
    return this.addFacility(suggestion.category, [lon, lat], this.hooks.t('life.plan.site-name', { rank }));
  }

  undo(): boolean {
    return this.book.undo() !== null && this.changed('undo');
  }

  redo(): boolean {
    return this.book.redo() !== null && this.changed('redo');
  }

  selectFacility(id: string | null): void {
    this.selectedFacility = id !== null && this.hooks.analysis.inputs.scene?.facilities.row.has(id) ? id : null;
    this.host.requestUpdate();
  }

  /** Add mode for `category` (null: leave it); a tap on the map then places one. */
  setAdding(category: string | null): void {
    this.adding = category;
    if (category !== null) this.addCategory = category;
    this.host.requestUpdate();
  }

  setColouring(colouring: MapColouring): void {
    this.colouring = colouring;
    this.host.requestUpdate();
  }

  // ---- Plans --------------------------------------------------------------------------------

  /** A new plan (a copy of the active one's edits when `copy`), made active; its name (made unique). */
  createPlan(name?: string, copy = false): string {
    const created = this.book.create(name ?? this.book.freeName(this.hooks.t('life.plan.default-name')), copy ? this.book.activePlan?.edits : []);
    this.changed('create');
    return created;
  }

  renamePlan(from: string, to: string): boolean {
    return this.book.rename(from, to) && this.changed('rename');
  }

  deletePlan(name: string): boolean {
    return this.book.remove(name) && this.changed('delete');
  }

  /** Makes a plan (null: the baseline) active; false when there is no plan of that name. */
  selectPlan(name: string | null): boolean {
    return this.book.select(name) && this.changed('select');
  }

  /**
   * Reads a plan's GeoJSON (object, text or file) into a new active plan; features that are no
   * edit, and edits naming no facility of the data, are reported in `city-error` and left out.
   */
  async importPlan(source: unknown): Promise<Plan | null> {
    let input: unknown = source;
    try {
      if (source instanceof Blob) input = JSON.parse(await source.text());
      else if (typeof source === 'string') input = JSON.parse(source);
    } catch (error) {
      this.hooks.issues([{ path: 'plan', message: (error as Error).message, severity: 'error', code: 'parse-failed' } as ValidationIssue]);
      return null;
    }
    const fileName = source instanceof File ? source.name.replace(/\.(geo)?json$/i, '') : '';
    const { plan, issues } = planFromGeoJson(input, fileName || this.hooks.t('life.plan.imported-name'));
    const baseline = this.hooks.analysis.inputs.baselineFacilities;
    // An edit naming no facility of this data is left out, as a bad feature is.
    const checked = isCollection(baseline) ? keepApplicable(baseline, plan.edits) : { edits: plan.edits, issues: [] };
    this.hooks.issues([...issues, ...checked.issues]);
    this.book.create(plan.name, checked.edits);
    this.changed('import');
    return this.book.activePlan;
  }

  /** The active plan as GeoJSON (a removed facility at its place in the data), null for the baseline. */
  exportPlan(): ReturnType<typeof planToGeoJson> | null {
    const plan = this.book.activePlan;
    return plan ? planToGeoJson(plan, (this.hooks.analysis.inputs.facilities as FacilityCollection | undefined) ?? null) : null;
  }

  /** The comparison as CSV (UTF-8 with BOM; headers and categories in the element's language), '' without one. */
  comparisonCsv(): string {
    const comparison = this.comparison;
    const result = this.hooks.analysis.result;
    if (!comparison || !result) return '';
    const { locale } = this.hooks.settings();
    const label = (key: string) => {
      const category = result.categories.find((c) => c.key === key);
      return category ? (category.label[locale] ?? category.label.en ?? key) : key;
    };
    return toCsv(comparisonCsvRows(comparison, this.hooks.t, label));
  }

  // ---- Panel, map and keys ------------------------------------------------------------------

  /** The panel's workbench section (once there is a result to edit). */
  render(): TemplateResult | null {
    const { analysis, t } = this.hooks;
    const { result, inputs } = analysis;
    if (!result) return null;
    const { locale } = this.hooks.settings();
    const categoryLabel = (key: string) => {
      const category = inputs.categories.find((c) => c.key === key);
      return category ? (category.label[locale] ?? category.label.en ?? key) : key;
    };
    const categories = result.categories.map((c) => ({ key: c.key, label: categoryLabel(c.key) }));
    if (!categories.some((c) => c.key === this.addCategory)) this.addCategory = categories[0]?.key ?? null;
    const selected = this.selectedFacility;
    const name = selected === null ? null : (inputs.facilityName(selected) ?? selected);
    return renderWorkbench(
      {
        locale,
        t,
        plans: this.book.plans,
        active: this.book.activePlan,
        categories,
        addCategory: this.addCategory,
        adding: this.adding !== null,
        selected: selected === null ? null : { id: selected, name: name! },
        canUndo: this.book.canUndo,
        canRedo: this.book.canRedo,
        comparison: this.comparison,
        categoryLabel,
        colouring: this.colouring,
        busy: analysis.running,
      },
      this.handlers,
    );
  }

  private readonly handlers: WorkbenchHandlers = {
    selectPlan: (name) => this.selectPlan(name),
    createPlan: () => this.createPlan(undefined, true),
    renamePlan: (from, to) => {
      if (!this.renamePlan(from, to)) this.host.requestUpdate(); // the field shows the kept name again
    },
    deletePlan: (name) => this.deletePlan(name),
    addCategory: (key) => {
      this.addCategory = key;
      if (this.adding !== null) this.adding = key;
      this.host.requestUpdate();
    },
    toggleAdding: () => this.setAdding(this.adding === null ? this.addCategory : null),
    addAtCentre: () => void (this.addCategory !== null && this.addFacility(this.addCategory)),
    removeSelected: () => void (this.selectedFacility !== null && this.removeFacility(this.selectedFacility)),
    deselect: () => this.selectFacility(null),
    undo: () => this.undo(),
    redo: () => this.redo(),
    colouring: (colouring) => this.setColouring(colouring),
    exportPlan: () => {
      const plan = this.exportPlan();
      if (plan) this.hooks.download(new Blob([JSON.stringify(plan)], { type: 'application/geo+json' }), `${this.book.activePlan!.name}.geojson`);
    },
    exportComparison: () => {
      const csv = this.comparisonCsv();
      if (csv) this.hooks.download(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${this.book.activePlan!.name}-${this.hooks.t('life.plan.csv.file')}.csv`);
    },
    importPlan: (file) => void this.importPlan(file),
  };

  /** The layer model with the plan's marks, and the difference colours when they are shown. */
  layer(model: LayerModel): LayerModel & { marks: ReturnType<typeof editMarks> } {
    const { analysis } = this.hooks;
    const { mapCrs, theme } = this.hooks.settings();
    const { scene, engineEdits, baselineFacilities, categoryColors } = analysis.inputs;
    const marks = this.marks(scene, engineEdits, baselineFacilities, mapCrs, categoryColors, this.selectedFacility, this.preview);
    const comparison = this.colouring === 'difference' ? this.comparison : null;
    if (!comparison || !scene || !analysis.baseline) return { ...model, marks };
    const { colors, counts } = this.differences(scene, analysis.baseline.columns.residenceIds, comparison.direction, theme);
    return { ...model, marks, residenceColors: colors, legend: differenceLegend(counts, this.hooks.t, theme) };
  }

  /** The analysis layer for the element's map, with the plan's marks and edit gestures. */
  renderLayer(model: LayerModel, theme: Theme | undefined): TemplateResult {
    return renderAnalysisLayer(this.layer(model), { theme, locale: this.hooks.settings().locale, describe: this.describe, pick: this.pick }, this.editing);
  }

  /** A map pick: a residence goes to the element, a facility is selected for editing. */
  private readonly pick = (target: LifeCircleTarget | null): void => {
    if (target === null || target.kind === 'residence') this.hooks.pickResidence(target && target.id);
    else if (target.kind === 'facility') this.selectFacility(target.id);
  };

  private readonly describe: Describe = (target) => describeIn(this.hooks.analysis, target, this.hooks.settings().locale, this.hooks.t);

  /** What the map's edit gestures act on. */
  readonly editing: MapEditing = {
    adding: () => this.adding !== null,
    draggable: () => this.selectedPosition(),
    place: (position) => void (this.adding !== null && this.addFacility(this.adding, this.toInput(position))),
    drag: (position) => {
      this.preview = position;
      this.host.requestUpdate();
    },
    drop: (position) => void (this.selectedFacility !== null && this.moveFacility(this.selectedFacility, this.toInput(position))),
    remove: () => void (this.selectedFacility !== null && this.removeFacility(this.selectedFacility)),
    cancel: () => (this.adding !== null ? this.setAdding(null) : this.selectFacility(null)),
  };

  /** Ctrl+Z undoes, Ctrl+Y and Ctrl+Shift+Z redo, anywhere in the element but a text field. */
  private readonly onKey = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || isTextField(event.composedPath()[0])) return;
    const key = event.key.toLowerCase();
    const redo = key === 'y' || (key === 'z' && event.shiftKey);
    if (key !== 'z' && key !== 'y') return;
    event.preventDefault();
    if (redo) this.redo();
    else this.undo();
  };

  private record(edit: FacilityEdit): void {
    // An edit on the baseline starts a plan: the baseline itself never changes.
    if (!this.book.activePlan) this.book.create(this.book.freeName(this.hooks.t('life.plan.default-name')));
    this.book.push(edit);
    this.changed('edit');
  }

  /** Hands the analysis the active plan's edits and tells the page; true (for `&&` chains). */
  private changed(reason: PlanChangeReason): true {
    // A copy: the plan's list grows in place, and the analysis tells lists apart by identity.
    const edits = [...this.book.edits];
    this.hooks.analysis.setEdits(edits);
    const scene = this.hooks.analysis.inputs.scene;
    if (this.selectedFacility !== null && !planHas(edits, scene?.facilities.row, this.selectedFacility)) this.selectedFacility = null;
    this.host.requestUpdate();
    emit(this.host, 'city-plan-change', { plan: this.book.activePlan, edits, reason });
    return true;
  }

  private selectedPosition(): [number, number] | null {
    const scene = this.hooks.analysis.inputs.scene;
    const row = this.selectedFacility === null ? undefined : scene?.facilities.row.get(this.selectedFacility);
    if (!scene || row === undefined) return null;
    return [scene.facilities.positions[2 * row]!, scene.facilities.positions[2 * row + 1]!];
  }

  /** Display CRS → input CRS. */
  private toInput(position: [number, number]): LonLat {
    const { crs, mapCrs } = this.hooks.settings();
    return crsTransform(mapCrs, crs)(position[0], position[1]);
  }

  private mapCentre(): LonLat | null {
    const view = this.hooks.map()?.viewState;
    return view ? this.toInput([view.longitude, view.latitude]) : null;
  }

  /** `new-1`, `new-2`…: the first id no facility of the data or of any plan has. */
  private freeFacilityId(): string {
    const taken = new Set<string>(this.hooks.analysis.inputs.scene?.facilities.ids ?? []);
    for (const plan of this.book.plans) for (const edit of plan.edits) taken.add(edit.id);
    for (const feature of (this.hooks.analysis.inputs.baselineFacilities as FacilityCollection | undefined)?.features ?? []) {
      const id = (feature as { properties?: { id?: unknown } } | null)?.properties?.id;
      if (id !== undefined && id !== null) taken.add(String(id));
    }
    let n = 1;
    while (taken.has(`new-${n}`)) n++;
    return `new-${n}`;
  }
}

type LifeCircleResultLike = { columns: Parameters<typeof comparePlans>[0] };

function isCollection(value: unknown): value is FacilityCollection {
  return typeof value === 'object' && value !== null && Array.isArray((value as { features?: unknown }).features);
}

/** The edits that apply to `baseline` in order, and what the others' failure reported. */
function keepApplicable(baseline: FacilityCollection, edits: readonly FacilityEdit[]): { edits: FacilityEdit[]; issues: ValidationIssue[] } {
  const { issues } = applyEdits(baseline, edits);
  const bad = new Set(issues.map((issue) => Number(/^edits\[(\d+)\]/.exec(issue.path)?.[1])));
  return { edits: edits.filter((_, i) => !bad.has(i)), issues };
}

function planHas(edits: readonly FacilityEdit[], rows: ReadonlyMap<string, number> | undefined, id: string): boolean {
  const last = [...edits].reverse().find((edit) => edit.id === id);
  return last ? last.kind !== 'remove' : (rows?.has(id) ?? false);
}

function isTextField(target: EventTarget | undefined): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'file'].includes(target.type)) || target instanceof HTMLTextAreaElement);
}
