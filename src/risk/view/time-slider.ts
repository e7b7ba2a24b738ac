/** The risk layer's playback bar: `<city-time-slider>` over the records' time span, with their daily counts. */
import { html, nothing } from 'lit';
import type { CityPlaybackChangeDetail, CityTimeChangeDetail } from '../../ui/time-slider';
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
