/**
 * The briefing of `<city-life-circle>`: one set of figures (`figures.ts`) drawn as a PNG under the
 * map (`toBriefingImage`) or laid out as a print page in a hidden about:blank frame whose own
 * print dialog prints the briefing alone (`printBriefing`). The frame stays in the element's shadow
 * root until the next briefing or until the element leaves the page.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Locale } from '../../core/i18n';
import type { LifeCircleResult } from '../engine/types';
import type { PlanComparison } from '../model/scenario';
import { briefingFigures, type BriefingFigures, type BriefingTranslate, type BriefingUnits } from './figures';
import { drawBriefing } from './image';
import { writePrintPage } from './print';
import './strings';

export interface BriefingHooks {
  /** Resolves when the element shows its current inputs. */
  rendered(): Promise<void>;
  result(): LifeCircleResult | null;
  /** The units as the panel's table shows them (null: none). */
  units(): BriefingUnits | null;
  /** The active plan against the baseline (null: no plan). */
  comparison(): PlanComparison | null;
  /** The map as shown, PNG. */
  mapImage(): Promise<Blob>;
  locale(): Locale;
  t: BriefingTranslate;
  residenceName(id: string): string | null;
  download(blob: Blob, fileName: string): void;
}

export class LifeCircleBriefing implements ReactiveController {
  private frame: HTMLIFrameElement | null = null;
  private busy = false;
  private error: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly hooks: BriefingHooks,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.frame?.remove();
    this.frame = null;
  }

  /** The briefing as a PNG: the map, then the key figures. */
  async image(): Promise<Blob> {
    const { figures, map } = await this.prepare();
    try {
      return await drawBriefing(map, figures);
    } finally {
      map.close();
    }
  }

  /** Writes the print page and opens the print dialog for it alone. */
  async print(): Promise<void> {
    const { figures, map } = await this.prepare();
    this.frame?.remove();
    const frame = document.createElement('iframe');
    frame.className = 'briefing-frame';
    frame.title = figures.title;
    frame.tabIndex = -1;
    frame.setAttribute('aria-hidden', 'true');
    // Out of sight and out of layout, through the CSSOM (a strict CSP blocks style attributes).
    Object.assign(frame.style, { position: 'fixed', left: '0', top: '0', width: '0', height: '0', border: '0' });
    (this.host.shadowRoot ?? this.host).append(frame);
    this.frame = frame;
    try {
      writePrintPage(frame, figures, map, (count) => this.hooks.t('life.briefing.more', { count }), this.hooks.t('life.briefing.no-gaps'));
    } finally {
      map.close();
    }
    frame.contentWindow!.print();
  }

  /** The panel's briefing buttons (nothing before a result). */
  section(): TemplateResult | typeof nothing {
    if (!this.hooks.result()) return nothing;
    const { t } = this.hooks;
    return html`<section class="section briefing" aria-labelledby="life-briefing">
      <h3 id="life-briefing">${t('life.briefing')}</h3>
      <div class="buttons">
        <button type="button" data-briefing="image" ?disabled=${this.busy} @click=${() => this.run(async () => this.hooks.download(await this.image(), `${t('life.briefing.title')}.png`))}>
          ${t('life.briefing.image')}
        </button>
        <button type="button" data-briefing="print" ?disabled=${this.busy} @click=${() => this.run(() => this.print())}>${t('life.briefing.print')}</button>
      </div>
      ${this.busy ? html`<p class="muted small" role="status">${t('life.briefing.busy')}</p>` : nothing}
      ${this.error ? html`<p class="warning" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }

  /** A button's action, with its progress and failure shown in the panel. */
  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      await action();
    } catch (error) {
      this.error = this.hooks.t('life.briefing.failed', { detail: (error as Error).message });
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  private async prepare(): Promise<{ figures: BriefingFigures; map: ImageBitmap }> {
    await this.hooks.rendered();
    const result = this.hooks.result();
    if (!result) throw new Error('no result to brief yet');
    const map = await createImageBitmap(await this.hooks.mapImage());
    const { locale, t, residenceName } = this.hooks;
    const figures = briefingFigures({ result, units: this.hooks.units(), comparison: this.hooks.comparison(), locale: locale(), t, residenceName, date: new Date() });
    return { figures, map };
  }
}
