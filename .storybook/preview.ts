import type { Preview } from '@storybook/web-components-vite';

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
  },
  globalTypes: {
    locale: {
      description: 'Language of the CityKit elements',
      toolbar: { title: 'Language', icon: 'globe', items: ['zh-CN', 'en'], dynamicTitle: true },
    },
  },
  initialGlobals: { locale: 'zh-CN' },
  decorators: [
    (story, context) => {
      document.documentElement.lang = String(context.globals.locale ?? 'zh-CN');
      return story();
    },
  ],
};
export default preview;
