// The project's lint rules: typescript-eslint's recommended set, and the layering of DESIGN.md
// (core ← ui ← map/scope ← elements ← index; models and the engine free of lit, deck.gl and the DOM).
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ELEMENTS = ['grid', 'risk', 'funnel', 'life-circle'];

/** An import that climbs out of the file's folder into one of `folders` of src/. */
const into = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

const layer = (files, forbidden, why) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: into(forbidden), message: why }] }] },
});

export default tseslint.config(
  { basePath: '../..' },
  { ignores: ['dist/**', 'storybook-static/**', 'node_modules/**', 'tools/**', 'examples/**', 'coverage/**', '**/*.inline.ts'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'data-samples/**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests feed hostile input through `any`, and chai's property assertions (`.to.be.NaN`) are expressions.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  layer(['src/core/**/*.ts'], ['ui', 'map', 'scope', ...ELEMENTS], 'core imports nothing above it (core ← ui ← map/scope ← elements).'),
  layer(['src/ui/**/*.ts'], ['map', 'scope', ...ELEMENTS], 'ui imports core only.'),
  layer(['src/map/**/*.ts', 'src/scope/**/*.ts'], ELEMENTS, 'map and scope import core and ui only, never an element.'),
  ...ELEMENTS.map((element) => ({
    ...layer([`src/${element}/**/*.ts`], ELEMENTS.filter((other) => other !== element), `an element imports core, ui, map and scope, never another element (${element}).`),
    // The entry sits above the elements (elements ← index): it may register another element the
    // element draws (the life circle's unit choropleth is a grid layer), through that one's entry only.
    ignores: [`src/${element}/index.ts`],
  })),
  {
    files: ELEMENTS.map((element) => `src/${element}/index.ts`),
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: `^\\.\\./(${ELEMENTS.join('|')})/(?!index$)`, message: "An entry imports another element only through that element's entry (../<element>/index)." }] }],
    },
  },
  {
    files: ['src/*/model/**/*.ts', 'src/life-circle/engine/**/*.ts'],
    ignores: ['src/life-circle/engine/worker.ts', 'src/life-circle/engine/worker-host.ts', 'src/life-circle/engine/spawn-worker.ts', 'src/life-circle/engine/client.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(lit|@lit/|@deck\\.gl/|@luma\\.gl/)', message: 'A model or the engine is pure: no lit, deck.gl or luma.gl (it runs in Node and in a worker).' },
            { regex: into(['ui', 'map', 'scope']), message: 'A model or the engine imports core and its own folder only.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...['window', 'document', 'HTMLElement', 'customElements', 'getComputedStyle', 'requestAnimationFrame', 'localStorage'].map((name) => ({ name, message: 'A model or the engine has no DOM.' }))],
    },
  },
);
