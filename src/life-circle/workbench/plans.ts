/**
 * The planner's scenarios: the baseline (no edits) and named plans, each a list of facility edits
 * with its own undo / redo. One of them is active; its edits are what the analysis applies. Pure:
 * no DOM, no lit.
 */
import { EditHistory, type FacilityEdit, type Plan } from '../model/scenario';

interface Entry {
  name: string;
  history: EditHistory;
}

export class PlanBook {
  private entries: Entry[] = [];
  /** Index of the active plan; -1 is the baseline. */
  private active = -1;

  /** Every named plan (copies: changing them changes nothing here). */
  get plans(): Plan[] {
    return this.entries.map(snapshot);
  }

  /** The active plan, or null when the baseline is active. */
  get activePlan(): Plan | null {
    const entry = this.entries[this.active];
    return entry ? snapshot(entry) : null;
  }

  /** The active plan's edits ([] for the baseline). */
  get edits(): readonly FacilityEdit[] {
    return this.entries[this.active]?.history.edits ?? [];
  }

  get canUndo(): boolean {
    return this.entries[this.active]?.history.canUndo ?? false;
  }

  get canRedo(): boolean {
    return this.entries[this.active]?.history.canRedo ?? false;
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  /** A name no plan has yet: `base`, else `base 2`, `base 3`… */
  freeName(base: string): string {
    if (!this.has(base)) return base;
    let n = 2;
    while (this.has(`${base} ${n}`)) n++;
    return `${base} ${n}`;
  }

  /** Adds a plan (its name made unique) and makes it active; returns its name. */
  create(name: string, edits: readonly FacilityEdit[] = []): string {
    const unique = this.freeName(name.trim() || 'plan');
    this.entries.push({ name: unique, history: new EditHistory(edits) });
    this.active = this.entries.length - 1;
    return unique;
  }

  /** False when there is no plan `from`, or another plan is named `to` already. */
  rename(from: string, to: string): boolean {
    const index = this.indexOf(from);
    const name = to.trim();
    if (index < 0 || name === '' || (name !== from && this.has(name))) return false;
    this.entries[index]!.name = name;
    return true;
  }

  /** Deletes a plan; when it was active, the baseline becomes active. False when there is none of that name. */
  remove(name: string): boolean {
    const index = this.indexOf(name);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    if (this.active === index) this.active = -1;
    else if (this.active > index) this.active--;
    return true;
  }

  /** Makes a plan (null: the baseline) active; false when there is no plan of that name. */
  select(name: string | null): boolean {
    const index = name === null ? -1 : this.indexOf(name);
    if (name !== null && index < 0) return false;
    this.active = index;
    return true;
  }

  /** Records an edit in the active plan (which must not be the baseline). */
  push(edit: FacilityEdit): void {
    this.entries[this.active]?.history.push(edit);
  }

  undo(): FacilityEdit | null {
    return this.entries[this.active]?.history.undo() ?? null;
  }

  redo(): FacilityEdit | null {
    return this.entries[this.active]?.history.redo() ?? null;
  }

  private indexOf(name: string): number {
    return this.entries.findIndex((entry) => entry.name === name);
  }
}

function snapshot(entry: Entry): Plan {
  return { name: entry.name, edits: [...entry.history.edits] };
}
