/**
 * The planner's own files in `<city-life-circle>`: files dropped anywhere on the element (or
 * picked) are read in the browser into sources with a proposed role, column mapping, encoding
 * and CRS; the mapping step shows them; "use these" turns each into features (in chunks, with
 * `city-progress` phase `import`) and hands them to the element's inputs. Row-level problems go
 * to the element's problem panel and `city-error` under `import:<role>`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FeatureCollection } from 'geojson';
import type { Crs } from '../../core/crs';
import type { ValidationIssue } from '../../core/validation';
import type { ColumnMapping, ImportRole, MappedField } from '../import/columns';
import { crsHintFromRoads, samplePoints } from '../import/crs-fit';
import type { TextEncodingName } from '../import/decode';
import { isRoadLines } from '../engine/roads';
import { resolveProfile } from '../engine/standards';
import type { ProfileInput } from '../engine/types';
import { tableToFeatures } from '../import/features';
import { readCsv, readImportFiles, type ImportSource } from '../import/read';
import type { CsvDelimiter } from '../import/table';
import { emit, type CityProgressDetail } from '../../core/events';
import type { CityDataImportDetail } from './events';

/** The inputs imported files can fill. */
export type InputRole = Exclude<ImportRole, 'boundaries'>;

export interface ImportHooks {
  /**
   * `crs`: the element's effective `crs` (what imported features are converted to, and assumed
   * when a file says nothing); `profile`: its profile (facility cells may name its categories);
   * `roads`: the roads as the engine took them (packed, WGS-84), if any — a file's points may fit them in one CRS only.
   */
  settings(): { crs: Crs; profile: ProfileInput | undefined; roads: unknown };
  progress(progress: CityProgressDetail | null): void;
  /** Reports (or clears, with none) the problems of one source of problems. */
  issues(source: string, issues: ValidationIssue[], total: number): void;
  /** A file could not be read at all. */
  failed(source: string, fileName: string, message: string): void;
}

/** The element: its data inputs are what imported files become. */
type ImportHost = ReactiveControllerHost & HTMLElement & { [Role in InputRole]?: unknown };

export class LifeCircleImport implements ReactiveController {
  /** The files read and waiting in the mapping step (none: the step is closed). */
  sources: ImportSource[] = [];
  /** Files are dragged over the element. */
  dragging = false;
  reading = false;
  applying = false;
  /** Where focus goes once drawn: into the mapping step when it opens, back to "choose files" when it closes. */
  private focusNext: 'step' | 'button' | null = null;
  private readonly tasks = new Set<Promise<unknown>>();

  constructor(
    private readonly host: ImportHost,
    private readonly hooks: ImportHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('dragenter', this.onDragOver);
    this.host.addEventListener('dragover', this.onDragOver);
    this.host.addEventListener('dragleave', this.onDragLeave);
    this.host.addEventListener('drop', this.onDrop);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('dragenter', this.onDragOver);
    this.host.removeEventListener('dragover', this.onDragOver);
    this.host.removeEventListener('dragleave', this.onDragLeave);
    this.host.removeEventListener('drop', this.onDrop);
    this.dragging = false;
  }

  hostUpdated(): void {
    if (!this.focusNext) return;
    const selector = this.focusNext === 'step' ? '#life-import-title' : '.import-pick .import-button';
    this.focusNext = null;
    this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
  }

  /** A file is being read or imported. */
  get busy(): boolean {
    return this.tasks.size > 0;
  }

  /** Resolves when no file is being read or imported (the mapping step may still wait for the user). */
  async settled(): Promise<void> {
    while (this.tasks.size) await Promise.allSettled([...this.tasks]);
  }

  /** Reads files into the mapping step (added to those already there). */
  addFiles(files: Iterable<File>): Promise<void> {
    return this.track(this.read([...files]));
  }

  /** Opens the file picker. */
  pick(): void {
    this.host.shadowRoot?.querySelector<HTMLInputElement>('input.import-input')?.click();
  }

  setRole(index: number, role: ImportRole): void {
    this.change(index, { role });
  }

  setField(index: number, field: MappedField, column: number | null): void {
    const source = this.sources[index];
    if (source) this.change(index, { mapping: { ...source.mapping, [field]: column } as ColumnMapping });
  }

  setCrs(index: number, crs: Crs): void {
    this.change(index, { crs });
  }

  /** Reads a CSV again in another encoding or with another delimiter (the columns are proposed again; role and CRS stay). */
  reread(index: number, encoding?: TextEncodingName, delimiter?: CsvDelimiter): void {
    const source = this.sources[index];
    if (!source?.bytes) return;
    const again = readCsv(source.name, source.bytes, this.hooks.settings().crs, encoding ?? (source.encoding as TextEncodingName), delimiter ?? source.delimiter ?? undefined);
    this.change(index, { ...again, role: source.role, crs: source.crs, crsHint: source.crsHint });
  }

  remove(index: number): void {
    this.sources = this.sources.filter((_, i) => i !== index);
    this.focusNext = this.sources.length ? 'step' : 'button';
    this.host.requestUpdate();
  }

  cancel(): void {
    this.sources = [];
    this.focusNext = 'button';
    this.host.requestUpdate();
  }

  /** Turns every source into features and hands them to the element ("use these"). */
  apply(): Promise<void> {
    return this.track(this.importAll());
  }

  private change(index: number, patch: Partial<ImportSource>): void {
    this.sources = this.sources.map((source, i) => (i === index ? { ...source, ...patch } : source));
    this.host.requestUpdate();
  }

  private track(task: Promise<void>): Promise<void> {
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
    return task;
  }

  private async read(files: File[]): Promise<void> {
    if (files.length === 0) return;
    this.reading = true;
    this.hooks.progress({ done: 0, total: files.length, phase: 'import' });
    this.host.requestUpdate();
    const { crs, roads } = this.hooks.settings();
    const { sources, failures } = await readImportFiles(files, crs, (done, total) => this.hooks.progress({ done, total, phase: 'import' }));
    // Files that name no CRS may still fit the loaded roads in one only.
    const fitted = sources.map((source) => {
      const hint = source.crsHint ?? crsHintFromRoads(samplePoints(source.table, source.mapping), isRoadLines(roads) ? roads : null);
      return hint === source.crsHint ? source : { ...source, crs: hint!.crs, crsHint: hint };
    });
    for (const file of files) this.hooks.issues(`import:${file.name}`, [], 0);
    for (const failure of failures) this.hooks.failed(`import:${failure.fileName}`, failure.fileName, failure.message);
    this.reading = false;
    this.hooks.progress(null);
    if (fitted.length) {
      this.sources = [...this.sources, ...fitted];
      this.focusNext = 'step';
    }
    this.host.requestUpdate();
  }

  private async importAll(): Promise<void> {
    const sources = this.sources;
    if (sources.length === 0) return;
    this.applying = true;
    this.host.requestUpdate();
    const total = sources.reduce((n, s) => n + s.table.rows.length, 0);
    let done = 0;
    const byRole = new Map<ImportRole, { features: FeatureCollection['features']; issues: ValidationIssue[]; count: number }>();
    const { crs: to, profile } = this.hooks.settings();
    // A profile's problems are the analysis' to report: here it only names the categories.
    const categories = resolveProfile(profile).categories;
    for (const source of sources) {
      const result = await tableToFeatures(source.table, source.mapping, {
        role: source.role,
        fileName: source.name,
        from: source.crs,
        to,
        categories,
        onProgress: (rows) => this.hooks.progress({ done: done + rows, total, phase: 'import' }),
      });
      done += source.table.rows.length;
      const entry = byRole.get(source.role) ?? { features: [], issues: [], count: 0 };
      entry.features.push(...result.features.features);
      entry.issues.push(...result.issues);
      entry.count += result.issueCount;
      byRole.set(source.role, entry);
      const detail: CityDataImportDetail = { role: source.role, name: source.name, format: source.format, features: result.features, rows: result.rows, kept: result.kept };
      emit(this.host, 'city-data-import', detail);
    }
    for (const [role, { features, issues, count }] of byRole) {
      this.hooks.issues(`import:${role}`, issues, count);
      // Several files of one role (schools.csv, shops.csv) make one input.
      if (role !== 'boundaries') this.host[role] = { type: 'FeatureCollection', features };
    }
    this.sources = [];
    this.focusNext = 'button';
    this.applying = false;
    this.hooks.progress(null);
    this.host.requestUpdate();
  }

  private readonly onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    if (!this.dragging) {
      this.dragging = true;
      this.host.requestUpdate();
    }
  };

  private readonly onDragLeave = (event: DragEvent) => {
    // Leaving a child for another child is no leaving.
    if (event.relatedTarget instanceof Node && this.host.contains(event.relatedTarget)) return;
    this.dragging = false;
    this.host.requestUpdate();
  };

  private readonly onDrop = (event: DragEvent) => {
    const files = event.dataTransfer?.files;
    if (!files || files.length === 0) return;
    event.preventDefault();
    this.dragging = false;
    void this.addFiles(files);
  };
}
