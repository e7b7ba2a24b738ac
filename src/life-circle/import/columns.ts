/**
 * The column-mapping proposal for a planner's table: which column holds the id, the name, the
 * coordinates (lon/lat or WKT), the category, the population… read from header names in Chinese
 * or English, and what role the file likely plays. A proposal only: the mapping step shows it and
 * the user changes what is wrong.
 */
import type { Crs } from '../../core/crs';

export type ImportRole = 'residences' | 'facilities' | 'roads' | 'boundaries';
export const IMPORT_ROLES: readonly ImportRole[] = ['residences', 'facilities', 'roads', 'boundaries'];

/** Fields a column can be mapped to, in the order they claim columns. */
export const MAPPED_FIELDS = ['lon', 'lat', 'wkt', 'id', 'name', 'category', 'population', 'street', 'grid', 'parent', 'level'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

/** Field → column index (null: not mapped). */
export type ColumnMapping = Record<MappedField, number | null>;

/** The fields each role uses (the mapping step lists these). */
export const ROLE_FIELDS: Record<ImportRole, readonly MappedField[]> = {
  residences: ['id', 'name', 'lon', 'lat', 'wkt', 'population', 'street', 'grid'],
  facilities: ['id', 'name', 'lon', 'lat', 'wkt', 'category', 'street'],
  roads: ['id', 'name', 'wkt'],
  boundaries: ['id', 'name', 'wkt', 'parent', 'level'],
};

interface Aliases {
  /** Whole English words of a header (split at anything not a letter or digit). */
  words: readonly string[];
  /** Chinese terms a header contains (`小区名称` contains `名称`). */
  terms: readonly string[];
}

const ALIASES: Record<MappedField, Aliases> = {
  lon: { words: ['lon', 'lng', 'long', 'longitude', 'x', 'pointx'], terms: ['经度'] },
  lat: { words: ['lat', 'latitude', 'y', 'pointy'], terms: ['纬度'] },
  wkt: { words: ['wkt', 'geometry', 'geom', 'shape'], terms: ['几何', '坐标串', '空间信息'] },
  id: { words: ['id', 'fid', 'uid', 'code', 'no', 'objectid'], terms: ['编号', '编码', '代码', '序号', 'ＩＤ'] },
  name: { words: ['name', 'title'], terms: ['名称', '名字', '地名'] },
  category: { words: ['category', 'type', 'class', 'kind'], terms: ['类别', '类型', '分类', '种类'] },
  population: { words: ['population', 'pop', 'people', 'residents', 'inhabitants'], terms: ['人口', '人数', '居民数'] },
  street: { words: ['street', 'subdistrict'], terms: ['街道', '乡镇'] },
  grid: { words: ['grid', 'community', 'unit'], terms: ['网格', '社区', '村居'] },
  parent: { words: ['parent'], terms: ['上级', '父级', '所属'] },
  level: { words: ['level'], terms: ['级别', '层级'] },
};

const words = (header: string): string[] =>
  header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** How well a header names a field: 3 the header is an alias, 2 it contains one, 0 not at all. */
function score(header: string, field: MappedField): number {
  const { words: english, terms } = ALIASES[field];
  const text = header.trim().toLowerCase();
  if (english.includes(text) || terms.includes(text)) return 3;
  if (terms.some((term) => text.includes(term))) return 2;
  return words(header).some((word) => english.includes(word)) ? 2 : 0;
}

export function emptyMapping(): ColumnMapping {
  return { lon: null, lat: null, wkt: null, id: null, name: null, category: null, population: null, street: null, grid: null, parent: null, level: null };
}

/** The proposed mapping: each field takes the best-named column no other field took (the leftmost on a tie). */
export function sniffColumns(headers: readonly string[]): ColumnMapping {
  const mapping = emptyMapping();
  const taken = new Set<number>();
  for (const field of MAPPED_FIELDS) {
    let best = -1;
    let bestScore = 0;
    headers.forEach((header, column) => {
      const s = taken.has(column) ? 0 : score(header, field);
      if (s > bestScore) {
        best = column;
        bestScore = s;
      }
    });
    if (best >= 0) {
      mapping[field] = best;
      taken.add(best);
    }
  }
  return mapping;
}

/** Why a CRS is proposed: the file's `.prj`, a column name, the file name, or its points lying along the loaded roads. */
export interface CrsHint {
  crs: Crs;
  evidence: 'prj' | 'column' | 'file-name' | 'roads';
  /** The text that said so (the column or file name, the `.prj`'s name), or the share of points on the roads (`87%`). */
  source: string;
}

const CRS_PATTERNS: readonly { crs: Crs; pattern: RegExp }[] = [
  { crs: 'bd09', pattern: /bd-?09|baidu|百度|(^|[^a-z])bd([^a-z]|$)/i },
  { crs: 'gcj02', pattern: /gcj|gaode|amap|高德|火星|腾讯|tencent/i },
  { crs: 'wgs84', pattern: /wgs|gps/i },
];

/** A CRS named in one of `names` (coordinate columns first, then the file name), or null: never guessed from nothing. */
export function crsHintFromNames(columns: readonly string[], fileName: string): CrsHint | null {
  for (const [names, evidence] of [[columns, 'column'], [[fileName], 'file-name']] as const) {
    for (const name of names) {
      const match = CRS_PATTERNS.find(({ pattern }) => pattern.test(name));
      if (match) return { crs: match.crs, evidence, source: name };
    }
  }
  return null;
}

const ROLE_NAMES: readonly { role: ImportRole; pattern: RegExp }[] = [
  { role: 'residences', pattern: /住宅|小区|居住|楼盘|residen|housing|homes?([^a-z]|$)/i },
  { role: 'facilities', pattern: /设施|配套|poi|facilit|amenit|服务/i },
  { role: 'roads', pattern: /道路|路网|road|network|street_?lines|osm_?lines/i },
  { role: 'boundaries', pattern: /边界|范围|网格|行政区|boundar|grid|district|communit/i },
];

export type GeometryKind = 'point' | 'line' | 'polygon' | null;

/**
 * The role a file most likely plays: named in its file name, else told by what it holds (lines
 * are roads; a population column means residences; a category column facilities; polygons
 * without population, boundaries). Residences when nothing tells.
 */
export function guessRole(fileName: string, mapping: ColumnMapping, geometry: GeometryKind): ImportRole {
  const named = ROLE_NAMES.find(({ pattern }) => pattern.test(fileName));
  if (named) return named.role;
  if (geometry === 'line') return 'roads';
  if (mapping.population !== null) return 'residences';
  if (mapping.category !== null) return 'facilities';
  if (geometry === 'polygon') return 'boundaries';
  return 'residences';
}
