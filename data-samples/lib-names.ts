/** Synthetic Chinese place names. None is meant to name a real unit or boundary. */
import { shuffle, type Rng } from './lib-random';

const split = (text: string) => text.trim().split(/\s+/);

export const COMMUNITY_WORDS = split(`
龙湖 桂园 金沙 滨江 翠峰 锦华 紫荆 碧泉 望江 书香 兴隆 和平 新桥 柏林 花溪 松林 朝阳 明月 天星 长安
嘉陵 学府 枫叶 梧桐 玉兰 海棠 芙蓉 银杏 月湖 星光 文昌 云栖 翠湖 清风 映月 悦江 鹭岛 黄葛 白果 青龙
凤鸣 麒麟 人和 民安 富康 同心 幸福 阳光 晨曦 清水 杨柳 桃源 梨园 竹林 兰亭 锦绣 春晖 秋实 东华 西苑`);

export const VILLAGE_WORDS = split(`
石桥 白鹤 青杠 大坪 红岩 高峰 双河 梨树 柏树 石龙 新店 观山 复兴 团结 龙井 金竹 桥亭 松柏 凉水 槐树
三合 五里 柳湾 鱼洞 石堰 马鞍 铜锣 茶园 桐子 甘泉`);

export const STREET_WORDS = split(`
青枫 石门 玉带 临江 望湖 长岭 金凤 银河 翠屏 东林 西岭 南溪 北湖 澄溪 白塔 红旗 新华 光明 和顺 永丰
太平 安乐 丰收 长乐 兴华 龙兴 凤凰 麒山 云峰 天府 锦程 嘉禾 华新 盛世 宏图 建设 胜利 解放 友谊 联合
平安 康宁 福寿 吉祥 如意 常青 四季 万象 千秋 百花 百合 丹桂 芳草 清河 白云 碧溪 紫云 青云 彩云 祥云
晴川 明珠 宝山 金山`);

export const DISTRICT_WORDS = split(`嘉岭 云台 澄江 锦屏 金鼎 玉泉 明山 凤栖 龙渊 望川 松溪 桂岭 兰江 银湾 青崖 翠微`);

const COMPOUND_PREFIX = split(`
翠竹 金桂 银杏 碧水 蓝湾 紫薇 锦江 瑞景 和美 融汇 恒安 康乐 绿洲 天悦 凯旋 丽都 华庭 鑫苑 盛世 学苑
滨湖 西城 东岸 南山 北城 书香 鹏程 佳和 泰和 祥瑞 逸景 晴川 听澜 半岛 江岸 长滨 月光 星河 云顶 翡翠`);
const COMPOUND_SUFFIX = split(`花园 小区 苑 家园 新村 公寓 雅居 名都 华府 丽景 佳园 新城 嘉园 山庄 水岸`);
const ORDINALS = split('一 二 三 四 五 六 七 八 九 十');

/** Ordinal in Chinese numerals, 1..99. */
export function chineseNumber(n: number): string {
  if (n <= 10) return n === 10 ? '十' : ORDINALS[n - 1];
  if (n < 20) return `十${ORDINALS[n - 11]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${ORDINALS[tens - 1]}十${ones ? ORDINALS[ones - 1] : ''}`;
}

/** Draws `count` distinct names from `words` + `suffix`; past the pool, adds 二/三… prefixes. */
export function distinctNames(rng: Rng, words: readonly string[], count: number, suffix: string): string[] {
  const pool = shuffle(rng, [...words]);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const round = Math.floor(i / pool.length);
    out.push(`${pool[i % pool.length]}${round ? chineseNumber(round + 1) : ''}${suffix}`);
  }
  return out;
}

/** Residential compound names, distinct within one generator. */
export class CompoundNamer {
  private readonly used = new Map<string, number>();
  constructor(private readonly rng: Rng) {}

  next(): string {
    const base = `${COMPOUND_PREFIX[Math.floor(this.rng() * COMPOUND_PREFIX.length)]}${COMPOUND_SUFFIX[Math.floor(this.rng() * COMPOUND_SUFFIX.length)]}`;
    const seen = this.used.get(base) ?? 0;
    this.used.set(base, seen + 1);
    return seen ? `${base}${chineseNumber(seen + 1)}期` : base;
  }

  reset(): void {
    this.used.clear();
  }
}
