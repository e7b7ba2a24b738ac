/**
 * What the funnel says for one result, built once: the cards, the table rows (which the tooltip
 * shows too), the summary, the texts the layout places and each stage's accessible name. A
 * render, a hover or a redraw with the same result and wording reuses them; a new result (a
 * scope change) builds them once for every part instead of once per part.
 */
import type { FunnelResult } from '../model/types';
import type { LayoutStage } from './layout';
import { layoutStages, rateCards, stageAriaLabel, stageDetails, summaryText, type DetailRow, type PresentContext, type RateCard } from './present';

export interface Presented {
  cards: RateCard[];
  /** Per stage: the tooltip's rows, the data table's columns. */
  details: DetailRow[][];
  summary: string;
  stages: LayoutStage[];
  stageLabels: string[];
}

export class PresentedCache {
  private inputs: readonly unknown[] = [];
  private value: Presented | null = null;

  /** The words for `result`; `wording` lists whatever else they depend on (string overrides…). */
  get(result: FunnelResult, compare: FunnelResult | null, ctx: PresentContext, compareLabel: string, wording: readonly unknown[]): Presented {
    const inputs = [result, compare, ctx.locale, ctx.rate, compareLabel, ...wording];
    if (this.value && inputs.length === this.inputs.length && inputs.every((value, i) => value === this.inputs[i])) return this.value;
    const cards = rateCards(result, compare, ctx, compareLabel);
    this.inputs = inputs;
    this.value = {
      cards,
      details: result.stages.map((_, i) => stageDetails(result, i, compare, ctx, compareLabel)),
      summary: summaryText(result, ctx, cards),
      stages: layoutStages(result, compare, ctx),
      stageLabels: result.stages.map((_, i) => stageAriaLabel(result, i, ctx)),
    };
    return this.value;
  }

  /** Forget the words (the page changed its string overrides). */
  clear(): void {
    this.value = null;
  }
}
