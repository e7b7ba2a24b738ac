import { expect } from 'chai';
import { toWgs84, fromWgs84, convertLonLat, wgs84ToGcj02, gcj02ToBd09, bd09ToGcj02, outOfChina } from '../../src/core/crs';
import type { FeatureCollection, Polygon } from 'geojson';

/** Metres between two lon/lat points (haversine), for accuracy assertions. */
function metres(a: number[], b: number[]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

describe('core/crs', () => {
  // Published reference pairs of the widely used coordtransform implementations (Tiananmen).
  const references: Array<[string, () => number[], number[]]> = [
    ['wgs84 → gcj02', () => wgs84ToGcj02(116.404, 39.915), [116.41024449916938, 39.91640428150164]],
    ['gcj02 → bd09', () => gcj02ToBd09(116.404, 39.915), [116.41036949371029, 39.92133699351021]],
    ['wgs84 → bd09', () => convertLonLat(116.404, 39.915, 'wgs84', 'bd09'), [116.41662724378733, 39.922699552216216]],
  ];
  for (const [name, compute, expected] of references) {
    it(`matches the published pair for ${name} to 1e-9°`, () => {
      const [lon, lat] = compute();
      expect(lon).to.be.closeTo(expected[0], 1e-9);
      expect(lat).to.be.closeTo(expected[1], 1e-9);
    });
  }

  it('bd09 → gcj02 agrees with the published closed form within 1e-5° and inverts gcj02 → bd09 exactly', () => {
    const [lon, lat] = bd09ToGcj02(116.404, 39.915);
    expect(lon).to.be.closeTo(116.39762729119315, 1e-5);
    expect(lat).to.be.closeTo(39.90865673957631, 1e-5);
    const [blon, blat] = gcj02ToBd09(lon, lat);
    expect(blon).to.be.closeTo(116.404, 1e-9);
    expect(blat).to.be.closeTo(39.915, 1e-9);
  });

  it('shifts a Chongqing point by the expected few hundred metres', () => {
    const wgs = [106.55, 29.56];
    const gcj = fromWgs84(wgs, 'gcj02');
    const offset = metres(wgs, gcj);
    expect(offset).to.be.greaterThan(300);
    expect(offset).to.be.lessThan(700);
  });

  it('round-trips every system pair within 1 m across mainland China', () => {
    const systems = ['wgs84', 'gcj02', 'bd09'] as const;
    let worst = 0;
    for (let lon = 75; lon <= 134; lon += 4.7) {
      for (let lat = 18; lat <= 53; lat += 3.1) {
        for (const from of systems) {
          for (const to of systems) {
            const there = convertLonLat(lon, lat, from, to);
            const back = convertLonLat(there[0], there[1], to, from);
            worst = Math.max(worst, metres([lon, lat], back));
          }
        }
      }
    }
    expect(worst).to.be.lessThan(0.01); // in fact ≈ 1e-5 m: the inverse is solved iteratively
  });

  it('does not shift points outside China', () => {
    for (const point of [[-0.1246, 51.5007], [139.7, 35.7], [2.35, 48.85]]) {
      expect(outOfChina(point[0], point[1])).to.equal(true);
      expect(fromWgs84(point, 'gcj02')).to.deep.equal(point);
      expect(toWgs84(point, 'bd09')).to.deep.equal(point);
    }
  });

  it('converts whole GeoJSON without mutating the input and keeps extra coordinates', () => {
    const fc: FeatureCollection<Polygon> = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'a' },
          geometry: { type: 'Polygon', coordinates: [[[116.404, 39.915, 12], [116.41, 39.915], [116.41, 39.92], [116.404, 39.915, 12]]] },
        },
      ],
    };
    const copy = JSON.parse(JSON.stringify(fc));
    const out = fromWgs84(fc, 'gcj02');
    expect(fc).to.deep.equal(copy);
    const ring = out.features[0].geometry.coordinates[0];
    expect(ring[0][0]).to.be.closeTo(116.41024449916938, 1e-9);
    expect(ring[0][1]).to.be.closeTo(39.91640428150164, 1e-9);
    expect(ring[0][2]).to.equal(12);
    expect(out.features[0].properties).to.deep.equal({ id: 'a' });
    const back = toWgs84(out, 'gcj02');
    expect(metres(back.features[0].geometry.coordinates[0][1], [116.41, 39.915])).to.be.lessThan(0.01);
  });
});

describe('core/crs between Chinese systems outside China', () => {
  it('passes through gcj02 ⇄ bd09 unchanged', () => {
    expect(convertLonLat(2.35, 48.85, 'gcj02', 'bd09')).to.deep.equal([2.35, 48.85]);
    expect(convertLonLat(2.35, 48.85, 'bd09', 'gcj02')).to.deep.equal([2.35, 48.85]);
  });
});
