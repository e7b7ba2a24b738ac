// JIT: the template compiler must be loaded before any component is defined.
import '@angular/compiler';
import { Component, CUSTOM_ELEMENTS_SCHEMA, Injectable, enableProdMode, inject, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
// Each entry defines its tags: <city-map> + <city-grid-layer>, and <city-closure-funnel>.
import 'citykit/grid';
import 'citykit/funnel';
import type { CityGridSelectDetail } from 'citykit/grid';

@Injectable({ providedIn: 'root' })
class CityData {
  async load(): Promise<{ grids: unknown; cases: unknown }> {
    const get = async (url: string) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.json() as Promise<unknown>;
    };
    const [grids, cases] = await Promise.all([get('./data/grids.geojson'), get('./data/cases-city-management.json')]);
    return { grids, cases };
  }
}

@Component({
  selector: 'app-root',
  standalone: true,
  // Lets the template use CityKit's tags and bind their properties and events.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>CityKit in Angular</h1>
      <div class="toolbar">
        <output id="selected">Selected: {{ selected() ?? 'none' }}</output>
        @if (shown()) {
          <button id="unmount" type="button" (click)="shown.set(false)">Remove the widgets</button>
        }
      </div>
      @if (error()) {
        <p role="alert">{{ error() }}</p>
      }
      @if (shown() && data(); as d) {
        <city-map>
          <city-grid-layer [data]="d.grids" level="community" metric="events" (city-grid-select)="onSelect($event)"></city-grid-layer>
        </city-map>
        <city-closure-funnel preset="city-management" [data]="d.cases"></city-closure-funnel>
      }
    </main>
  `,
})
class App {
  private readonly cityData = inject(CityData);
  readonly data = signal<{ grids: unknown; cases: unknown } | null>(null);
  readonly selected = signal<string | null>(null);
  readonly shown = signal(true);
  readonly error = signal<string | null>(null);

  constructor() {
    this.cityData.load().then(
      (data) => this.data.set(data),
      (e: Error) => this.error.set(e.message),
    );
  }

  onSelect(event: Event): void {
    this.selected.set((event as CustomEvent<CityGridSelectDetail>).detail.id);
  }
}

enableProdMode();
bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((e) => console.error(e));
