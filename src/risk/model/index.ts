/** Pure risk model (no DOM): levels, validation and packing, filters, domains, roll-up, playback. */
export * from './level';
export * from './time';
export * from './types';
export * from './table';
export * from './filter';
export * from './domain';
export * from './rollup';
export * from './timeline';
export * from './attributes';
export * from './colors';
export * from './display';
export * from './spots';
