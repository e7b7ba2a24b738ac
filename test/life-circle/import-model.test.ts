// The import model (no DOM): decoding, CSV tables, column / CRS / role proposals, mapped tables
// to features with row-level issues, zipped Shapefiles. Table-driven, exact values.
import { expect } from 'chai';
import { convertLonLat } from '../../src/core/crs';
import { packRoads } from '../../src/life-circle/engine/roads';
import {
  crsHintFromNames,
  crsHintFromRoads,
  csvTable,
  csvToFeatures,
  decodeText,
  emptyMapping,
  featureTable,
  guessRole,
  readImportFile,
  readImportFiles,
  readShapefileZip,
  sniffColumns,
  sniffDelimiter,
  zipEntryNames,
  type ColumnMapping,
} from '../../src/life-circle/import/index';
import { at, street } from './element-fixtures';
import { WGS84_PRJ, encodeGbk, shapefileEntries, shapefileZip, toCsv, zip } from '../fixtures/life-circle-import/build';

const utf8 = (text: string) => new TextEncoder().encode(text);
const mapping = (fields: Partial<ColumnMapping>): ColumnMapping => ({ ...emptyMapping(), ...fields });
const CATEGORIES = [
  { key: 'kindergarten', label: { 'zh-CN': '幼儿园', en: 'Kindergarten' } },
  { key: 'convenience-store', label: { 'zh-CN': '便利店', en: 'Convenience store' } },
];

describe('life-circle import model', () => {
  describe('decodeText', () => {
    const cases: [string, Uint8Array, string, string, boolean][] = [
      ['UTF-8', utf8('名称,经度'), '名称,经度', 'utf-8', false],
      ['UTF-8 with BOM', Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('名称')]), '名称', 'utf-8', true],
      ['GBK (not valid UTF-8)', encodeGbk('小区名称,户籍人口'), '小区名称,户籍人口', 'gb18030', false],
      ['UTF-16 LE with BOM', Uint8Array.from([0xff, 0xfe, 0x0d, 0x54, 0x31, 0x00]), '名1', 'utf-16le', true],
      ['UTF-16 BE with BOM', Uint8Array.from([0xfe, 0xff, 0x54, 0x0d, 0x00, 0x31]), '名1', 'utf-16be', true],
      ['ASCII', utf8('id,lon,lat'), 'id,lon,lat', 'utf-8', false],
    ];
    for (const [name, bytes, text, encoding, bom] of cases) {
      it(name, () => expect(decodeText(bytes)).to.deep.equal({ text, encoding, bom }));
    }
    it('reads the encoding the user chose', () => {
      expect(decodeText(utf8('名称'), 'gb18030')).to.deep.equal({ text: '鍚嶇О', encoding: 'gb18030', bom: false });
      expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]), 'utf-8')).to.deep.equal({ text: 'a', encoding: 'utf-8', bom: true });
    });
  });

  describe('CSV tables', () => {
    const delimiters: [string, string][] = [
      ['a,b;c\n1,2;3', ','],
      ['a;b;c\n1;2;3', ';'],
      ['a\tb\tc', '\t'],
      ['one column', ','],
    ];
    for (const [text, delimiter] of delimiters) it(`sniffs ${JSON.stringify(delimiter)} in ${JSON.stringify(text)}`, () => expect(sniffDelimiter(text)).to.equal(delimiter));

    it('keeps quoted cells whole and numbers rows as a spreadsheet does (blank lines skipped but counted)', () => {
      const table = csvTable(' id ,名称\r\n1,"阳光, ""花园"""\r\n\r\n2,"two\nlines"\r\n');
      expect(table.columns).to.deep.equal(['id', '名称']);
      expect(table.rows).to.deep.equal([
        ['1', '阳光, "花园"'],
        ['2', 'two\nlines'],
      ]);
      expect([...table.rowNumbers]).to.deep.equal([2, 4]);
      expect(table.geometries).to.equal(null);
    });

    it('reads GeoJSON properties into columns without making data an object key', () => {
      const table = featureTable({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: JSON.parse('{"__proto__": "p", "id": 7}') },
          { type: 'Feature', geometry: null, properties: { name: 'x' } },
        ],
      })!;
      expect(table.columns).to.deep.equal(['__proto__', 'id', 'name']);
      expect(table.rows).to.deep.equal([
        ['p', 7, undefined],
        [undefined, undefined, 'x'],
      ]);
      expect(table.geometries).to.deep.equal([{ type: 'Point', coordinates: [1, 2] }, null]);
      expect(featureTable({ type: 'Topology' })).to.equal(null);
    });
  });

  describe('sniffColumns', () => {
    const cases: [string[], Partial<ColumnMapping>][] = [
      [['编号', '小区名称', '经度', '纬度', '户籍人口'], { id: 0, name: 1, lon: 2, lat: 3, population: 4 }],
      [['ID', 'NAME', 'TYPE', 'LNG', 'LAT'], { id: 0, name: 1, category: 2, lon: 3, lat: 4 }],
      [['设施名称', '设施类型', 'gcj_lng', 'gcj_lat', '所属街道'], { name: 0, category: 1, lon: 2, lat: 3, street: 4 }],
      [['poi_id', 'longitude', 'latitude', 'category'], { id: 0, lon: 1, lat: 2, category: 3 }],
      [['POINT_X', 'POINT_Y', 'Population', '社区'], { lon: 0, lat: 1, population: 2, grid: 3 }],
      [['name', 'WKT'], { name: 0, wkt: 1 }],
      [['x', 'y'], { lon: 0, lat: 1 }],
      [['经度(GCJ02)', '纬度(GCJ02)'], { lon: 0, lat: 1 }],
      [['code', '上级编号', '层级', '名称', 'geometry'], { id: 0, parent: 1, level: 2, name: 3, wkt: 4 }],
      [['备注', '日期'], {}],
    ];
    for (const [headers, expected] of cases) {
      it(headers.join(', '), () => expect(sniffColumns(headers)).to.deep.equal(mapping(expected)));
    }
  });

  describe('CRS hints (never from nothing)', () => {
    const cases: [string[], string, ReturnType<typeof crsHintFromNames>][] = [
      [['gcj_lng', 'gcj_lat'], 'a.csv', { crs: 'gcj02', evidence: 'column', source: 'gcj_lng' }],
      [['百度经度', '百度纬度'], 'a.csv', { crs: 'bd09', evidence: 'column', source: '百度经度' }],
      [['bd_lng', 'bd_lat'], 'a.csv', { crs: 'bd09', evidence: 'column', source: 'bd_lng' }],
      [['lng_wgs84', 'lat_wgs84'], 'poi_gcj02.csv', { crs: 'wgs84', evidence: 'column', source: 'lng_wgs84' }],
      [['lng', 'lat'], '高德POI.csv', { crs: 'gcj02', evidence: 'file-name', source: '高德POI.csv' }],
      [['lng', 'lat'], 'schools.csv', null],
      [['abdomen'], 'a.csv', null],
    ];
    for (const [columns, file, expected] of cases) {
      it(`${columns.join(',')} in ${file}`, () => expect(crsHintFromNames(columns, file)).to.deep.equal(expected));
    }
  });

  describe('CRS hints from the loaded roads', () => {
    const roads = packRoads(street().roads);
    // Along the fixture's roads: 20 m beside r1, on r2, 10 m beside r1.
    const wgs84: [number, number][] = [at(100, 20), at(900, 20), at(500, 250), at(150, -10), at(880, -10), at(520, 100)];
    const cases: [string, [number, number][], ReturnType<typeof crsHintFromRoads>][] = [
      ['WGS-84 points', wgs84, { crs: 'wgs84', evidence: 'roads', source: '100%' }],
      ['the same points in GCJ-02', wgs84.map(([x, y]) => convertLonLat(x, y, 'wgs84', 'gcj02')), { crs: 'gcj02', evidence: 'roads', source: '100%' }],
      ['the same points in BD-09', wgs84.map(([x, y]) => convertLonLat(x, y, 'wgs84', 'bd09')), { crs: 'bd09', evidence: 'roads', source: '100%' }],
      ['half of them beside a road', [...wgs84.slice(0, 3), at(300, 900), at(700, -900), at(-800, 500)], { crs: 'wgs84', evidence: 'roads', source: '50%' }],
      ['points nowhere near a road', [at(300, 900), at(700, -900), at(-800, 500)], null],
      ['no points', [], null],
    ];
    for (const [name, points, expected] of cases) it(name, () => expect(crsHintFromRoads(points, roads)).to.deep.equal(expected));
    it('no roads', () => expect(crsHintFromRoads(wgs84, null)).to.equal(null));
  });

  describe('guessRole', () => {
    const cases: [string, Partial<ColumnMapping>, 'point' | 'line' | 'polygon' | null, string][] = [
      ['小区.csv', {}, null, 'residences'],
      ['配套设施.csv', { population: 1 }, null, 'facilities'],
      ['POI_2024.csv', {}, null, 'facilities'],
      ['路网.zip', {}, 'line', 'roads'],
      ['社区边界.geojson', {}, 'polygon', 'boundaries'],
      ['data.csv', { population: 3 }, null, 'residences'],
      ['data.csv', { category: 2 }, null, 'facilities'],
      ['data.zip', {}, 'line', 'roads'],
      ['data.geojson', {}, 'polygon', 'boundaries'],
      ['data.csv', {}, null, 'residences'],
    ];
    for (const [file, fields, geometry, role] of cases) {
      it(`${file} ${JSON.stringify(fields)} ${geometry} → ${role}`, () => expect(guessRole(file, mapping(fields), geometry)).to.equal(role));
    }
  });

  describe('csvToFeatures', () => {
    it('residences: points, population with thousands separators, row-level issues with file, row and column', async () => {
      const table = csvTable(
        toCsv([
          ['编号', '名称', '经度', '纬度', '人口', '街道', '社区'],
          ['__proto__', 'A', 106.5, 29.5, '1,234', 's1', 'g1'],
          ['b', 'B', 'abc', 29.5, 10, '', ''],
          ['c', 'C', 29.5, 106.5, 10, '', ''],
          ['', 'D', 106.5, 29.5, 10, '', ''],
          ['__proto__', 'E', 106.5, 29.5, 10, '', ''],
          ['f', '', 106.6, 29.6, '', '', ''],
          ['g', 'G', 106.6, '', 3, '', ''],
        ]),
      );
      const out = await csvToFeatures(table, sniffColumns(table.columns), { role: 'residences', fileName: 'r.csv' });
      expect(out.features).to.deep.equal({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: { type: 'Point', coordinates: [106.5, 29.5] }, properties: { id: '__proto__', name: 'A', population: 1234, street: 's1', grid: 'g1' } },
          { type: 'Feature', geometry: { type: 'Point', coordinates: [106.6, 29.6] }, properties: { id: 'f', name: null, population: 0 } },
        ],
      });
      expect(out.issues).to.deep.equal([
        { path: 'r.csv:3:经度', severity: 'error', code: 'not-a-number', message: 'longitude "abc" is not a number in [-180, 180]: skipped', params: { row: 3, column: '经度', value: '"abc"' } },
        { path: 'r.csv:4:纬度', severity: 'error', code: 'swapped-coordinates', message: 'latitude "106.5" is not a number in [-90, 90] (longitude and latitude swapped?): skipped', params: { row: 4, column: '纬度', value: '"106.5"' } },
        { path: 'r.csv:5:编号', severity: 'error', code: 'missing', message: 'missing id: skipped', params: { row: 5, column: '编号' } },
        { path: 'r.csv:6:编号', severity: 'error', code: 'duplicate-id', message: 'duplicate id "__proto__": skipped', params: { row: 6, column: '编号', value: '"__proto__"' } },
        { path: 'r.csv:7:人口', severity: 'warning', code: 'missing', message: 'population "" is not a number ≥ 0: counted as 0', params: { row: 7, column: '人口', value: '""' } },
        { path: 'r.csv:8:纬度', severity: 'error', code: 'missing', message: 'latitude "" is not a number in [-90, 90]: skipped', params: { row: 8, column: '纬度', value: '""' } },
      ]);
      expect([out.rows, out.kept, out.issueCount]).to.deep.equal([7, 2, 6]);
    });

    it('facilities: categories by key or either name, ids from the row when there is none, GCJ-02 converted to the target CRS', async () => {
      const table = csvTable(
        toCsv([
          ['名称', '类别', 'lng', 'lat'],
          ['一幼', '幼儿园', 116.4, 39.9],
          ['shop', 'Convenience Store', 116.41, 39.91],
          ['k', 'kindergarten', 116.42, 39.92],
          ['?', '菜市场', 116.43, 39.93],
          ['-', '', 116.44, 39.94],
        ]),
      );
      const out = await csvToFeatures(table, sniffColumns(table.columns), { role: 'facilities', fileName: 'f.csv', from: 'gcj02', to: 'wgs84', categories: CATEGORIES });
      const at = (lon: number, lat: number) => convertLonLat(lon, lat, 'gcj02', 'wgs84');
      expect(out.features.features).to.deep.equal([
        { type: 'Feature', geometry: { type: 'Point', coordinates: at(116.4, 39.9) }, properties: { id: '#2', name: '一幼', category: 'kindergarten' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: at(116.41, 39.91) }, properties: { id: '#3', name: 'shop', category: 'convenience-store' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: at(116.42, 39.92) }, properties: { id: '#4', name: 'k', category: 'kindergarten' } },
      ]);
      expect(out.issues.map((i) => [i.path, i.code, i.params?.value])).to.deep.equal([
        ['f.csv:5:类别', 'unknown-value', '"菜市场"'],
        ['f.csv:6:类别', 'missing', '""'],
      ]);
    });

    it('WKT: polygon residences, line roads; unreadable WKT and the wrong geometry for the role are reported', async () => {
      const table = csvTable(
        toCsv([
          ['id', 'population', 'wkt'],
          ['p', 10, 'POLYGON ((0 0, 1 0, 1 1, 0 0))'],
          ['l', 10, 'LINESTRING (0 0, 1 1)'],
          ['x', 10, 'POLYGON ((0 0, 1 0'],
        ]),
      );
      const homes = await csvToFeatures(table, sniffColumns(table.columns), { role: 'residences', fileName: 'w.csv' });
      expect(homes.features.features.map((f) => f.geometry)).to.deep.equal([{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }]);
      expect(homes.issues.map((i) => [i.path, i.code, i.params?.value])).to.deep.equal([
        ['w.csv:3:wkt', 'invalid-geometry', '"LineString"'],
        ['w.csv:4:wkt', 'invalid-geometry', '"POLYGON ((0 0, 1 0"'],
      ]);
      // A facility drawn as its grounds becomes a point inside them (Turf's pointOnFeature: the centroid when it lies inside).
      const places = await csvToFeatures(csvTable(toCsv([['id', 'category', 'wkt'], ['s', 'kindergarten', 'POLYGON ((0 0, 3 0, 3 3, 0 3, 0 0))']])), mapping({ id: 0, category: 1, wkt: 2 }), {
        role: 'facilities',
        fileName: 'f.csv',
      });
      expect(places.features.features.map((f) => f.geometry)).to.deep.equal([{ type: 'Point', coordinates: [1.5, 1.5] }]);
      const roads = await csvToFeatures(table, sniffColumns(table.columns), { role: 'roads', fileName: 'w.csv' });
      expect(roads.features.features).to.deep.equal([{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, properties: { id: 'l', name: null } }]);
    });

    it('reports a table without coordinate columns once, and yields with progress on long tables', async () => {
      const none = await csvToFeatures(csvTable('id,name\n1,a\n'), mapping({ id: 0, name: 1 }), { role: 'facilities', fileName: 'n.csv' });
      expect([none.kept, none.issues.map((i) => [i.path, i.code])]).to.deep.equal([0, [['n.csv:lon', 'missing']]]);
      const rows = Array.from({ length: 25 }, (_, i) => [`h${i}`, 100 + i / 100, 30, i]);
      const table = csvTable(toCsv([['id', 'lon', 'lat', 'population'], ...rows]));
      const progress: [number, number][] = [];
      const out = await csvToFeatures(table, sniffColumns(table.columns), { role: 'residences', fileName: 'p.csv', chunk: 10, onProgress: (done, total) => progress.push([done, total]) });
      expect(out.kept).to.equal(25);
      expect(progress).to.deep.equal([
        [10, 25],
        [20, 25],
        [25, 25],
      ]);
    });
  });

  describe('files', () => {
    it('lists a zip’s entries', () => {
      expect(zipEntryNames(zip([{ name: 'a/住宅.shp', data: new Uint8Array(3) }, { name: 'a/住宅.dbf', data: new Uint8Array(0) }]))).to.deep.equal(['a/住宅.shp', 'a/住宅.dbf']);
      expect(zipEntryNames(utf8('not a zip at all, just text'))).to.deep.equal([]);
    });

    const fields = [
      { name: '编号', type: 'C' as const, length: 6 },
      { name: '名称', type: 'C' as const, length: 12 },
      { name: '人口', type: 'N' as const, length: 6 },
    ];
    const records = [
      { shape: [106.5, 29.5] as [number, number], values: ['a', '阳光小区', 120] },
      { shape: [106.6, 29.6] as [number, number], values: ['b', '河畔', 80] },
    ];
    const cases: [string, Parameters<typeof shapefileZip>[3], string, boolean][] = [
      ['GBK without .cpg', { encoding: 'gbk' }, 'gb18030', false],
      ['UTF-8 without .cpg', {}, 'utf-8', false],
      ['GBK with a .cpg and a .prj', { encoding: 'gbk', cpg: 'GBK', prj: WGS84_PRJ }, 'cpg', true],
    ];
    for (const [name, options, encoding, prj] of cases) {
      it(`reads a zipped Shapefile: ${name}`, async () => {
        const [layer] = await readShapefileZip(shapefileZip('住宅', fields, records, options));
        expect([layer!.name, layer!.encoding, layer!.prj]).to.deep.equal(['住宅', encoding, prj]);
        expect(layer!.collection.features.map((f) => f.properties)).to.deep.equal([
          { 编号: 'a', 名称: '阳光小区', 人口: 120 },
          { 编号: 'b', 名称: '河畔', 人口: 80 },
        ]);
        // Through proj4 (a .prj) WGS-84 to WGS-84 comes back within floating-point noise.
        layer!.collection.features.forEach((f, i) => {
          const [x, y] = (f.geometry as { coordinates: number[] }).coordinates;
          expect(Math.abs(x! - records[i]!.shape[0]) + Math.abs(y! - records[i]!.shape[1])).to.be.below(prj ? 1e-12 : Number.MIN_VALUE);
        });
      });
    }

    it('reads a Shapefile’s loose parts dropped together as one, and reports parts without a .shp', async () => {
      const parts = shapefileEntries('homes_bd09', fields, records, { encoding: 'gbk', prj: WGS84_PRJ }).map(({ name, data }) => new File([data as Uint8Array<ArrayBuffer>], name));
      const lonely = new File([parts[1]!], 'other.dbf');
      const progress: [number, number][] = [];
      const { sources, failures } = await readImportFiles([...parts, new File(['id,lon,lat\n1,1,2\n'], 'a.csv'), lonely], 'wgs84', (done, total) => progress.push([done, total]));
      expect(sources.map((s) => [s.name, s.format, s.encoding, s.crs, s.crsHint?.evidence, s.table.rows])).to.deep.equal([
        ['a.csv', 'csv', 'utf-8', 'wgs84', undefined, [['1', '1', '2']]],
        ['homes_bd09.shp', 'shapefile', 'gb18030', 'wgs84', 'prj', [['a', '阳光小区', 120], ['b', '河畔', 80]]],
      ]);
      expect(failures.map((f) => [f.fileName, f.message])).to.deep.equal([
        ['other.dbf', 'not a readable Shapefile: a Shapefile needs its .shp beside the .dbf, .prj and .cpg (or all of them in one .zip)'],
      ]);
      expect(progress).to.deep.equal([
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
    });

    it('reads files by extension or content, with the proposals', async () => {
      const geojson = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, properties: { lng: 5, lat: 6 } }] });
      const cases: [File, string, string, string | null, string, string][] = [
        [new File([encodeGbk('名称;类别;经度;纬度\n一幼;幼儿园;1;2\n')], 'x.txt'), 'csv', 'facilities', 'gb18030', ';', 'bd09'],
        [new File([geojson], 'lines'), 'geojson', 'roads', 'utf-8', '', 'bd09'],
        [new File([shapefileZip('homes_gcj02', fields, records, { encoding: 'gbk' })], 'upload'), 'shapefile', 'residences', 'gb18030', '', 'gcj02'],
      ];
      for (const [file, format, role, encoding, delimiter, crs] of cases) {
        const [read] = await readImportFile(file, 'bd09');
        expect([read!.format, read!.role, read!.encoding, read!.delimiter ?? '', read!.crs]).to.deep.equal([format, role, encoding, delimiter, crs]);
      }
    });
  });
});
