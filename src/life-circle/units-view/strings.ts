/**
 * Built-in zh-CN / en strings of the coverage-by-unit section of `<city-life-circle>` (override any
 * key with `el.strings` or `setStrings`). Registered by the units controller's module.
 */
import { registerStrings, type StringKey } from '../../core/i18n';

export const unitsStrings = registerStrings({
  'zh-CN': {
    'life.units': '按管理单元的覆盖',
    'life.units.source.boundaries': '单元来自边界数据（{count} 个单元）',
    'life.units.source.scope': '单元来自所在的数据范围（{count} 个单元）',
    'life.units.placed': '{field} 个居住区按所属单元字段归入，{polygon} 个按边界归入，{none} 个不在任何单元内',
    'life.units.level': '单元层级',
    'life.units.level.district': '区县',
    'life.units.level.street': '街道',
    'life.units.level.community': '社区',
    'life.units.level.grid': '网格',
    'life.units.level.micro-grid': '微网格',
    'life.units.caption': '各{level}的覆盖情况，最差的在前',
    'life.units.unit': '单元',
    'life.units.score': '达标率',
    'life.units.population': '人口',
    'life.units.sort': '按{column}排序',
    'life.units.select': '选中 {unit}',
    'life.units.no-score': '—',
    'life.units.more': '再显示 {count} 个',
    'life.units.none': '该层级没有含居住区的单元',
    'life.units.map': '地图着色：{metric}',
    'life.units.metric.score': '达标率',
    'life.units.metric.share': '{category}覆盖人口占比',
    'life.units.show-map': '在地图上显示单元',
  },
  en: {
    'life.units': 'Coverage by management unit',
    'life.units.source.boundaries': 'Units from the boundaries ({count} units)',
    'life.units.source.scope': 'Units from the surrounding scope ({count} units)',
    'life.units.placed': '{field} residences placed by their unit field, {polygon} by the boundaries, {none} in no unit',
    'life.units.level': 'Unit level',
    'life.units.level.district': 'District',
    'life.units.level.street': 'Street',
    'life.units.level.community': 'Community',
    'life.units.level.grid': 'Grid',
    'life.units.level.micro-grid': 'Micro-grid',
    'life.units.caption': 'Coverage per {level}, worst first',
    'life.units.unit': 'Unit',
    'life.units.score': 'Score',
    'life.units.population': 'Population',
    'life.units.sort': 'Sort by {column}',
    'life.units.select': 'Select {unit}',
    'life.units.no-score': '—',
    'life.units.more': 'Show {count} more',
    'life.units.none': 'No unit of this level holds a residence',
    'life.units.map': 'Map colours: {metric}',
    'life.units.metric.score': 'Score',
    'life.units.metric.share': 'Population reaching {category}',
    'life.units.show-map': 'Show units on the map',
  },
});

export type UnitsStringKey = StringKey<typeof unitsStrings>;

/** A translator of this section's keys (the element's `translateAny` fits). */
export type UnitsTranslate = (key: UnitsStringKey, params?: Record<string, string | number>) => string;
