/**
 * The contract between `<city-scope>` and the CityKit elements inside it. An element finds its
 * scope through @lit/context (at any depth, through shadow roots), reads the selection, and may
 * write the user's own choices back (a grid click, a slider drag). An element outside any scope
 * never sees one.
 */
import { createContext } from '@lit/context';
import type { UnitTree } from './model/unit-tree';
import type { ScopeWindow } from './model/window';

export interface ScopeSelection {
  /** The selected unit (null: everything). Always a known unit when the scope has a hierarchy. */
  readonly unit: string | null;
  /** The time window, epoch ms, both ends inclusive (null: open). */
  readonly window: ScopeWindow;
  /** The unit hierarchy (null: none yet; then `unit` matches its own id only). */
  readonly tree: UnitTree | null;
  /** True when a record of unit `id` is in the selected unit (itself or below it); everything is in when no unit is selected. */
  includes(id: string | null | undefined): boolean;
  /** True when epoch-ms `time` is in the window. */
  inWindow(time: number): boolean;
}

export interface CityScopeApi {
  readonly selection: ScopeSelection;
  /**
   * Selects `unit` (null: everything), as the user did it in an element: `interactive` adds a
   * browser history entry when the scope mirrors the URL.
   */
  selectUnit(unit: string | null, options?: { interactive?: boolean }): void;
  /** Sets the window (ISO texts, Dates or epoch ms; null: open). `transient`: a drag in progress (no history entry). */
  setWindow(from: unknown, to: unknown, options?: { transient?: boolean }): void;
  /** An element inside offers the unit hierarchy it holds (a grid layer); null withdraws it. */
  offerUnits(source: object, tree: UnitTree | null): void;
}

export const cityScopeContext = createContext<CityScopeApi | undefined>(Symbol('city-scope'));
