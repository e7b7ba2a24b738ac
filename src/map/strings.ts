import { registerStrings, type StringKey } from '../core/i18n';

export const mapStrings = registerStrings({
  'zh-CN': {
    'map.label': '地图',
    'map.help': '方向键平移，+ / - 缩放，Shift + 方向键旋转和倾斜。',
    'map.controls': '地图控件',
    'map.zoom-in': '放大',
    'map.zoom-out': '缩小',
    'map.fullscreen': '全屏',
    'map.exit-fullscreen': '退出全屏',
  },
  en: {
    'map.label': 'Map',
    'map.help': 'Arrow keys pan, + / - zoom, Shift + arrow keys rotate and tilt.',
    'map.controls': 'Map controls',
    'map.zoom-in': 'Zoom in',
    'map.zoom-out': 'Zoom out',
    'map.fullscreen': 'Full screen',
    'map.exit-fullscreen': 'Exit full screen',
  },
});

export type MapStringKey = StringKey<typeof mapStrings>;
