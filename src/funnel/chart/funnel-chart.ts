/**
 * The funnel's SVG chart as a controller of its element: it follows the chart area's size, draws
 * when what it shows changed (and only then: a render for a hover or a progress bar leaves the SVG
 * alone), keeps the texts built for the current result, finds the stage under a pointer or focus
 * and exports the picture.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FunnelResult } from '../model/types';
import { drawFunnel } from './draw';
import type { FunnelLayout, Orientation } from './layout';
import { finishMotion, motionDuration } from './motion';
import { PresentedCache, type Presented } from './presented';
import type { PresentContext } from './present';

/** What the chart reads off the element's computed style. */
interface ChartStyle {
  font: { size: number; family: string };
  duration: number;
}

const sameFont = (a: ChartStyle, b: ChartStyle) => a.font.size === b.font.size && a.font.family === b.font.family;

/** What the chart shows; a draw with the same values (by identity) does nothing. */
export interface ChartInput {
  presented: Presented | null;
  orientation: Orientation;
  focusIndex: number;
  selectedIndex: number | null;
}

export class FunnelChart implements ReactiveController {
  /** The layout last drawn (the focus tooltip is placed by it). */
  layout: FunnelLayout | null = null;
  /** The chart area's size as last observed; null before the first observation. */
  private size: { width: number; height: number } | null = null;
  private drawn: readonly unknown[] = [];
  private readonly texts = new PresentedCache();
  private observer?: ResizeObserver;
  private observed: Element | null = null;
  /**
   * The font and animation length, kept between drawings: reading them in a drawing would force
   * the style of the whole page (a scope change restyles every element in it) in the middle of the
   * change. Read again when an attribute of the element changes (its `style`, `theme`…), on a
   * resize, and in the frame after each drawing, where the style is worked out anyway (a font
   * changed by the page's own stylesheet is then drawn again).
   */
  private style: ChartStyle | null = null;
  private styleWatch?: MutationObserver;
  private styleCheck = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly parts: () => { svg: SVGSVGElement | null; area: HTMLElement | null },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (!box) return;
      const size = { width: Math.floor(box.width), height: Math.floor(box.height) };
      if (size.width === this.size?.width && size.height === this.size.height) return;
      this.size = size;
      // After layout: reading the style here forces nothing.
      this.style = this.readStyle();
      this.host.requestUpdate();
    });
    this.styleWatch = new MutationObserver(() => (this.style = null));
    this.styleWatch.observe(this.host, { attributes: true });
    this.observed = null;
    this.observeArea();
    // A page-wide string override changes the words (the element renders again on it).
    document.addEventListener('city-strings-change', this.forgetTexts);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.styleWatch?.disconnect();
    cancelAnimationFrame(this.styleCheck);
    this.styleCheck = 0;
    this.style = null;
    document.removeEventListener('city-strings-change', this.forgetTexts);
    // Off the page no frame comes: the picture is left in its final state.
    this.finish();
  }

  hostUpdated(): void {
    this.observeArea();
  }

  private readonly forgetTexts = () => this.texts.clear();

  private observeArea(): void {
    const area = this.parts().area;
    if (!this.observer || !area || this.observed === area) return;
    this.observer.observe(area);
    this.observed = area;
  }

  /** The texts for `result` (built once per result and wording). */
  presented(result: FunnelResult, compare: FunnelResult | null, ctx: PresentContext, compareLabel: string, strings: unknown): Presented {
    return this.texts.get(result, compare, ctx, compareLabel, [strings]);
  }

  /** Draws `input` when it differs from what is drawn, or the area's size changed. Hidden (0 × 0): drawn when shown. */
  draw(input: ChartInput): void {
    const svg = this.parts().svg;
    if (!svg) return;
    const size = this.size ?? { width: this.parts().area?.clientWidth ?? 0, height: this.parts().area?.clientHeight ?? 0 };
    if (this.size && (!size.width || !size.height)) return;
    const inputs = [input.presented, input.orientation, input.focusIndex, input.selectedIndex, size.width, size.height];
    if (inputs.every((value, i) => value === this.drawn[i])) return;
    this.drawn = inputs;
    const style = (this.style ??= this.readStyle());
    this.checkStyleNextFrame();
    this.layout = drawFunnel(svg, {
      stages: input.presented?.stages ?? [],
      stageLabels: input.presented?.stageLabels ?? [],
      size,
      orientation: input.orientation,
      focusIndex: input.focusIndex,
      selectedIndex: input.selectedIndex,
      font: style.font,
      duration: style.duration,
    });
  }

  private readStyle(): ChartStyle {
    const style = getComputedStyle(this.host);
    return { font: { size: parseFloat(style.fontSize) || 14, family: style.fontFamily }, duration: motionDuration(style) };
  }

  private checkStyleNextFrame(): void {
    if (this.styleCheck) return;
    this.styleCheck = requestAnimationFrame(() => {
      this.styleCheck = 0;
      const style = this.readStyle();
      const redraw = !!this.style && !sameFont(style, this.style);
      this.style = style;
      if (redraw) {
        this.drawn = [];
        this.host.requestUpdate();
      }
    });
  }

  /** Ends a running animation at once (for `rendered()`). */
  finish(): void {
    const svg = this.parts().svg;
    if (svg) finishMotion(svg);
  }

  /** The `g.stage` of stage `index`. */
  stageGroup(index: number): SVGGElement | null {
    return this.parts().svg?.querySelector<SVGGElement>(`g.stage[data-index="${index}"]`) ?? null;
  }

  /** Index of the stage an event happened on (< `count`), or null. */
  stageIndexOf(event: Event, count: number): number | null {
    const target = event.composedPath().find((node) => node instanceof SVGGElement && node.classList.contains('stage')) as SVGGElement | undefined;
    if (!target) return null;
    const index = Number(target.dataset.index);
    return Number.isInteger(index) && index >= 0 && index < count ? index : null;
  }

  /** Where the focus tooltip of stage `index` points (px in the element): the block's right middle. */
  blockPoint(index: number): { x: number; y: number } | null {
    const block = this.layout?.stages[index]?.block;
    const svgBox = this.parts().svg?.getBoundingClientRect();
    if (!block || !svgBox) return null;
    const box = this.host.getBoundingClientRect();
    return { x: svgBox.left - box.left + block.x + block.width, y: svgBox.top - box.top + block.y + block.height / 2 };
  }

  /** The PNG (the chart under a header of `header` rates), or null when nothing is drawn. */
  async image(header: Array<{ label: string; value: string }>, scale: number): Promise<Blob | null> {
    const svg = this.parts().svg;
    if (!svg || !(Number(svg.getAttribute('width')) > 0) || !(Number(svg.getAttribute('height')) > 0)) return null;
    const { chartImage } = await import('./image');
    const style = getComputedStyle(this.host);
    return chartImage(svg, {
      background: style.getPropertyValue('--city-bg').trim() || '#fff',
      foreground: style.color,
      muted: style.getPropertyValue('--city-muted').trim() || style.color,
      fontFamily: style.fontFamily,
      header,
      scale,
    });
  }
}
