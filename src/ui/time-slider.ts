/**
 * `<city-time-slider>`: the playback control of a time window (play/pause, step back/forward,
 * speed, step length, window length) over a track showing how many items fall in each day.
 * Generic: the host passes the span (`min`, `max`), the day counts (`histogram`) and its strings
 * (`t`, optional) as plain data; the calendar windows are core/timeline's. Keyboard: on the track
 * ←/→ (or ↓/↑) step, PageUp/PageDown move 7 steps, End goes to the last window and Home to "all
 * times" (the position before the first window); buttons and selects are native controls. It
 * inherits the `--city-*` tokens of the element it lives in (it does not reset them) and renders
 * every label as text.
 *
 * @tagname city-time-slider
 * @summary Time-window playback slider.
 * @fires {CustomEvent<CityTimeChangeDetail>} city-time-change - The user or playback moved the window: `{from, to}` (ISO 8601), both null for all times.
 * @fires {CustomEvent<CityPlaybackChangeDetail>} city-playback-change - A playback setting changed: `{playing, speed, step, windowDays}`.
 * @csspart time-slider - The slider bar.
 */
import { LitElement, css, html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { cssStyle } from '../core/css-style';
import { emit } from '../core/events';
import { registerStrings, resolveLocale, translate } from '../core/i18n';
import { STEP_DAYS, createTimeline, formatIsoLocal, indexOf, stepIndex, windowAt, type TimeStep, type Timeline } from '../core/timeline';

export interface CityTimeChangeDetail {
  /** Window start (inclusive), ISO 8601 with offset; null: no window (all times). */
  from: string | null;
  /** Window end (exclusive), ISO 8601 with offset; null: no window. */
  to: string | null;
}

export interface CityPlaybackChangeDetail {
  playing: boolean;
  /** Steps per second. */
  speed: number;
  step: TimeStep;
  windowDays: number;
}

declare global {
  interface CityEventMap {
    'city-time-change': CityTimeChangeDetail;
    'city-playback-change': CityPlaybackChangeDetail;
  }
}

registerStrings({
  'zh-CN': {
    'time.slider': '时间窗口',
    'time.play': '播放',
    'time.pause': '暂停',
    'time.back': '后退一步',
    'time.forward': '前进一步',
    'time.speed': '速度',
    'time.step': '步长',
    'time.step.day': '按天',
    'time.step.week': '按周',
    'time.window': '窗口',
    'time.window.days': '{count} 天',
    'time.range': '{from} 至 {to}',
    'time.all': '全部',
    'time.all-range': '全部：{from} 至 {to}',
  },
  en: {
    'time.slider': 'Time window',
    'time.play': 'Play',
    'time.pause': 'Pause',
    'time.back': 'Step back',
    'time.forward': 'Step forward',
    'time.speed': 'Speed',
    'time.step': 'Step',
    'time.step.day': 'Daily',
    'time.step.week': 'Weekly',
    'time.window': 'Window',
    'time.window.days': '{count} days',
    'time.range': '{from} – {to}',
    'time.all': 'All',
    'time.all-range': 'All: {from} – {to}',
  },
});

export const SPEEDS = [0.5, 1, 2, 4, 8] as const;
export const WINDOW_CHOICES = [1, 7, 14, 30] as const;

type Translate = (key: string, params?: Record<string, string | number>) => string;

const pad = (n: number) => String(n).padStart(2, '0');
/** Local calendar date `YYYY-MM-DD`. */
export function formatDay(epoch: number): string {
  const d = new Date(epoch);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The end date of a range, without the year when it is the start's year: `2024-05-08 … 05-14`. */
function formatEndDay(from: number, to: number): string {
  const text = formatDay(to);
  return new Date(from).getFullYear() === new Date(to).getFullYear() ? text.slice(5) : text;
}

export class CityTimeSlider extends LitElement {
  static override styles = css`
    :host {
      display: block;
      font: inherit;
      color: var(--city-fg, #1d2330);
    }
    .bar {
      display: flex;
      align-items: center;
      gap: 6px;
      padding: 6px 8px;
      background: var(--city-surface, #fff);
      border: 1px solid var(--city-border, #d5d9e0);
      border-radius: var(--city-radius, 6px);
      box-shadow: var(--city-shadow, none);
      pointer-events: auto;
      flex-wrap: wrap;
    }
    button,
    select {
      font: inherit;
      font-size: 0.9em;
      color: inherit;
      background: transparent;
      border: 1px solid var(--city-border, #d5d9e0);
      border-radius: 4px;
      min-height: 28px;
    }
    button {
      min-width: 30px;
      cursor: pointer;
      padding: 0 6px;
      line-height: 1;
    }
    button.play {
      background: var(--city-accent, #1f6feb);
      border-color: var(--city-accent, #1f6feb);
      color: #fff;
      min-width: 36px;
    }
    button:focus-visible,
    select:focus-visible,
    .track:focus-visible {
      outline: 2px solid var(--city-focus, #1f6feb);
      outline-offset: 2px;
    }
    .middle {
      flex: 1 1 180px;
      min-width: 140px;
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .range {
      font-size: 0.85em;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .track {
      position: relative;
      height: 26px;
      border-radius: 3px;
      background: color-mix(in srgb, var(--city-border, #d5d9e0) 45%, transparent);
      cursor: pointer;
      touch-action: none;
    }
    .track svg {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      display: block;
    }
    .track rect {
      fill: var(--city-muted, #5b6475);
      opacity: 0.55;
    }
    .window {
      position: absolute;
      top: 0;
      bottom: 0;
      min-width: 3px;
      background: color-mix(in srgb, var(--city-accent, #1f6feb) 30%, transparent);
      border: 2px solid var(--city-accent, #1f6feb);
      border-radius: 3px;
      pointer-events: none;
    }
    .window[data-all] {
      background: color-mix(in srgb, var(--city-accent, #1f6feb) 10%, transparent);
      border-style: dashed;
    }
    button[aria-pressed='true'] {
      background: color-mix(in srgb, var(--city-accent, #1f6feb) 18%, transparent);
    }
    label {
      display: inline-flex;
      align-items: center;
      gap: 3px;
      font-size: 0.85em;
      color: var(--city-muted, #5b6475);
    }
    select {
      color: var(--city-fg, #1d2330);
      background: var(--city-surface, #fff);
      padding: 0 2px;
    }
  `;

  /** Earliest time (epoch ms). */
  @property({ type: Number }) min: number | null = null;
  /** Latest time (epoch ms). */
  @property({ type: Number }) max: number | null = null;
  /** Current window start (epoch ms); null with `to` null: no window, all times shown. */
  @property({ type: Number }) from: number | null = null;
  /** Current window end (epoch ms, exclusive). */
  @property({ type: Number }) to: number | null = null;
  @property() step: TimeStep = 'day';
  @property({ type: Number, attribute: 'window-days' }) windowDays = 7;
  /** Steps per second while playing. */
  @property({ type: Number }) speed = 1;
  @property({ type: Boolean, reflect: true }) playing = false;
  /** Wrap from the last window to the first while playing. */
  @property({ type: Boolean }) loop = true;
  /** Records per local day from the first day of `min` (drawn behind the track). */
  @property({ attribute: false }) histogram: ArrayLike<number> | null = null;
  /** String lookup; defaults to CityKit's built-in strings in the page's language. */
  @property({ attribute: false }) t: Translate | null = null;

  @state() private dragging = false;
  private frame = 0;
  private lastTick = 0;
  private carry = 0;

  private tr(key: string, params?: Record<string, string | number>): string {
    return this.t ? this.t(key, params) : translate(resolveLocale(this), key, params);
  }

  /** The timeline, or null while there is no time span. */
  get timeline(): Timeline | null {
    if (this.min === null || this.max === null || !Number.isFinite(this.min) || !Number.isFinite(this.max)) return null;
    return createTimeline([this.min, this.max], STEP_DAYS[this.step] ?? 1, Math.max(1, Math.round(this.windowDays)));
  }

  /**
   * True while the user drags the window or playback moves it: a \`city-time-change\` fired then is
   * one of a series (a host mirroring the window elsewhere may treat it as provisional).
   */
  get adjusting(): boolean {
    return this.dragging || this.playing;
  }

  /** Current step index; -1 while no window is set (all times). */
  get index(): number {
    const timeline = this.timeline;
    if (!timeline || this.from === null) return -1;
    return indexOf(timeline, this.from);
  }

  play(): void {
    this.setPlaying(true);
  }

  pause(): void {
    this.setPlaying(false);
  }

  toggle(): void {
    this.setPlaying(!this.playing);
  }

  /** Moves the window `delta` steps (wrapping only while playing with `loop`). */
  stepBy(delta: number, wrap = false): void {
    const timeline = this.timeline;
    if (!timeline) return;
    const index = this.index;
    if (index < 0) {
      if (delta > 0) this.goTo(delta - 1);
      return;
    }
    // Below the first window is "all times" (the slider's minimum), unless playback wraps.
    if (index + delta < 0 && !wrap) this.showAll();
    else this.goTo(stepIndex(timeline, index, delta, wrap));
  }

  /** Drops the window: all times shown. */
  showAll(): void {
    if (this.from === null && this.to === null) return;
    this.pause();
    this.from = null;
    this.to = null;
    emit(this, 'city-time-change', { from: null, to: null });
  }

  stepForward(): void {
    this.stepBy(1);
  }

  stepBack(): void {
    this.stepBy(-1);
  }

  /** Moves to window `index` and fires `city-time-change` when it moved. */
  goTo(index: number): void {
    const timeline = this.timeline;
    if (!timeline) return;
    const clamped = Math.min(Math.max(Math.round(index), 0), timeline.lastIndex);
    const window = windowAt(timeline, clamped);
    if (this.from === window.from && this.to === window.to) return;
    this.from = window.from;
    this.to = window.to;
    emit(this, 'city-time-change', { from: formatIsoLocal(window.from), to: formatIsoLocal(window.to) });
  }

  private setPlaying(playing: boolean): void {
    if (playing === this.playing) return;
    this.playing = playing;
    this.firePlayback();
  }

  private firePlayback(): void {
    emit(this, 'city-playback-change', {
      playing: this.playing,
      speed: this.speed,
      step: this.step,
      windowDays: this.windowDays,
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopClock();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.playing) this.startClock();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('playing')) {
      if (this.playing) this.startClock();
      else this.stopClock();
    }
  }

  private startClock(): void {
    if (this.frame || !this.isConnected) return;
    this.lastTick = performance.now();
    this.carry = 0;
    const tick = (now: number) => {
      this.frame = requestAnimationFrame(tick);
      const elapsed = Math.min(now - this.lastTick, 1000);
      this.lastTick = now;
      this.carry += (elapsed / 1000) * Math.max(this.speed, 0.01);
      // At most one step per frame: a slow frame never skips windows.
      if (this.carry >= 1) {
        this.carry = Math.min(this.carry - 1, 1);
        this.stepBy(1, this.loop);
      }
    };
    this.frame = requestAnimationFrame(tick);
  }

  private stopClock(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private onKey(event: KeyboardEvent): void {
    const timeline = this.timeline;
    if (!timeline) return;
    const moves: Record<string, () => void> = {
      ArrowLeft: () => this.stepBy(-1),
      ArrowDown: () => this.stepBy(-1),
      ArrowRight: () => this.stepBy(1),
      ArrowUp: () => this.stepBy(1),
      PageDown: () => this.stepBy(-7),
      PageUp: () => this.stepBy(7),
      Home: () => this.showAll(),
      End: () => this.goTo(timeline.lastIndex),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    event.stopPropagation();
    move();
  }

  private indexAtPointer(event: PointerEvent): number {
    const timeline = this.timeline!;
    const track = event.currentTarget as HTMLElement;
    const rect = track.getBoundingClientRect();
    const fraction = Math.min(Math.max((event.clientX - rect.left) / Math.max(rect.width, 1), 0), 1);
    const spanEnd = windowAt(timeline, timeline.lastIndex).to;
    const time = timeline.start + fraction * (spanEnd - timeline.start);
    // Centre the window on the pointer.
    return indexOf(timeline, time - (windowAt(timeline, 0).to - timeline.start) / 2);
  }

  private onPointerDown(event: PointerEvent): void {
    if (!this.timeline || event.button !== 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
    (event.currentTarget as HTMLElement).focus();
    this.dragging = true;
    this.goTo(this.indexAtPointer(event));
  }

  private onPointerMove(event: PointerEvent): void {
    if (this.dragging) this.goTo(this.indexAtPointer(event));
  }

  private onPointerUp(): void {
    this.dragging = false;
  }

  private onSpeed(event: Event): void {
    this.speed = Number((event.target as HTMLSelectElement).value);
    this.firePlayback();
  }

  private onStep(event: Event): void {
    this.step = (event.target as HTMLSelectElement).value as TimeStep;
    this.firePlayback();
  }

  private onWindow(event: Event): void {
    this.windowDays = Number((event.target as HTMLSelectElement).value);
    this.firePlayback();
    // The current window takes the new length.
    const index = this.index;
    if (index >= 0) {
      this.to = null;
      this.goTo(index);
    }
  }

  private renderHistogram(timeline: Timeline, spanEnd: number) {
    const counts = this.histogram;
    if (!counts || !counts.length) return nothing;
    const days = Math.max(1, Math.round((spanEnd - timeline.start) / 86_400_000));
    // Merge days so there are at most ~120 bars.
    const per = Math.max(1, Math.ceil(days / 120));
    const bars: number[] = [];
    for (let d = 0; d < days; d += per) {
      let sum = 0;
      for (let k = d; k < Math.min(d + per, counts.length); k++) sum += counts[k];
      bars.push(sum);
    }
    const max = Math.max(1, ...bars);
    return html`<svg viewBox="0 0 ${bars.length} 100" preserveAspectRatio="none" aria-hidden="true">
      ${bars.map((count, i) => svg`<rect x=${i + 0.1} width="0.8" y=${100 - (count / max) * 92} height=${(count / max) * 92}></rect>`)}
    </svg>`;
  }

  override render() {
    const timeline = this.timeline;
    const disabled = !timeline;
    let rangeText = '—';
    let left = 0;
    let width = 100;
    let spanEnd = 0;
    const all = this.from === null && this.to === null;
    if (timeline) {
      spanEnd = windowAt(timeline, timeline.lastIndex).to;
      const span = Math.max(spanEnd - timeline.start, 1);
      const from = this.from ?? timeline.start;
      const to = this.to ?? (this.from === null ? spanEnd : windowAt(timeline, this.index).to);
      left = Math.max(0, ((from - timeline.start) / span) * 100);
      width = Math.min(100 - left, ((to - from) / span) * 100);
      // The end is exclusive: show the last day inside the window.
      rangeText = all
        ? this.tr('time.all-range', { from: formatDay(timeline.start), to: formatEndDay(timeline.start, timeline.end) })
        : this.tr('time.range', { from: formatDay(from), to: formatEndDay(from, to - 1) });
    }
    const windowChoices = [...new Set([...WINDOW_CHOICES, this.windowDays])].sort((a, b) => a - b);
    const speeds = [...new Set([...SPEEDS, this.speed])].sort((a, b) => a - b);
    return html`<div part="time-slider" class="bar" role="group" aria-label=${this.tr('time.slider')}>
      <button
        class="play"
        type="button"
        ?disabled=${disabled}
        aria-label=${this.playing ? this.tr('time.pause') : this.tr('time.play')}
        title=${this.playing ? this.tr('time.pause') : this.tr('time.play')}
        @click=${() => this.toggle()}
      >
        ${this.playing ? '❚❚' : '▶'}
      </button>
      <button type="button" ?disabled=${disabled} aria-label=${this.tr('time.back')} title=${this.tr('time.back')} @click=${() => this.stepBack()}>
        ◀
      </button>
      <button
        type="button"
        ?disabled=${disabled}
        aria-label=${this.tr('time.forward')}
        title=${this.tr('time.forward')}
        @click=${() => this.stepForward()}
      >
        ▶|
      </button>
      <div class="middle">
        <div class="range" aria-hidden="true">${rangeText}</div>
        <div
          class="track"
          role="slider"
          tabindex=${disabled ? -1 : 0}
          aria-label=${this.tr('time.slider')}
          aria-valuemin="-1"
          aria-valuemax=${timeline ? timeline.lastIndex : 0}
          aria-valuenow=${this.index}
          aria-valuetext=${rangeText}
          aria-disabled=${disabled ? 'true' : 'false'}
          @keydown=${this.onKey}
          @pointerdown=${this.onPointerDown}
          @pointermove=${this.onPointerMove}
          @pointerup=${this.onPointerUp}
          @pointercancel=${this.onPointerUp}
        >
          ${timeline ? this.renderHistogram(timeline, spanEnd) : nothing}
          ${timeline ? html`<div class="window" ?data-all=${all} ${cssStyle({ left: `${left}%`, width: `${width}%` })}></div>` : nothing}
        </div>
      </div>
      <button type="button" class="all" ?disabled=${disabled} aria-pressed=${all ? 'true' : 'false'} @click=${() => this.showAll()}>
        ${this.tr('time.all')}
      </button>
      <label
        >${this.tr('time.speed')}
        <select @change=${this.onSpeed} .value=${String(this.speed)}>
          ${speeds.map((s) => html`<option value=${s} ?selected=${s === this.speed}>${s}×</option>`)}
        </select></label
      >
      <label
        >${this.tr('time.step')}
        <select @change=${this.onStep} .value=${this.step}>
          <option value="day" ?selected=${this.step === 'day'}>${this.tr('time.step.day')}</option>
          <option value="week" ?selected=${this.step === 'week'}>${this.tr('time.step.week')}</option>
        </select></label
      >
      <label
        >${this.tr('time.window')}
        <select @change=${this.onWindow} .value=${String(this.windowDays)}>
          ${windowChoices.map(
            (d) => html`<option value=${d} ?selected=${d === this.windowDays}>${this.tr('time.window.days', { count: d })}</option>`,
          )}
        </select></label
      >
    </div>`;
  }
}
