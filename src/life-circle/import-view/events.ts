/** The event `<city-life-circle>` fires for each file a planner imported (declared in the global `CityEventMap`). */
import type { FeatureCollection } from 'geojson';
import type { ImportRole } from '../import/columns';
import type { ImportFormat } from '../import/read';

export interface CityDataImportDetail {
  /** What the file was used as. Residences, facilities and roads became the element's inputs; boundaries are the page's to use (e.g. a `<city-scope>`'s units). */
  role: ImportRole;
  /** The file name (a Shapefile layer: `zip name/layer name`). */
  name: string;
  format: ImportFormat;
  /** The features, in the element's `crs`. */
  features: FeatureCollection;
  /** Records read and kept (the others are in `city-error`). */
  rows: number;
  kept: number;
}

declare global {
  interface CityEventMap {
    'city-data-import': CityDataImportDetail;
  }
}
