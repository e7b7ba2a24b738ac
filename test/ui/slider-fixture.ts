import type { CityTimeSlider } from '../../src/ui/time-slider';

/** Local time in 2024 (month 1–12). */
export const local = (m: number, d: number, h = 0) => new Date(2024, m - 1, d, h).getTime();

/** 2024-05-01 10:00 … 05-20 15:00 with 7-day windows: the track spans 05-01 … 05-21 (20 days). */
export async function mountSlider(): Promise<CityTimeSlider> {
  const slider = document.createElement('city-time-slider') as CityTimeSlider;
  slider.style.cssText = 'position:fixed;left:0;top:0;width:700px';
  slider.min = local(5, 1, 10);
  slider.max = local(5, 20, 15);
  slider.windowDays = 7;
  document.body.append(slider);
  await slider.updateComplete;
  return slider;
}
