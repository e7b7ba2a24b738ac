/** The management hierarchy lives in core (grid, risk and the scope all speak it). */
export { GRID_LEVELS, isGridLevel, levelDepth, type GridLevel } from '../../core/levels';
