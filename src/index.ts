/**
 * CityKit: registers every element and re-exports the public API.
 * Import a single element's entry (e.g. `citykit/funnel`) to load only what it needs.
 */
export * from './core/index';
export * from './map/index';
export * from './scope/index';
export * from './grid/index';
export * from './risk/index';
export * from './funnel/index';
export * from './life-circle/index';
// Both the grid and the risk roll-up name the hierarchy levels; they are the same union.
export type { GridLevel } from './grid/index';
