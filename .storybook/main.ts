import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  addons: ['@storybook/addon-docs'],
  // Works on an intranet: no telemetry, no update checks.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true, enableCrashReports: false },
  staticDirs: [
    { from: '../data-samples', to: '/data-samples' },
    // The vector-tile story's archive and unit index (the test fixtures made from the sample grids).
    { from: '../test/fixtures/tiles', to: '/tiles' },
  ],
  async viteFinal(config) {
    const { mergeConfig, defaultClientConditions } = await import('vite');
    return mergeConfig(config, {
      define: { 'process.env.NODE_ENV': JSON.stringify('production'), __CITYKIT_VERSION__: JSON.stringify('storybook') },
      resolve: { conditions: [...defaultClientConditions, 'visgl:webgl-only'] },
      worker: { format: 'es' },
    });
  },
};
export default config;
