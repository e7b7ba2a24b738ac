/** The planner's own files, as the analyzer's inputs: pure functions (no DOM), usable in a worker or in Node. */
export { decodeText } from './decode';
export type { DecodedText, TextEncodingName } from './decode';
export { sniffColumns, crsHintFromNames, guessRole, emptyMapping, IMPORT_ROLES, MAPPED_FIELDS, ROLE_FIELDS } from './columns';
export type { ColumnMapping, CrsHint, GeometryKind, ImportRole, MappedField } from './columns';
export { csvTable, featureTable, sniffDelimiter, CSV_DELIMITERS } from './table';
export type { CsvDelimiter, ImportTable } from './table';
export { csvToFeatures, tableToFeatures } from './features';
export type { CategoryName, FeatureImport, FeatureOptions } from './features';
export { crsHintFromRoads, samplePoints, ON_ROAD_METRES } from './crs-fit';
export type { RoadCoordinates } from './crs-fit';
export { readShapefileParts, readShapefileZip, zipEntryNames } from './shapefile';
export type { ShapefileLayer, ShapefileParts } from './shapefile';
export { ImportReadError, readCsv, readImportFile, readImportFiles } from './read';
export type { FileLike, ImportFormat, ImportSource } from './read';
