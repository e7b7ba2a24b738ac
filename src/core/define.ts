/**
 * Version-aware custom element registration: two copies of CityKit on one page (a portal and a
 * plug-in bundling their own) must not crash each other.
 */
declare const __CITYKIT_VERSION__: string | undefined;

export const VERSION: string = typeof __CITYKIT_VERSION__ === 'string' ? __CITYKIT_VERSION__ : '0.0.0-dev';

const VERSIONS_KEY = Symbol.for('citykit.elementVersions');
type Registry = Map<string, string>;

function versionRegistry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (holder[VERSIONS_KEY] ??= new Map());
}

/**
 * Defines `tag` unless it is already defined. Same version → silent no-op; another version →
 * one console warning (the first definition wins). Never throws.
 */
export function define(tag: string, constructor: CustomElementConstructor, version: string = VERSION): void {
  if (typeof customElements === 'undefined') return;
  const versions = versionRegistry();
  const existing = customElements.get(tag);
  if (existing) {
    const definedVersion = versions.get(tag);
    if (existing !== constructor && definedVersion !== version) {
      console.warn(
        `CityKit: <${tag}> is already defined by version ${definedVersion ?? 'unknown'}; version ${version} was not registered.`,
      );
    }
    return;
  }
  try {
    customElements.define(tag, constructor);
    versions.set(tag, version);
  } catch (error) {
    console.warn(`CityKit: could not define <${tag}>: ${(error as Error).message}`);
  }
}
