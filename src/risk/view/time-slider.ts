/** The risk layer's playback bar: `<city-time-slider>` over the records' time span, with their daily counts. */
import { html, nothing } from 'lit';
import { CORNERS, type Corner } from '../../map/map-context';
import { paintOverlayElement } from '../../ui/legend';
import type { CityPlaybackChangeDetail, CityTimeChangeDetail, CityTimeSlider } from '../../ui/time-slider';
import type { RiskSettings } from '../model/attributes';

export interface RiskSliderModel {
  /** `[earliest, latest]` record time, epoch ms; null: no slider. */
  extent: readonly [number, number] | null;
  settings: Pick<RiskSettings, 'from' | 'to' | 'step' | 'windowDays' | 'speed'>;
  playing: boolean;
  hidden: boolean;
  /** Records per local day from the earliest record's day (category and level filters applied). */
  histogram: ArrayLike<number> | null;
  t: (key: string, params?: Record<string, string | number>) => string;
  onTimeChange(event: CustomEvent<CityTimeChangeDetail>): void;
  onPlaybackChange(event: CustomEvent<CityPlaybackChangeDetail>): void;
  /** A drag on the track ended. */
  onRelease(): void;
}

export function renderRiskSlider(model: RiskSliderModel) {
  const { extent, settings } = model;
  if (!extent) return nothing;
  return html`<city-time-slider
    part="time-slider"
    ?hidden=${model.hidden}
    .min=${extent[0]}
    .max=${extent[1]}
    .from=${settings.from}
    .to=${settings.to}
    .step=${settings.step}
    .windowDays=${settings.windowDays}
    .speed=${settings.speed}
    .playing=${model.playing}
    .histogram=${model.histogram}
    .t=${model.t}
    @city-time-change=${model.onTimeChange}
    @city-playback-change=${model.onPlaybackChange}
    @pointerup=${model.onRelease}
    @pointercancel=${model.onRelease}
  ></city-time-slider>`;
}

/** The narrowest the time slider reads well at (its controls wrap onto two lines). */
const SLIDER_MIN_WIDTH = 260;

type CornerBoxes = Partial<Record<Corner, { width: number; height: number }>>;

/** The slider stretches to the room it gets: the map places it by the room it needs at least. */
export function sliderCornerBoxes(boxes: CornerBoxes, cornerParts: Partial<Record<Corner, string>>): CornerBoxes {
  const out = { ...boxes };
  for (const corner of CORNERS) {
    const box = out[corner];
    if (box && cornerParts[corner] === 'time-slider') out[corner] = { ...box, width: SLIDER_MIN_WIDTH };
  }
  return out;
}

/** Paints the slider's range text and track (they live in the slider's own shadow root) for an image export. */
export function paintSliderOverlays(context: CanvasRenderingContext2D, slider: CityTimeSlider | null, origin: DOMRect): void {
  for (const part of slider?.shadowRoot?.querySelectorAll('.bar .range, .bar .track') ?? []) paintOverlayElement(context, part, origin);
}
