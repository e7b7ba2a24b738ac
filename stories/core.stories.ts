import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { paletteColors } from '../src/core/color';
import { RISK_COLORS } from '../src/risk/model/colors';
import { RISK_LEVELS } from '../src/risk/model/level';

const meta: Meta = {
  title: 'Core/Colour tokens',
  parameters: { layout: 'padded', docs: { description: { component: 'The four risk colours and the named d3 palettes that `palette` attributes accept.' } } },
};
export default meta;

const swatch = (color: string, label: string) =>
  html`<div style="display:inline-flex;flex-direction:column;align-items:center;margin:4px;font:12px system-ui">
    <span style="width:64px;height:32px;border-radius:4px;background:${color}"></span>${label}
  </div>`;

export const RiskLevels: StoryObj = {
  render: () => html`${RISK_LEVELS.map((level) => swatch(RISK_COLORS[level], level))}`,
};

export const Palettes: StoryObj<{ palette: string; classes: number }> = {
  args: { palette: 'YlOrRd', classes: 5 },
  argTypes: { palette: { control: 'select', options: ['Blues', 'Greens', 'YlOrRd', 'OrRd', 'Viridis', 'Turbo', 'RdYlGn'] } },
  render: ({ palette, classes }) => html`${paletteColors(palette, classes).map((c) => swatch(c, c))}`,
};
