/** What the side panel's controls do to `<city-life-circle>`: the element's own properties and methods. */
import type { LevelMinutes, TravelMode } from '../engine/types';
import { clampSiteCount } from '../view/attributes';
import type { CsvKind } from '../view/csv';
import type { PanelChoices } from './choices';
import type { PanelHandlers } from './render';

/** The part of the element the panel acts on. */
export interface PanelHost {
  level: LevelMinutes;
  mode: TravelMode;
  hiddenCategories: readonly string[] | null;
  siteCount: number;
  selectResidence(id: string | null): void;
  suggestSites(): Promise<unknown>;
  clearSuggestion(): void;
  acceptSite(rank: number): string | null;
  downloadCsv(kind: CsvKind): void;
}

/** `siteCount()`: the site count in effect (a bad value typed in keeps it). */
export function panelHandlers(host: PanelHost, choices: PanelChoices, siteCount: () => number): PanelHandlers {
  return {
    level: (level) => (host.level = level),
    mode: (mode) => (host.mode = mode),
    toggleCategory: (key, visible) => {
      const hidden = new Set(host.hiddenCategories ?? []);
      if (visible) hidden.delete(key);
      else hidden.add(key);
      host.hiddenCategories = [...hidden];
    },
    selectResidence: (id) => host.selectResidence(id),
    gapFilter: (category) => choices.filterGaps(category),
    moreGaps: () => choices.moreGaps(),
    suggestCategory: (key) => choices.suggestFor(key),
    suggestK: (k) => {
      if (Number.isFinite(k)) host.siteCount = clampSiteCount(k, siteCount());
    },
    suggest: () => void host.suggestSites(),
    clearSuggestion: () => host.clearSuggestion(),
    acceptSite: (rank) => void host.acceptSite(rank),
    exportCsv: (kind) => host.downloadCsv(kind),
  };
}
