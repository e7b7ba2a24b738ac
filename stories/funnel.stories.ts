import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/funnel/index';
import { BASE_FIGURE_NAMES, filterCases, PRESET_FIGURE_NAMES, PRESET_INDICATORS, type BaseFigureKey, type PresetName } from '../src/funnel/index';

/** The sample cases end on 2026-10-31: "now" is fixed so overdue figures do not drift. */
const NOW = '2026-11-01T00:00:00+08:00';
const samples = './data-samples';

/** The indicators of each preset, written from the model's table (so the docs cannot drift from it). */
function indicatorDocs(): string {
  const rows = (Object.keys(PRESET_INDICATORS) as PresetName[]).flatMap((preset) =>
    PRESET_INDICATORS[preset].map((d) => {
      const own: Partial<Record<BaseFigureKey, { 'zh-CN': string }>> = PRESET_FIGURE_NAMES[preset as keyof typeof PRESET_FIGURE_NAMES] ?? {};
      const figure = (key: BaseFigureKey) => `${(own[key] ?? BASE_FIGURE_NAMES[key])['zh-CN']} \`${key}\``;
      const other = (list: readonly string[] | undefined, key: string) => (list ?? []).filter((k) => k !== key);
      const choices = [
        ...other(d.numerators, d.numerator).map((k) => `numerator: '${k}'`),
        ...other(d.denominators, d.denominator).map((k) => `denominator: '${k}'`),
        ...(d.optional ? ['include: true (optional)'] : []),
      ];
      return `| \`${preset}\` | ${d.names['zh-CN']} ${d.names.en} \`${d.key}\` | ${figure(d.numerator)} ÷ ${figure(d.denominator)} | ${d.direction === 'higher-is-better' ? '↑ higher is better' : '↓ lower is better'} | ${choices.map((c) => `\`${c}\``).join(', ') || '—'} |`;
    }),
  );
  return ['| Preset | Indicator | Formula (default) | Direction | Other definitions (`rates`) |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

interface Args {
  preset: 'city-management' | 'hotline-12345' | 'problem-list';
  rate: 'first' | 'previous' | 'total';
  orientation: 'vertical' | 'horizontal';
  theme: 'light' | 'dark';
  height: number;
}

const meta: Meta<Args> = {
  title: 'Elements/city-closure-funnel',
  component: 'city-closure-funnel',
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component: `
The closed loop of city cases (数字城管, 12345 hotline, problem lists) as a funnel: where cases pile
up, which stage is slow, how many close on time, how many bounce back.

\`\`\`html
<city-closure-funnel src="/api/cases.json" preset="city-management" rate="first"></city-closure-funnel>
<script type="module">
  import 'citykit/funnel';
  const funnel = document.querySelector('city-closure-funnel');
  funnel.addEventListener('city-stage-select', (e) => showCaseList(e.detail.id, e.detail.caseIds)); // id null: cleared
</script>
\`\`\`

- **Data**: raw cases \`{preset?, cases: [{id, stages: {key: ISO time}, due?, tier?, channel?, grid?, rating?, resolved?, reworks?, status?}]}\`
  or pre-aggregated \`{stages: [{key, label?, count, onTime?, overdue?, pending?, shouldReach?, arrivedOnTime?, dropped?: {reason: n}, reworks?}]}\`,
  through \`data\` / \`src\`. \`compareData\` (+ \`compare-label\`) adds a second period as dashed outlines and card deltas.
- **Picture**: stages keep their input order; block size ∝ count with a minimum, so a 1% stage stays visible;
  the overdue share is hatched inside each block; drop-offs leave to the side, split by reason; rework loops are
  return arcs (not a Sankey: loops are cycles); a ⚠ marks counts that grow down the funnel (kept as given, never clamped).
- **Indicators**: a card per evaluation indicator of the preset, named and computed as city bulletins print them
  (two decimals), with its direction; hover or keyboard focus shows the formula with the base figures' names, and the
  hidden data table repeats it. Raw cases are counted over \`el.period = {from, to}\` (\`to\` exclusive): each figure by the
  date of its event, 应结案数 / 应处置数 with the carry-over of earlier periods. A bulletin's own base counts may be given as
  \`{preset, figures: {received, filed, dispatched, shouldHandle, handled, handledOnTime, shouldClose, closed, closedOnTime, reworked, extended, …}}\`.
  Where cities differ, \`el.rates\` picks the definition, e.g. \`{rework: {denominator: 'handled'}, accurateDispatch: {include: true}}\`.
  \`rate\` picks the percentage printed on the blocks (of first | previous | total); the tooltip shows all three.

${indicatorDocs()}

- **Interaction**: click, Enter or Space on a stage selects it and fires \`city-stage-select\` \`{id, stage, index, label, caseIds, metrics}\`
  (\`id\` = the stage key); the same on the selected stage, or Escape, clears it and fires \`{id: null, …}\` (every field null) (also when new data drops the stage);
  arrow keys, Home and End move across stages (one tab stop). A visually hidden table repeats every figure.
- **Filter**: \`el.filter = {tier, channel, grid, category, from, to}\` (values may be lists).
- **Read back**: \`el.metrics\` is exactly \`computeFunnel(data, options)\`.
- **Theming**: \`theme="dark"\`, \`--city-funnel-*\` custom properties, \`::part(cards|card|chart|legend|tooltip|error)\`,
  \`--city-funnel-duration\` for the update animation (off under \`prefers-reduced-motion\`).`,
      },
    },
  },
  args: { preset: 'city-management', rate: 'first', orientation: 'vertical', theme: 'light', height: 480 },
  argTypes: {
    preset: { control: 'select', options: ['city-management', 'hotline-12345', 'problem-list'] },
    rate: { control: 'inline-radio', options: ['first', 'previous', 'total'] },
    orientation: { control: 'inline-radio', options: ['vertical', 'horizontal'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    height: { control: { type: 'range', min: 240, max: 900, step: 20 } },
  },
};
export default meta;

type Story = StoryObj<Args>;

const sampleFile: Record<Args['preset'], string> = {
  'city-management': `${samples}/cases-city-management.json`,
  'hotline-12345': `${samples}/cases-hotline-12345.json`,
  'problem-list': `${samples}/cases-problem-list.json`,
};

const funnel = (args: Args, src: string) => html`<city-closure-funnel
  style="height:${args.height}px"
  src=${src}
  preset=${args.preset}
  rate=${args.rate}
  orientation=${args.orientation}
  theme=${args.theme}
  now=${NOW}
  @city-stage-select=${(e: CustomEvent) => console.info('city-stage-select', e.detail.id, `${e.detail.caseIds?.length ?? 0} cases`)}
></city-closure-funnel>`;

/** 数字城管 (GB/T 30428): 12,000 sample cases, seven stages, rework back to 任务处理. */
export const CityManagement: Story = {
  render: (args) => funnel(args, sampleFile[args.preset]),
};

/** 12345 hotline, eight stages, with the "three rates" (响应率, 解决率, 满意率). */
export const Hotline12345: Story = {
  args: { preset: 'hotline-12345' },
  render: (args) => funnel(args, sampleFile[args.preset]),
};

/** Problem list (问题清单), pre-aggregated by a backend, with its own drop-off reasons. */
export const ProblemList: Story = {
  args: { preset: 'problem-list' },
  render: (args) => funnel(args, sampleFile[args.preset]),
};

/** October against September: dashed outlines for last month, deltas with their verdict on the cards. */
export const Comparison: Story = {
  loaders: [async () => ({ sample: await (await fetch(sampleFile['city-management'])).json() })],
  render: (args, { loaded }) => {
    const cases = (loaded.sample as { cases: unknown[] }).cases;
    const zh = document.documentElement.lang !== 'en';
    return html`<city-closure-funnel
      style="height:${args.height}px"
      preset="city-management"
      rate=${args.rate}
      orientation=${args.orientation}
      theme=${args.theme}
      now=${NOW}
      label=${zh ? '10月' : 'October'}
      compare-label=${zh ? '9月' : 'September'}
      .data=${{ cases: filterCases(cases, { from: '2026-10-01', to: '2026-11-01' }) }}
      .compareData=${{ cases: filterCases(cases, { from: '2026-09-01', to: '2026-10-01' }) }}
    ></city-closure-funnel>`;
  },
};

/** 三事分流: big, small and micro matters side by side (the `filter` property on one data set). */
export const Tiers: Story = {
  args: { height: 440 },
  loaders: [async () => ({ sample: await (await fetch(sampleFile['city-management'])).json() })],
  render: (args, { loaded }) => html`<div style="display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:12px">
    ${(['big', 'small', 'micro'] as const).map(
      (tier) => html`<figure style="margin:0">
        <figcaption style="font:14px system-ui;margin-bottom:4px">${document.documentElement.lang === 'en' ? `${tier} matters` : { big: '大事', small: '小事', micro: '微事' }[tier]}</figcaption>
        <city-closure-funnel
          style="height:${args.height}px"
          rate=${args.rate}
          orientation=${args.orientation}
          theme=${args.theme}
          now=${NOW}
          .filter=${{ tier }}
          .data=${loaded.sample}
        ></city-closure-funnel>
      </figure>`,
    )}
  </div>`,
};

/** Big-screen preset: dark theme, larger type. */
export const DarkTheme: Story = {
  args: { theme: 'dark', height: 560 },
  parameters: { backgrounds: { default: 'dark' } },
  render: (args) => html`<div style="background:#040b16;padding:16px">${funnel(args, sampleFile[args.preset])}</div>`,
};

/** A stage holding 1% of the first keeps a visible, clickable block and unclipped labels; a growing count is flagged. */
export const TinyStage: Story = {
  args: { preset: 'problem-list' },
  render: (args) => html`<city-closure-funnel
    style="height:${args.height}px"
    preset="problem-list"
    rate=${args.rate}
    orientation=${args.orientation}
    theme=${args.theme}
    .data=${{
      stages: [
        { key: 'collect', count: 2000, dropped: { void: 60 } },
        { key: 'sort', count: 1900, pending: 40 },
        { key: 'register', count: 20, overdue: 6, dropped: { parked: 1500, returned: 300 } },
        { key: 'rectify', count: 1700, overdue: 420, reworks: 130 },
        { key: 'review', count: 1500, shouldReach: 1650, arrivedOnTime: 1300 },
        { key: 'publish', count: 1400 },
      ],
    }}
  ></city-closure-funnel>`,
};

/** Bad records are listed (path, field, value) and skipped; the valid cases still count. */
export const BadData: Story = {
  render: (args) => html`<city-closure-funnel
    style="height:${args.height}px"
    preset="city-management"
    rate=${args.rate}
    orientation=${args.orientation}
    theme=${args.theme}
    now=${NOW}
    .data=${{
      cases: [
        ...Array.from({ length: 40 }, (_, i) => ({
          id: `ok-${i}`,
          stages: Object.fromEntries(
            ['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate']
              .slice(0, 7 - (i % 5))
              .map((key, k) => [key, `2026-10-0${1 + (i % 9)}T${String(9 + k).padStart(2, '0')}:00:00+08:00`]),
          ),
        })),
        { id: 'bad-time', stages: { report: 'yesterday' } },
        { id: 'unknown-key', stages: { report: '2026-10-02T09:00:00+08:00', nonsense: '2026-10-02T10:00:00+08:00' } },
        { id: 'out-of-order', stages: { report: '2026-10-02T09:00:00+08:00', file: '2026-10-02T08:00:00+08:00' } },
        { id: '<b>html</b>', stages: { report: '2026-10-02T09:00:00+08:00' }, reworks: -3 },
        'not a case',
      ],
    }}
  ></city-closure-funnel>`,
};

/** Stages left to right: for wide, short slots on a dashboard. */
export const Horizontal: Story = {
  args: { orientation: 'horizontal', height: 420 },
  render: (args) => funnel(args, sampleFile[args.preset]),
};

/** A published bulletin's base counts (郑州数字城管 weekly report, 2019-04-08 to 04-14): every printed rate, to two decimals. */
export const Bulletin: Story = {
  render: (args) => html`<city-closure-funnel
    style="height:${args.height}px"
    preset="city-management"
    rate=${args.rate}
    orientation=${args.orientation}
    theme=${args.theme}
    label=${document.documentElement.lang === 'en' ? 'Zhengzhou, week of 2019-04-08' : '郑州 2019年4月8日至14日'}
    .data=${{
      preset: 'city-management',
      figures: { received: 51571, filed: 51229, dispatched: 49151, shouldClose: 52434, closed: 43523, closedOnTime: 40394, reworked: 276, extended: 104 },
    }}
  ></city-closure-funnel>`,
};

/** October's indicators from the raw cases: events dated in October, 应结案数 with September's carry-over. */
export const Period: Story = {
  render: (args) => html`<city-closure-funnel
    style="height:${args.height}px"
    src=${sampleFile[args.preset]}
    preset=${args.preset}
    rate=${args.rate}
    orientation=${args.orientation}
    theme=${args.theme}
    now=${NOW}
    .period=${{ from: '2026-10-01', to: '2026-11-01' }}
    .rates=${{ accurateDispatch: { include: true } }}
  ></city-closure-funnel>`,
};
