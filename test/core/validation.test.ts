import { expect } from 'chai';
import { describeValue, IssueCollector, isFiniteNumber, validateRecords } from '../../src/core/validation';

interface Row {
  id: string;
  value: number;
}

function isRow(record: unknown, path: string, issues: IssueCollector): record is Row {
  const row = record as Partial<Row>;
  if (typeof row?.id !== 'string') {
    issues.error(`${path}.id`, 'id is missing', 'missing');
    return false;
  }
  if (!isFiniteNumber(row.value)) {
    issues.error(`${path}.value`, `value ${describeValue(row.value)} is not a number`, 'not-a-number', { value: describeValue(row.value) });
    return false;
  }
  return true;
}

describe('core/validation', () => {
  it('keeps valid records and reports the others with path and field', () => {
    const input = [{ id: 'a', value: 1 }, { value: 2 }, { id: 'c', value: 'x' }, { id: 'd', value: 4 }, null];
    const result = validateRecords<Row>(input, isRow, 'rows');
    expect(result.valid).to.deep.equal([{ id: 'a', value: 1 }, { id: 'd', value: 4 }]);
    expect(result.issues).to.deep.equal([
      { path: 'rows[1].id', message: 'id is missing', severity: 'error', code: 'missing' },
      { path: 'rows[2].value', message: 'value "x" is not a number', severity: 'error', code: 'not-a-number', params: { value: '"x"' } },
      { path: 'rows[4].id', message: 'id is missing', severity: 'error', code: 'missing' },
    ]);
  });

  it('caps the list but counts every issue', () => {
    const collector = new IssueCollector(3);
    for (let i = 0; i < 10; i++) collector.warn(`r[${i}]`, 'odd');
    expect(collector.issues).to.have.length(3);
    expect(collector.total).to.equal(10);
    expect(collector.hasErrors).to.equal(false);
  });

  it('describes a huge value briefly', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const text = describeValue(huge);
    expect(text).to.have.length(40);
    expect(text.endsWith('…')).to.equal(true);
    expect(describeValue([1, 2, 3])).to.equal('array(3)');
    expect(describeValue(NaN)).to.equal('NaN');
  });
});
