/**
 * CityKit: registers every element and re-exports the public API.
 * Import a single element's entry (e.g. `citykit/funnel`) to load only what it needs.
 */
export * from './core/index';
