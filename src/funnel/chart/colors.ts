/** Colours of drop-off reasons: the known side flows have fixed hues, others take a palette slot. */

/** Keyed by reason names that come from data ('constructor' is a reason like any other): a Map. */
const FIXED = new Map<string, string>([
  ['void', '#8a94a6'],
  ['parked', '#c9a227'],
  ['extended', '#8e6cd8'],
  ['returned', '#e07b39'],
  ['pending', '#4aa3df'],
  ['other', '#b8bfca'],
]);

/** For reasons a backend names itself (pre-aggregated input): Tableau 10 minus the hues above. */
const PALETTE = ['#4e79a7', '#59a14f', '#b07aa1', '#76b7b2', '#ff9da7', '#9c755f', '#edc948', '#f28e2c'];

/** CSS colour of `reason` (overridable with `--city-funnel-reason-<reason>`); `all` fixes palette order for custom reasons. */
export function reasonColor(reason: string, all: readonly string[]): string {
  const fixed = FIXED.get(reason);
  if (fixed) return `var(--city-funnel-reason-${reason}, ${fixed})`;
  const custom = all.filter((r) => !FIXED.has(r));
  return PALETTE[Math.max(0, custom.indexOf(reason)) % PALETTE.length];
}

/** Fill of stage `index` of `count`: the first stage's colour blending into the last's. */
export function stageFill(index: number, count: number): string {
  const mix = count > 1 ? Math.round(100 - (100 * index) / (count - 1)) : 100;
  return `color-mix(in srgb, var(--city-funnel-block) ${mix}%, var(--city-funnel-block-end))`;
}
