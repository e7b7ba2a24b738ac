/** `<city-map>`'s zoom and full-screen buttons: a template from plain inputs. */
import { html, nothing, svg } from 'lit';

export interface MapControlsInput {
  t: (key: 'map.controls' | 'map.zoom-in' | 'map.zoom-out' | 'map.fullscreen' | 'map.exit-fullscreen') => string;
  fullscreen: boolean;
  zoomBy: (delta: number) => void;
  toggleFullscreen: () => void;
}

export function renderMapControls({ t, fullscreen, zoomBy, toggleFullscreen }: MapControlsInput) {
  const fullscreenLabel = t(fullscreen ? 'map.exit-fullscreen' : 'map.fullscreen');
  const canFullscreen = typeof document !== 'undefined' && document.fullscreenEnabled !== false;
  return html`<div class="controls" part="controls" role="group" aria-label=${t('map.controls')}>
    <button type="button" aria-label=${t('map.zoom-in')} title=${t('map.zoom-in')} @click=${() => zoomBy(1)}>
      <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 3v10M3 8h10" /></svg>
    </button>
    <button type="button" aria-label=${t('map.zoom-out')} title=${t('map.zoom-out')} @click=${() => zoomBy(-1)}>
      <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8h10" /></svg>
    </button>
    ${canFullscreen
      ? html`<button type="button" aria-label=${fullscreenLabel} title=${fullscreenLabel} aria-pressed=${fullscreen ? 'true' : 'false'} @click=${toggleFullscreen}>
          <svg viewBox="0 0 16 16" aria-hidden="true">
            ${fullscreen ? svg`<path d="M6 2v4H2M10 2v4h4M6 14v-4H2M10 14v-4h4" />` : svg`<path d="M2 6V2h4M14 6V2h-4M2 10v4h4M14 10v4h-4" />`}
          </svg>
        </button>`
      : nothing}
  </div>`;
}
