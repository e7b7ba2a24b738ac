/** The grid's pure model: validation, hierarchy index, values, colour scales, columnar geometry. No DOM. */
export * from './levels';
export * from './geometry';
export * from './validate';
export * from './hierarchy';
export * from './values';
export * from './scales';
export * from './pack';
export * from './pick';
