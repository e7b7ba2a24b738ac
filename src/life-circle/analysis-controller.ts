/**
 * The engine work of `<city-life-circle>`: takes the inputs in (converted and drawn once per
 * change, see view/inputs.ts), decides when an analysis is due (an input, level, mode or speed
 * changed, and no `src` is still loading), and runs it on one runner — the engine's Web Worker,
 * or the main thread when the worker cannot start (retried there once). Three cancellable jobs
 * share the runner: the analysis, the selected residence's isochrone and the site suggestion. A
 * newer job of a kind cancels the older one; the analysis cancels the other two; leaving the page
 * cancels everything and stops the worker. A stale answer never overwrites a newer one.
 *
 * What-if plans: the baseline (the facilities as given) is analysed once per input change; the
 * engine then applies the active plan's whole edit list to it incrementally (`client.edit`), which
 * gives `result` (the baseline's own result when there are none). An edit never re-runs the baseline.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Crs } from '../core/crs';
import type { Locale } from '../core/i18n';
import type { IsochroneCollection } from './engine/isochrone';
import { residenceOutcome } from './engine/result';
import type { SiteSuggestion } from './engine/site-suggestion';
import type { LevelMinutes, LifeCircleOptions, LifeCircleResult, TravelMode, TravelSpeeds } from './engine/types';
import type { FacilityEdit } from './model/scenario';
import { LifeCircleInputs, type InputName } from './view/inputs';
import { csvFileName, csvRows, toCsv, type CsvKind } from './view/csv';
import { isochroneDistances } from './view/report';
import { createRunner, isAbort, isWorkerFailure, type LifeCircleRunner } from './view/runner';
import type { Bounds } from './view/scene';

/** What the element's attributes say (effective values). */
export interface AnalysisSettings {
  crs: Crs;
  mapCrs: Crs;
  level: LevelMinutes;
  mode: TravelMode;
  speeds?: TravelSpeeds;
  /** Run the engine on the main thread (the element's `no-worker`). */
  noWorker: boolean;
}

export interface AnalysisHooks {
  settings(): AnalysisSettings;
  /** A `src` of the element is still loading. */
  loading(): boolean;
  /** New data replaced drawn data: show where it is. */
  moved(bounds: Bounds): void;
  /** The residences or facilities were taken away: the result is gone. */
  dropped(): void;
  /** Progress of the analysis; null when it (or the loading) ended. */
  progress(progress: { done: number; total: number } | null): void;
  /** An analysis finished; `result` is already set. */
  complete(result: LifeCircleResult): void;
  /** An analysis failed (not cancelled) with this message. */
  failed(message: string): void;
  /** The text shown when a site suggestion fails. */
  suggestFailed(message: string): string;
}

export class LifeCircleAnalysis implements ReactiveController {
  readonly inputs = new LifeCircleInputs();
  /** The last analysis of the active plan (null before one, after a failure of the first, or when the inputs were taken away). */
  result: LifeCircleResult | null = null;
  /** The last analysis of the facilities as given (the same object as `result` when the plan has no edits). */
  baseline: LifeCircleResult | null = null;
  /** The selected residence's isochrone (WGS-84), once computed. */
  isochrone: IsochroneCollection | null = null;
  suggestion: SiteSuggestion | null = null;
  suggestBusy = false;
  /** Why the last suggestion has no sites (the engine's note or the failure), else null. */
  suggestError: string | null = null;

  private runner: LifeCircleRunner | null = null;
  private run: AbortController | null = null;
  private isochroneRun: AbortController | null = null;
  /** The residence whose isochrone is shown, on its way, or failed (not retried until the next result). */
  private isochroneFor: string | null = null;
  private isochroneTask: Promise<void> = Promise.resolve();
  private suggestRun: AbortController | null = null;
  private waiters: (() => void)[] = [];
  private needs = { ingest: false, analysis: false, scene: false, plan: false, planRun: false };
  /** The inputs were still loading when an analysis was due: it runs once they are in. */
  private deferred = false;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly hooks: AnalysisHooks,
  ) {
    host.addController(this);
  }

  get running(): boolean {
    return this.run !== null;
  }

  /** The isochrone asked for last is being computed. */
  get isochronePending(): boolean {
    return this.isochroneRun !== null;
  }

  /** Settles when the isochrone asked for last is there or failed (never rejects). */
  get isochroneSettled(): Promise<void> {
    return this.isochroneTask;
  }

  /** Some work is pending or running: an input to take in, an analysis to start or finish, a load. */
  get busy(): boolean {
    const { ingest, analysis, plan, planRun } = this.needs;
    return this.run !== null || ingest || analysis || plan || planRun || this.hooks.loading();
  }

  /** Takes a new value of an input (an analysis follows at the next update). */
  receive(name: InputName, value: unknown): void {
    if (!this.inputs.set(name, value)) return;
    this.needs.ingest = true;
    this.host.requestUpdate();
  }

  /** Takes the host's changed data properties: an initial undefined is no input; undefined after a value clears it. */
  receiveChanged(changed: ReadonlyMap<PropertyKey, unknown>, data: Partial<Record<'residences' | 'facilities' | 'roads', unknown>>): void {
    for (const name of ['residences', 'facilities', 'roads'] as const) {
      if (changed.has(name) && (data[name] !== undefined || changed.get(name) !== undefined)) this.receive(name, data[name]);
    }
  }

  /** The host's settings changed (`before` → `after`, the attributes in effect): what must be taken in, drawn or analysed again. */
  settingsChanged(changed: ReadonlyMap<PropertyKey, unknown>, before: Pick<AnalysisSettings, 'crs' | 'mapCrs'>, after: Pick<AnalysisSettings, 'crs' | 'mapCrs'> & { profile?: unknown }): void {
    if (changed.has('profile')) this.receive('profile', after.profile);
    if (after.crs !== before.crs) this.invalidate('ingest');
    if (after.mapCrs !== before.mapCrs) this.invalidate('scene');
    if (changed.has('level') || changed.has('mode') || changed.has('speeds')) this.invalidate('analysis');
  }

  /** Takes the active plan's edits (input CRS): the plan is analysed again at the next update. */
  setEdits(edits: readonly FacilityEdit[]): void {
    if (!this.inputs.setEdits(edits)) return;
    this.needs.plan = true;
    this.host.requestUpdate();
  }

  /** The data must be converted again (input CRS), drawn again (map CRS), or analysed again (level, mode, speeds). */
  invalidate(what: 'ingest' | 'scene' | 'analysis'): void {
    if (what !== 'ingest' || this.inputs.hasData) this.needs[what] = true;
  }

  /** Before the host renders: takes in changed inputs and redraws the scene when due. */
  prepare(): void {
    if (this.needs.ingest) return this.ingest();
    if (this.needs.plan) this.applyPlan();
    if (this.needs.scene && this.inputs.scene) this.rebuildScene();
  }

  /** After the host rendered: starts a due analysis and shows the isochrone of `selected`. */
  update(selected: string | null): void {
    if (this.needs.analysis) this.startAnalysis(true);
    else if (this.needs.planRun) this.startAnalysis(false);
    this.select(selected);
  }

  /** A `src` load ended (loaded or failed): once none is left, the analysis deferred for them runs. */
  loaded(): void {
    if (this.run || this.hooks.loading()) return;
    this.hooks.progress(null);
    if (this.deferred && this.inputs.complete) {
      // A failed load (e.g. roads) must not block the analysis of what did load.
      this.needs.analysis = true;
      this.host.requestUpdate();
    } else if (!this.busy) this.release();
  }

  /** Resolves once no work is pending or running (at once when none is). */
  async settled(): Promise<void> {
    if (this.busy) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Shows the isochrone of residence `id` (null: none); computed once per result, after the analysis. */
  private select(id: string | null): void {
    if (this.isochroneFor === id) return;
    this.stopIsochrone();
    this.isochroneFor = id;
    if (this.isochrone) {
      // Another residence (or none): the old shape must not linger while the new one is computed.
      this.isochrone = null;
      this.host.requestUpdate();
    }
    const result = this.result;
    if (id === null || !result || residenceOutcome(result, id) === undefined || !this.host.isConnected) return;
    if (this.run) {
      this.isochroneFor = null; // asked again once the run is done
      return;
    }
    this.isochroneTask = this.loadIsochrone(id, result);
  }

  /** Ranks `k` new sites for `category` on the last analysis' data (the previous request is cancelled). */
  async suggest(category: string, k: number): Promise<SiteSuggestion | null> {
    this.suggestRun?.abort();
    const controller = new AbortController();
    this.suggestRun = controller;
    this.suggestBusy = true;
    this.suggestError = null;
    this.host.requestUpdate();
    try {
      const suggestion = await this.ensureRunner().client.suggestSites({ category, k }, { signal: controller.signal });
      if (this.suggestRun !== controller) return null;
      if (suggestion.sites.length === 0 && suggestion.issues.length > 0) this.suggestError = suggestion.issues[0]!.message;
      this.suggestion = suggestion;
      return suggestion;
    } catch (error) {
      if (this.suggestRun !== controller || isAbort(error)) return null;
      this.suggestError = this.hooks.suggestFailed((error as Error).message);
      return null;
    } finally {
      if (this.suggestRun === controller) {
        this.suggestRun = null;
        this.suggestBusy = false;
      }
      this.host.requestUpdate();
    }
  }

  /** Once no work is pending: ranks `k` sites for `category` (`chosen` first tells the panel), or null without a result or off the page. */
  async suggestWhenSettled(category: string | null, k: number, chosen: (category: string) => void): Promise<SiteSuggestion | null> {
    await this.settled();
    if (!this.result || !category || !this.host.isConnected) return null;
    chosen(category);
    return this.suggest(category, k);
  }

  /** The result as CSV of `kind` (see the element's `toCsv`) and its file name; null before a result. */
  csv(kind: CsvKind, locale: Locale, t: (key: string, params?: Record<string, string | number>) => string): { text: string; fileName: string } | null {
    const result = this.result;
    if (!result) return null;
    return { text: toCsv(csvRows(kind, result, locale, t, { residence: (id) => this.inputs.residenceName(id) })), fileName: csvFileName(kind, result, t) };
  }

  clearSuggestion(): void {
    this.stopSuggestion();
    this.suggestError = null;
    this.suggestion = null;
    this.host.requestUpdate();
  }

  hostConnected(): void {
    // A reconnected element gets a fresh worker, which needs the data again.
    if (this.inputs.complete) {
      this.needs.analysis = true;
      this.host.requestUpdate();
    }
  }

  hostDisconnected(): void {
    this.run?.abort();
    this.run = null;
    this.stopIsochrone();
    this.isochroneFor = null;
    this.stopSuggestion();
    // A reconnected element gets a fresh worker (which needs the data again).
    this.runner?.client.terminate();
    this.runner = null;
    this.release();
  }

  private ensureRunner(): LifeCircleRunner {
    this.runner ??= createRunner(!this.hooks.settings().noWorker);
    return this.runner;
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Converts the inputs to WGS-84, redraws them, and asks for an analysis. */
  private ingest(): void {
    this.needs.ingest = false;
    this.needs.plan = false;
    this.inputs.convert(this.hooks.settings().crs);
    this.rebuildScene();
    this.suggestion = null;
    if (!this.inputs.complete && this.result) {
      // An input was taken away: the old result no longer describes the data.
      if (this.run) this.hooks.progress(null);
      this.run?.abort();
      this.run = null;
      this.result = null;
      this.baseline = null;
      this.hooks.dropped();
    }
    this.needs.analysis = true;
  }

  /** The plan's edits changed: its facilities are drawn (the view stays where it is) and analysed again. */
  private applyPlan(): void {
    this.needs.plan = false;
    if (!this.inputs.hasData) return;
    this.inputs.applyPlan(this.hooks.settings().crs);
    this.inputs.editScene();
    this.needs.planRun = true;
  }

  private rebuildScene(): void {
    this.needs.scene = false;
    const replaced = this.inputs.rebuildScene(this.hooks.settings().mapCrs);
    // The map fits itself to the first data; later data sets move it here.
    const bounds = this.inputs.scene?.bounds;
    if (replaced && bounds) this.hooks.moved(bounds);
  }

  /**
   * Starts an analysis of the current inputs (`withBaseline`: the baseline too, else only the plan
   * on the baseline held), cancelling the one in flight, the isochrone and the suggestion.
   */
  private startAnalysis(withBaseline: boolean): void {
    if (withBaseline) this.needs.analysis = false;
    this.needs.planRun = false;
    if (!this.host.isConnected) return;
    this.deferred = this.hooks.loading();
    if (this.deferred) return;
    if (!this.inputs.complete) return this.release();
    this.run?.abort();
    this.stopIsochrone();
    this.isochroneFor = null;
    this.stopSuggestion();
    const controller = new AbortController();
    this.run = controller;
    this.hooks.progress({ done: 0, total: 0 });
    const { level, mode, speeds } = this.hooks.settings();
    const options = { profile: this.inputs.profile, level, mode, ...(speeds ? { speeds } : {}) };
    if (withBaseline) this.baseline = null;
    void this.analyze(controller, options, true);
  }

  private async analyze(controller: AbortController, options: LifeCircleOptions, retryOnWorkerFailure: boolean): Promise<void> {
    const runner = this.ensureRunner();
    const hooks = {
      signal: controller.signal,
      onProgress: ({ done, total }: { done: number; total: number }) => {
        if (this.run === controller) this.hooks.progress({ done, total });
      },
    };
    try {
      const fresh = this.baseline === null;
      const baseline = this.baseline ?? (await runner.client.analyze(this.inputs.engine, options, hooks));
      if (this.run !== controller) return;
      this.baseline = baseline;
      const edits = this.inputs.engineEdits;
      // An empty plan is the baseline itself; `edit([])` still takes the engine back to it (for suggestions, isochrones).
      let result = baseline;
      if (edits.length > 0) result = await runner.client.edit(edits, hooks);
      else if (!fresh) await runner.client.edit(edits, hooks);
      if (this.run !== controller) return;
      this.finish();
      this.result = result;
      this.suggestion = null;
      this.isochroneFor = null; // drawn again for the new level / mode
      this.hooks.complete(result);
    } catch (error) {
      if (this.run !== controller || isAbort(error)) return;
      if (retryOnWorkerFailure && runner.kind === 'worker' && isWorkerFailure(error)) {
        // The worker script could not run here: the same engine on the main thread.
        runner.client.terminate();
        this.runner = createRunner(false);
        this.baseline = null; // the new runner has not analysed it
        return this.analyze(controller, options, false);
      }
      this.finish();
      this.hooks.failed((error as Error).message);
    }
    this.host.requestUpdate();
    this.release();
  }

  private finish(): void {
    this.run = null;
    this.hooks.progress(null);
  }

  private async loadIsochrone(id: string, result: LifeCircleResult): Promise<void> {
    const controller = new AbortController();
    this.isochroneRun = controller;
    try {
      const collection = await this.ensureRunner().client.isochrone({ residence: id }, { distance: isochroneDistances(result) }, { signal: controller.signal });
      if (this.isochroneRun === controller) this.isochrone = collection;
    } catch (error) {
      if (this.isochroneRun === controller && !isAbort(error)) this.isochrone = null;
    } finally {
      if (this.isochroneRun === controller) this.isochroneRun = null;
      this.host.requestUpdate();
    }
  }

  private stopIsochrone(): void {
    this.isochroneRun?.abort();
    this.isochroneRun = null;
  }

  private stopSuggestion(): void {
    this.suggestRun?.abort();
    this.suggestRun = null;
    this.suggestBusy = false;
  }
}
