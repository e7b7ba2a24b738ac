import { describeValue } from '../../core/validation';

/** `describeValue` that never copies a huge string whole (a 10 MB field costs a 200-char slice). */
export const describe = (value: unknown): string =>
  describeValue(typeof value === 'string' && value.length > 200 ? value.slice(0, 200) : value);
