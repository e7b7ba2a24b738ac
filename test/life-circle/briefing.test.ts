// The briefing: a PNG (map + key figures) and a print page in a frame of its own, through the
// element. Street fixture (element-fixtures.ts) with the units of units-element.test.ts:
//   coverage: kindergarten 300 of 600 (50 %), convenience store 200 (33 %), public toilet 300 (50 %);
//   mean score (100·½ + 200·1 + 300·0) / 600 = 42 %, fully served 200 / 600 = 33 %
//   communities worst first: Elm Community (C2, score 40 %, 500 people), Oak Community (C1, 50 %, 100)
//   gaps (required categories): h3 河畔小区 300 people misses both, h1 100 people misses the store.
import { expect } from 'chai';
import '../../src/life-circle/index';
import type { CityLifeCircle } from '../../src/life-circle/index';
import { BRIEFING_COLORS, briefingLayout } from '../../src/life-circle/briefing/image';
import { pngSize, unmount, waitFor } from '../helpers/index';
import { NAMES, PROFILE, at, fc, mountLifeCircle, printCounted, street, unitSquare } from './element-fixtures';

const BOUNDARIES = fc([
  unitSquare('S1', null, 'street', 'Riverside Street', [-100, -400, 1100, 400]),
  unitSquare('C1', 'S1', 'community', 'Oak Community', [-100, -400, 450, 400]),
  unitSquare('C2', 'S1', 'community', 'Elm Community', [450, -400, 1100, 400]),
]);

async function mounted(lang: string): Promise<CityLifeCircle> {
  const el = mountLifeCircle<CityLifeCircle>(900, 520, { lang });
  Object.assign(el, { profile: PROFILE, level: 5, boundaries: BOUNDARIES, ...street() });
  await el.rendered();
  return el;
}

async function imageData(blob: Blob): Promise<ImageData> {
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height);
}

const rgbAt = (image: ImageData, x: number, y: number) => {
  const i = (Math.floor(y) * image.width + Math.floor(x)) * 4;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
};
const hex = (color: string) => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));

/** The print frame's document (after `printBriefing`), with the frame's print dialog counted instead of opened. */
async function printed(el: CityLifeCircle): Promise<{ doc: Document; prints: number }> {
  const { frame, prints } = await printCounted(el);
  return { doc: frame.contentDocument!, prints };
}

const texts = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)].map((node) => node.textContent!.replace(/\s+/g, ' ').trim());
const tableRows = (section: Element | null) => [...section!.querySelectorAll('tbody tr')].map((tr) => texts(tr, 'th, td'));

describe('<city-life-circle> briefing', () => {
  let el: CityLifeCircle | undefined;
  afterEach(() => {
    unmount(el);
    el = undefined;
  });

  it('toBriefingImage: a PNG of the map with the key figures below it (size, map pixels, coverage bars)', async () => {
    el = await mounted('en');
    const map = await el.toImage({ scale: 1 });
    const mapSize = await pngSize(map);
    const blob = await el.toBriefingImage();
    expect(blob.type).to.equal('image/png');
    const size = await pngSize(blob);
    // Title, settings, summary, 3 category rows, 2 worst units, no plan: 304 px under the map.
    expect(size).to.deep.equal({ width: Math.max(mapSize.width, 760), height: mapSize.height + 304 });

    const image = await imageData(blob);
    const mapImage = await imageData(map);
    const left = (size.width - mapSize.width) / 2;
    for (const [x, y] of [
      [10, 10],
      [mapSize.width / 2, mapSize.height / 2],
      [mapSize.width - 20, mapSize.height - 20],
    ] as const) {
      expect(rgbAt(image, left + x, y)).to.deep.equal(rgbAt(mapImage, x, y));
    }
    // The bars: kindergarten 50 %, convenience store 1/3, public toilet 50 % of the track filled.
    const layout = briefingLayout(mapSize.width, mapSize.height, { categories: [{}, {}, {}], worst: { rows: [{}, {}] }, comparison: null } as never);
    expect(layout.height).to.equal(size.height);
    const filled = [0.5, 1 / 3, 0.5];
    layout.bars.forEach((bar, i) => {
      const middle = bar.y + bar.height / 2;
      const end = bar.x + Math.round(bar.width * filled[i]!);
      expect(rgbAt(image, bar.x + 2, middle), `bar ${i} start`).to.deep.equal(hex(BRIEFING_COLORS.bar));
      expect(rgbAt(image, end - 2, middle), `bar ${i} end`).to.deep.equal(hex(BRIEFING_COLORS.bar));
      expect(rgbAt(image, end + 2, middle), `bar ${i} rest`).to.deep.equal(hex(BRIEFING_COLORS.track));
    });
    // Paper white beside the figures.
    expect(rgbAt(image, size.width - 4, size.height - 4)).to.deep.equal(hex(BRIEFING_COLORS.background));
  });

  it('printBriefing: a print page of its own (English): titles, tables, gaps, language, the dialog opened once', async () => {
    el = await mounted('en');
    const { doc, prints } = await printed(el);
    expect(prints).to.equal(1);
    expect(doc.documentElement.lang).to.equal('en');
    expect(doc.title).to.equal('15-minute life circle briefing');
    expect(texts(doc, 'h1')).to.deep.equal(['15-minute life circle briefing']);
    expect(texts(doc, 'h2')).to.deep.equal(['Key figures', 'Map', 'Population covered per category', 'Coverage by management unit (Community, worst first)', 'Coverage gaps']);
    expect(texts(doc, '.summary li')).to.deep.equal(['3 residences', 'population 600', 'mean score 42%', 'fully served 33%']);
    expect(tableRows(doc.querySelector('section.categories'))).to.deep.equal([
      ['Kindergarten (required)', '50%', '300'],
      ['Convenience store (required)', '33%', '200'],
      ['Public toilet (recommended)', '50%', '300'],
    ]);
    expect(texts(doc, 'section.units thead th')).to.deep.equal(['Unit', 'Score', 'Population', 'Kindergarten', 'Convenience store', 'Public toilet']);
    expect(tableRows(doc.querySelector('section.units'))).to.deep.equal([
      ['Elm Community', '40%', '500', '40%', '40%', '60%'],
      ['Oak Community', '50%', '100', '100%', '0%', '0%'],
    ]);
    expect(tableRows(doc.querySelector('section.gaps'))).to.deep.equal([
      [NAMES.h3, '300', 'Kindergarten, Convenience store'],
      [NAMES.h1, '100', 'Convenience store'],
    ]);
    // The map is drawn into the page's canvas at the map's size.
    const canvas = doc.querySelector<HTMLCanvasElement>('canvas.map')!;
    const mapSize = await pngSize(await el.toImage({ scale: 1 }));
    expect([canvas.width, canvas.height]).to.deep.equal([mapSize.width, mapSize.height]);
    // Styled by its adopted print sheet, with no style attribute anywhere.
    expect(doc.adoptedStyleSheets.length).to.equal(1);
    expect([...doc.adoptedStyleSheets[0]!.cssRules].some((rule) => rule.cssText.startsWith('@page'))).to.equal(true);
    expect(doc.querySelectorAll('[style]').length).to.equal(0);
    // The frame leaves with the element.
    const root = el.shadowRoot!;
    el.parentElement!.remove();
    expect(root.querySelectorAll('iframe').length).to.equal(0);
  });

  it("the panel's briefing buttons: print opens the dialog for the page, the image is downloaded as a PNG", async () => {
    el = await mounted('en');
    const root = el.shadowRoot!;
    const buttons = texts(root, 'section.briefing button');
    expect(buttons).to.deep.equal(['Download briefing image', 'Print briefing']);
    let prints = 0;
    const downloads: string[] = [];
    root.append = (...nodes: (Node | string)[]) => {
      ShadowRoot.prototype.append.apply(root, nodes);
      for (const node of nodes) {
        if (node instanceof HTMLIFrameElement) node.contentWindow!.print = () => void prints++;
        if (node instanceof HTMLAnchorElement) {
          downloads.push(node.download);
          node.click = () => {};
        }
      }
    };
    try {
      root.querySelector<HTMLButtonElement>('button[data-briefing="print"]')!.click();
      await waitFor(() => prints === 1);
      root.querySelector<HTMLButtonElement>('button[data-briefing="image"]')!.click();
      await waitFor(() => downloads.length === 1);
    } finally {
      delete (root as Partial<ShadowRoot>).append;
    }
    expect(downloads).to.deep.equal(['15-minute life circle briefing.png']);
    expect(texts(root.querySelector<HTMLIFrameElement>('iframe.briefing-frame')!.contentDocument!, 'h1')).to.deep.equal(['15-minute life circle briefing']);
  });

  it('printBriefing in Chinese, and a second briefing replaces the first frame', async () => {
    el = await mounted('zh-CN');
    await printed(el);
    const { doc } = await printed(el);
    expect(el.shadowRoot!.querySelectorAll('iframe.briefing-frame').length).to.equal(1);
    expect(doc.documentElement.lang).to.equal('zh-CN');
    expect(texts(doc, 'h1')).to.deep.equal(['15分钟生活圈简报']);
    expect(texts(doc, 'h2')).to.deep.equal(['关键指标', '地图', '各类设施覆盖人口', '按管理单元的覆盖（社区，最差的在前）', '覆盖缺口']);
    expect(tableRows(doc.querySelector('section.gaps'))).to.deep.equal([
      [NAMES.h3, '300', '幼儿园、便利店'],
      [NAMES.h1, '100', '便利店'],
    ]);
  });

  it('with a plan active, both carry the plan compared with the baseline', async () => {
    el = await mounted('en');
    const before = await pngSize(await el.toBriefingImage());
    // A convenience store on the road by h1 (100 people): h1 newly within 300 m; h3 stays out of reach.
    expect(el.addFacility('convenience-store', at(100, 0), 'New store')).to.be.a('string');
    await el.rendered();
    expect(el.comparison).to.not.equal(null);
    const after = await pngSize(await el.toBriefingImage());
    // One heading and three category rows more.
    expect(after).to.deep.equal({ width: before.width, height: before.height + 30 + 3 * 22 });
    const { doc } = await printed(el);
    expect(texts(doc, 'h2').at(-1)).to.equal('Plan compared with the baseline');
    expect(tableRows(doc.querySelector('section.comparison'))).to.deep.equal([
      ['Kindergarten', '300', '300', '+0', '−0'],
      ['Convenience store', '200', '300', '+100', '−0'],
      ['Public toilet', '300', '300', '+0', '−0'],
    ]);
  });

  it('the print page renders (screenshot): title, tables and the map on paper white', async () => {
    el = await mounted('en');
    const { doc } = await printed(el);
    const width = 794; // A4 at 96 dpi
    const shot = await screenshot(doc, width, 1400);
    const png = await new Promise<Blob>((resolve) => shot.canvas.toBlob((blob) => resolve(blob!), 'image/png'));
    expect(await pngSize(png)).to.deep.equal({ width, height: 1400 });
    const image = shot.context.getImageData(0, 0, width, 1400);
    const count = (match: (rgb: number[]) => boolean, y0 = 0, y1 = 1400) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < width; x++) if (match(rgbAt(image, x, y))) n++;
      return n;
    };
    const [r, g, b] = hex('#1f2937');
    // The title: dark text in the top band; paper white around it.
    expect(count(([R, G, B]) => Math.abs(R - r) + Math.abs(G - g) + Math.abs(B - b) < 60, 0, 40)).to.be.greaterThan(200);
    expect(rgbAt(image, width - 3, 3)).to.deep.equal([255, 255, 255]);
    // Table headers on their grey (three tables).
    expect(count((rgb) => rgb.join() === hex('#eef1f4').join())).to.be.greaterThan(3 * 200);
    // The map as drawn: its pixels are on the page.
    const map = await imageData(await el.toImage({ scale: 1 }));
    const mapColour = rgbAt(map, map.width / 2, 8).join();
    expect(count((rgb) => rgb.join() === mapColour)).to.be.greaterThan(1000);
  });
});

/**
 * Pixels of a document as laid out at `width` × `height` (its adopted sheet inlined, its canvases
 * as images), drawn through an SVG image, as a screenshot would show it.
 */
async function screenshot(doc: Document, width: number, height: number): Promise<{ canvas: HTMLCanvasElement; context: CanvasRenderingContext2D }> {
  const clone = doc.documentElement.cloneNode(true) as HTMLElement;
  const copies = clone.querySelectorAll('canvas');
  doc.querySelectorAll('canvas').forEach((canvas, i) => {
    const img = document.createElement('img');
    img.src = canvas.toDataURL('image/png');
    img.className = canvas.className;
    img.setAttribute('width', String(canvas.width));
    copies[i]!.replaceWith(img);
  });
  const style = document.createElement('style');
  style.textContent = doc.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n') + ' img.map { display: block; max-width: 100%; }';
  clone.querySelector('head')!.append(style);
  const xhtml = new XMLSerializer().serializeToString(clone);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/><foreignObject width="100%" height="100%">${xhtml}</foreignObject></svg>`;
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  context.drawImage(img, 0, 0);
  return { canvas, context };
}
