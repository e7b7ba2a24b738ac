/** CityKit core: DOM-light services shared by every element (also usable on their own). */
export * from './attributes';
export * from './converters';
export * from './crs';
export * from './color';
export * from './define';
export * from './events';
export * from './i18n';
export * from './image';
export * from './levels';
export * from './loader';
export * from './theme';
export * from './validation';
export { CityElement } from './base-element';
