/**
 * Times of risk records: strict ISO 8601 (core/time) and the local calendar helpers the playback
 * timeline uses (core/timeline), in one place for the risk model.
 */
export { MAX_EPOCH, parseIsoTime, toEpoch } from '../../core/time';
export { addLocalDays, formatIsoLocal, startOfLocalDay } from '../../core/timeline';
