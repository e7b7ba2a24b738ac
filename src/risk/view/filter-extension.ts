/**
 * deck.gl's DataFilterExtension, made to work on the aggregation layers it ships with.
 *
 * Measured on deck.gl 9.4 (see test/risk/filter-extension.test.ts and `npm run bench -- risk`):
 *  - ScatterplotLayer: works as documented.
 *  - HeatmapLayer: the extension is handed down to the internal TriangleLayer that paints the
 *    finished heat texture, whose "filter value" is the constant 0 — any window not containing 0
 *    hides the whole heat map; the weights pass itself never receives the filter uniforms.
 *  - HexagonLayer (GPU aggregation): the filter uniforms never reach the bin sorter and a filter
 *    change does not re-run the aggregation — the filter is silently ignored.
 *  - Both also misread two-component binary positions (positions are packed as xyz).
 *
 * Fixes here: category keys are the caller's own small integers (no first-seen re-mapping, so the
 * CPU mirror and the GPU agree and the bitmask can be computed anywhere); RiskHeatmapLayer pushes
 * the filter uniforms into its weights pass and re-runs it — on the GPU, from the same buffers —
 * when the filter changes. Nothing is re-uploaded. (Hexagons and points filter on the CPU instead:
 * see model/hexbins and model/cull.)
 */
import { DataFilterExtension, type DataFilterExtensionProps } from '@deck.gl/extensions';
import type { Layer } from '@deck.gl/core';

/** Category channels: [category key (0–63), level rank (1–4)]. */
export const RISK_FILTER_CATEGORY_SIZE = 2;
/** Filter values: [minutes since the table's time origin, scope-unit key (see model/units)]. */
export const RISK_FILTER_SIZE = 2;

export class RiskFilterExtension extends DataFilterExtension {
  static override extensionName = 'RiskFilterExtension';

  constructor() {
    super({ filterSize: RISK_FILTER_SIZE, categorySize: RISK_FILTER_CATEGORY_SIZE });
  }

  /** Identity: category values already are keys (0–63). */
  override _getCategoryKey(this: Layer<DataFilterExtensionProps>, category: number | string): number {
    return Number(category);
  }
}

/** One shared instance: deck.gl compares extensions by identity, a new one would rebuild the layer. */
export const riskFilterExtension = new RiskFilterExtension();

/** The 128-bit category mask of DataFilterExtension for two channels of 64 keys each. */
export function categoryBitMask(filterCategories: readonly (readonly number[])[]): Uint32Array {
  const mask = new Uint32Array(4);
  filterCategories.forEach((keys, channel) => {
    for (const key of keys) {
      if (key < 0 || key >= 64) continue;
      const word = channel * 2 + Math.floor(key / 32);
      mask[word] = (mask[word] | (1 << (key % 32))) >>> 0;
    }
  });
  return mask;
}

/** The `dataFilter` shader-module props for a layer's current filter props. */
export function dataFilterModuleProps(props: DataFilterExtensionProps & { extensions: unknown[] }) {
  return {
    extensions: props.extensions,
    filterEnabled: props.filterEnabled ?? true,
    filterRange: props.filterRange ?? [-1, 1],
    filterSoftRange: null,
    filterTransformSize: true,
    filterTransformColor: true,
    filterCategories: props.filterCategories,
    categoryBitMask: categoryBitMask((props.filterCategories ?? [[], []]) as number[][]),
  };
}

/** A cheap identity for "the filter changed": range bounds and category lists. */
export function filterKey(props: DataFilterExtensionProps): string {
  return JSON.stringify([props.filterEnabled ?? true, props.filterRange, props.filterCategories]);
}
