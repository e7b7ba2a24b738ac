/**
 * Localized strings. zh-CN and en are built in; every component registers its own keys, and a
 * page can override any string globally (`setStrings`) or per element (`el.strings`).
 * Templates use `{name}` placeholders. Missing keys fall back: override → language → en → key.
 */
export type Locale = 'zh-CN' | 'en';
export type StringTable = Record<string, string>;

const tables: Record<Locale, StringTable> = { 'zh-CN': {}, en: {} };
const pageOverrides: Record<Locale, StringTable> = { 'zh-CN': {}, en: {} };

/**
 * Adds built-in strings (each element's `strings.ts` calls it once at module load). Both languages
 * must have the same keys: a key missing from one table fails to compile. The returned value is
 * only for its type: `typeof gridStrings` → the element's string keys (see `StringKey`).
 */
export function registerStrings<Key extends string>(strings: { 'zh-CN': Record<Key, string>; en: Record<Key, string> }): { readonly keys?: Key } {
  for (const locale of ['zh-CN', 'en'] as const) Object.assign(tables[locale], strings[locale]);
  return {};
}

/** The string keys a `registerStrings` call declared: `type GridStringKey = StringKey<typeof gridStrings>`. */
export type StringKey<Registered> = Registered extends { readonly keys?: infer Key } ? Key : never;

/** Page-wide overrides, e.g. `setStrings('zh-CN', {'grid.level.grid': '责任网格'})`. */
export function setStrings(locale: Locale, overrides: StringTable): void {
  Object.assign(pageOverrides[locale], overrides);
  document?.dispatchEvent?.(new CustomEvent('city-strings-change'));
}

/** Maps any BCP 47 tag to a supported locale: every Chinese variant → zh-CN, the rest → en. */
export function normalizeLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  return tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The element's own `lang`, else the closest ancestor's (crossing shadow roots), else the document's, else zh-CN. */
export function resolveLocale(element: Element): Locale {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) {
      const locale = normalizeLocale(node.getAttribute('lang'));
      if (locale) return locale;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return normalizeLocale(document.documentElement.lang) ?? 'zh-CN';
}

export function translate(
  locale: Locale,
  key: string,
  params?: Record<string, string | number>,
  elementOverrides?: StringTable,
): string {
  const template =
    ownString(elementOverrides, key) ?? ownString(pageOverrides[locale], key) ?? ownString(tables[locale], key) ?? ownString(tables.en, key) ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match));
}

/**
 * The string for a key built from data (a category, a metric name), or undefined when no table has
 * one, so the caller shows the data's own text instead.
 */
export function optionalString(locale: Locale, key: string, elementOverrides?: StringTable): string | undefined {
  return ownString(elementOverrides, key) ?? ownString(pageOverrides[locale], key) ?? ownString(tables[locale], key) ?? ownString(tables.en, key);
}

/** A table's own string for `key`: a page's override of the wrong type (or an inherited name) is ignored, never rendered. */
function ownString(table: StringTable | undefined, key: string): string | undefined {
  try {
    if (!table || !Object.prototype.hasOwnProperty.call(table, key)) return undefined;
    const value = (table as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined; // a table that throws when read (a getter, a revoked proxy) overrides nothing
  }
}

/** Formatters by locale and options: building one costs ~0.1 ms, and a chart formats hundreds of numbers per update. */
const numberFormats = new Map<string, Intl.NumberFormat>();
const MAX_NUMBER_FORMATS = 64;

/** Number formatting that follows the locale (thousands separators etc.). */
export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
  const key = options ? `${locale}|${JSON.stringify(options)}` : locale;
  let format = numberFormats.get(key);
  if (!format) {
    if (numberFormats.size >= MAX_NUMBER_FORMATS) numberFormats.clear();
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format.format(value);
}

export const coreStrings = registerStrings({
  'zh-CN': {
    'error.title': '数据问题',
    'error.load-failed': '数据加载失败：{detail}',
    'error.parse-failed': '数据不是有效的 JSON：{detail}',
    'error.invalid-data': '{count} 处数据问题，有效数据已显示',
    'error.webgl-unavailable': '浏览器无法创建 WebGL 上下文，地图无法显示',
    'error.webgl-context-lost': 'WebGL 上下文丢失，正在重建地图…',
    'error.analysis-failed': '分析失败：{detail}',
    'error.more': '另有 {count} 处问题未列出',
    'error.dismiss': '关闭',
    'error.skipped': '已跳过',
    'error.warning': '警告',
    'progress.loading': '加载中…',
    'progress.analyzing': '分析中…',
    'issue.missing': '缺少必填字段',
    'issue.not-a-number': '不是有效数值：{value}',
    'issue.out-of-range': '超出范围：{value}（允许 {range}）',
    'issue.duplicate-id': '编号重复：{value}',
    'issue.unknown-reference': '引用了不存在的编号：{value}',
    'issue.unknown-value': '无法识别的取值：{value}',
    'issue.invalid-geometry': '几何无效：{detail}',
    'issue.swapped-coordinates': '经纬度可能颠倒：{value}',
    'issue.unparsable-time': '无法解析的时间：{value}',
    'issue.wrong-type': '类型错误：应为 {expected}',
    'table.caption': '数据表',
    'theme.dark': '深色',
    'theme.light': '浅色',
  },
  en: {
    'error.title': 'Data problems',
    'error.load-failed': 'Could not load data: {detail}',
    'error.parse-failed': 'The data is not valid JSON: {detail}',
    'error.invalid-data': 'Data problems: {count}; the valid data is shown',
    'error.webgl-unavailable': 'This browser could not create a WebGL context; the map cannot be drawn',
    'error.webgl-context-lost': 'The WebGL context was lost; the map is being rebuilt…',
    'error.analysis-failed': 'Analysis failed: {detail}',
    'error.more': '{count} more problems not listed',
    'error.dismiss': 'Dismiss',
    'error.skipped': 'skipped',
    'error.warning': 'warning',
    'progress.loading': 'Loading…',
    'progress.analyzing': 'Analysing…',
    'issue.missing': 'required field is missing',
    'issue.not-a-number': 'not a valid number: {value}',
    'issue.out-of-range': 'out of range: {value} (allowed {range})',
    'issue.duplicate-id': 'duplicate id: {value}',
    'issue.unknown-reference': 'refers to an unknown id: {value}',
    'issue.unknown-value': 'unknown value: {value}',
    'issue.invalid-geometry': 'invalid geometry: {detail}',
    'issue.swapped-coordinates': 'latitude and longitude look swapped: {value}',
    'issue.unparsable-time': 'unparsable time: {value}',
    'issue.wrong-type': 'wrong type: expected {expected}',
    'table.caption': 'Data table',
    'theme.dark': 'Dark',
    'theme.light': 'Light',
  },
});

/** Keys every element can translate (errors, progress, issues, theme names). */
export type CoreStringKey = StringKey<typeof coreStrings>;
