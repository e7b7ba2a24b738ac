/**
 * The engine reports issues as English text with a path. For the element's localized error
 * panel, known messages get an issue code and parameters (`issue.life-*` strings); anything not
 * recognised keeps its English message, so a reworded engine message degrades to English, not
 * to nothing.
 */
import type { ValidationIssue } from '../../core/validation';

interface Pattern {
  code: string;
  match: RegExp;
  /** Only for paths ending like this. */
  path?: RegExp;
  params?: (m: RegExpMatchArray) => Record<string, string>;
}

const PATTERNS: Pattern[] = [
  { code: 'life-unknown-category', match: /^unknown category (.+) in profile .+: skipped$/, params: (m) => ({ value: m[1]! }) },
  { code: 'life-population', match: /^missing or invalid population (.+): analysed/, params: (m) => ({ value: m[1]! }) },
  { code: 'life-coordinates', match: /^not a valid \[lon, lat\], got (.+): (?:feature )?skipped$/, params: (m) => ({ value: m[1]! }) },
  { code: 'life-not-line', match: /^expected LineString, got (.+): skipped$/, params: (m) => ({ value: m[1]! }) },
  { code: 'life-geometry-type', match: /^expected (Point or Polygon|Point), got (.+): skipped$/, params: (m) => ({ expected: m[1]!, value: m[2]! }) },
  {
    code: 'life-islands',
    match: /^road network has (\d+) disconnected parts; the largest holds ([\d.]+)% of the length/,
    params: (m) => ({ count: m[1]!, share: `${m[2]}%` }),
  },
  { code: 'life-unsnapped', match: /^no road within the snap tolerance \(([\d.]+) m\)/, params: (m) => ({ tolerance: m[1]! }) },
  { code: 'life-radius', match: /^must be a non-negative number of metres, got (.+): row skipped$/, path: /\.radius$/, params: (m) => ({ value: m[1]! }) },
  { code: 'life-missing-id', match: /^missing id \(got .+\): skipped$/ },
  { code: 'duplicate-id', match: /^duplicate id (.+): skipped$/, params: (m) => ({ value: m[1]! }) },
  { code: 'life-missing-collection', match: /^missing: expected a GeoJSON FeatureCollection$/ },
  { code: 'life-not-collection', match: /^expected a GeoJSON FeatureCollection(?: of LineStrings)?, got (.+?)(?:: analysed without a network)?$/, params: (m) => ({ value: m[1]! }) },
  { code: 'life-no-network', match: /^network distances requested but there are no usable roads/ },
  {
    code: 'life-profile-levels',
    match: /^missing \(and no "extends"\): using the levels of (\S+) \((.+)\)$/,
    path: /\.levels$/,
    params: (m) => ({ profile: m[1]!, levels: m[2]! }),
  },
  { code: 'life-text-type', match: /^expected text, got (.+): ignored$/, params: (m) => ({ value: m[1]! }) },
];

/** Adds `code` / `params` to engine issues whose message is recognised (issues that have a code are kept as they are). */
export function localizableIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map((issue) => {
    if (issue.code) return issue;
    for (const pattern of PATTERNS) {
      if (pattern.path && !pattern.path.test(issue.path)) continue;
      const m = issue.message.match(pattern.match);
      if (m) return { ...issue, code: pattern.code, ...(pattern.params ? { params: pattern.params(m) } : {}) };
    }
    return issue;
  });
}
