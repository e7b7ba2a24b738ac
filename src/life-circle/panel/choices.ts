/**
 * What the panel's lists show, as the user chose: the gap list's category filter and length, and
 * the category sites are suggested for. A new result keeps the choices it can honour.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Locale } from '../../core/i18n';
import type { LifeCircleResult } from '../engine/types';
import { ALL_RESIDENCES, suggestableCategories } from '../view/report';

/** Gaps listed at first, and added by "show more". */
export const GAP_PAGE = 30;

export class PanelChoices implements ReactiveController {
  gapFilter: string | null = null;
  gapLimit = GAP_PAGE;
  suggestCategory: string | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Lists the gaps of `category` (null: every required one; `ALL_RESIDENCES`: every residence), from the first page. */
  filterGaps(category: string | null): void {
    this.gapFilter = category;
    this.gapLimit = GAP_PAGE;
    this.host.requestUpdate();
  }

  moreGaps(): void {
    this.gapLimit += GAP_PAGE;
    this.host.requestUpdate();
  }

  suggestFor(category: string | null): void {
    this.suggestCategory = category;
    this.host.requestUpdate();
  }

  /** After a new result: a category it cannot suggest for gives way to its first required one; a filter on a category it lacks is dropped. */
  follow(result: LifeCircleResult, locale: Locale): void {
    const suggestable = suggestableCategories(result, locale);
    if (!suggestable.some((c) => c.key === this.suggestCategory)) this.suggestFor((suggestable.find((c) => c.required) ?? suggestable[0])?.key ?? null);
    if (this.gapFilter !== null && this.gapFilter !== ALL_RESIDENCES && !result.categories.some((c) => c.key === this.gapFilter)) this.filterGaps(null);
  }
}
