/** The plan comparison's CSV rows with headers and category names in the element's language. */
import { comparisonRows, type PlanComparison } from '../model/scenario';
import type { CsvCell } from '../view/csv';

const CATEGORY_HEADERS = ['category', 'before', 'after', 'served', 'lost', 'served-residences', 'lost-residences'] as const;
const RESIDENCE_HEADERS = ['residence', 'population', 'score-before', 'score-after', 'gained', 'lost-categories'] as const;

export function comparisonCsvRows(comparison: PlanComparison, t: (key: string) => string, categoryLabel: (key: string) => string): CsvCell[][] {
  const rows = comparisonRows(comparison) as CsvCell[][];
  const blank = rows.findIndex((row) => row.length === 0);
  rows[0] = CATEGORY_HEADERS.map((key) => t(`life.plan.csv.${key}`));
  rows[blank + 1] = RESIDENCE_HEADERS.map((key) => t(`life.plan.csv.${key}`));
  for (let i = 1; i < blank; i++) rows[i]![0] = categoryLabel(String(rows[i]![0]));
  // The residence rows' gained / lost categories, as names too.
  comparison.residences.forEach((residence, i) => {
    const row = rows[blank + 2 + i]!;
    row[4] = residence.gained.map(categoryLabel).join('; ');
    row[5] = residence.lost.map(categoryLabel).join('; ');
  });
  return rows;
}
