/**
 * The inputs of `<city-life-circle>`: as given (residences, facilities, roads, profile), as the
 * engine takes them (WGS-84, the roads packed once), and the scene the map draws from them (the
 * display CRS, the same rows and ids as the engine's validation).
 */
import { crsTransform, type Crs } from '../../core/crs';
import { IssueCollector } from '../../core/validation';
import type { FacilityEdit } from '../model/scenario';
import { packRoads, type RoadLines } from '../engine/roads';
import type { LifeCircleInput, ProfileInput, StandardCategory } from '../engine/types';
import { validateLifeCircleInput } from '../engine/validate';
import { categoryColors } from './colors';
import { convertCollection } from './input';
import { buildScene, editScene, facilityCounts, sceneName, type LifeCircleScene } from './scene';

export type InputName = 'residences' | 'facilities' | 'roads' | 'profile';

export class LifeCircleInputs {
  /** What the engine analyses as the baseline: the data in WGS-84. */
  engine: LifeCircleInput = { residences: undefined, facilities: undefined };
  /** The active plan's edits in WGS-84 ([] for the baseline): the engine applies them to the baseline. */
  engineEdits: readonly FacilityEdit[] = [];
  /** What the map draws: the baseline's scene with the plan's edits applied. */
  scene: LifeCircleScene | null = null;
  /** The scene of the data as given. */
  private baseScene: LifeCircleScene | null = null;
  private toDisplay: ((lon: number, lat: number) => [number, number]) | null = null;
  /** The profile's categories (all levels). */
  categories: StandardCategory[] = [];
  /** Category key → CSS colour. */
  categoryColors = new Map<string, string>();
  /** Facility count per category key. */
  facilityCounts = new Map<string, number>();

  private raw: { residences?: unknown; facilities?: unknown; roads?: unknown; profile?: ProfileInput } = {};
  /** The active plan's edits, positions in the input CRS. */
  private edits: readonly FacilityEdit[] = [];
  private roadLines: RoadLines | null = null;

  /** Takes a new value of one input; false when it is the value already held. */
  set(name: InputName, value: unknown): boolean {
    if (this.raw[name] === value) return false;
    if (name === 'profile') this.raw.profile = value as ProfileInput | undefined;
    else this.raw[name] = value;
    return true;
  }

  /** Takes the active plan's edits (input CRS); false when they are the ones held already. */
  setEdits(edits: readonly FacilityEdit[]): boolean {
    if (this.edits === edits) return false;
    this.edits = edits;
    return true;
  }

  /** The facilities as given (input CRS). */
  get facilities(): unknown {
    return this.raw.facilities;
  }

  get profile(): ProfileInput | undefined {
    return this.raw.profile;
  }

  /** Residences and facilities are both there: an analysis can run. */
  get complete(): boolean {
    return this.raw.residences !== undefined && this.raw.facilities !== undefined;
  }

  /** Some data is there (to convert again when the input CRS changes). */
  get hasData(): boolean {
    return (this.raw.residences ?? this.raw.facilities ?? this.raw.roads) !== undefined;
  }

  /** Converts the data from `crs` to WGS-84 for the engine. */
  convert(crs: Crs): void {
    const { residences, facilities, roads } = this.raw;
    // Packed once here: the engine takes the typed arrays as they are, and the map draws from them.
    this.roadLines = roads === undefined || roads === null ? null : packRoads(convertCollection(roads, crs, 'wgs84'));
    this.engine = {
      residences: convertCollection(residences, crs, 'wgs84'),
      facilities: convertCollection(facilities, crs, 'wgs84'),
      roads: this.roadLines ?? undefined,
    };
    this.applyPlan(crs);
  }

  /** The facilities as given, in WGS-84 (what a plan's edits start from). */
  get baselineFacilities(): unknown {
    return this.engine.facilities;
  }

  /** Converts the edits' positions to WGS-84, for the engine and the map. */
  applyPlan(crs: Crs): void {
    const toWgs84 = crsTransform(crs, 'wgs84');
    this.engineEdits = this.edits.map((edit) => (edit.kind === 'remove' ? edit : { ...edit, position: toWgs84(edit.position[0], edit.position[1]) }));
  }

  /**
   * The scene for the converted data in the map's CRS (validated as the engine does, with the
   * roads, so points outside the study area are left out alike). True when it replaced an earlier one.
   */
  rebuildScene(mapCrs: Crs): boolean {
    const { residences } = this.engine;
    const facilities = this.baselineFacilities;
    const replaced = this.scene !== null;
    if (residences === undefined && facilities === undefined) {
      this.scene = this.baseScene = null;
      return false;
    }
    const tables = validateLifeCircleInput({ residences, facilities, roads: this.roadLines ?? undefined }, { profile: this.raw.profile }, new IssueCollector(0));
    this.toDisplay = mapCrs === 'wgs84' ? null : crsTransform('wgs84', mapCrs);
    this.baseScene = buildScene(tables, featuresOf(residences), tables.roads, this.toDisplay);
    this.categories = tables.profile.categories;
    this.categoryColors = categoryColors(tables.profile.categories);
    this.editScene();
    return replaced;
  }

  /** The drawn scene after the plan's edits changed: the baseline's scene with them applied (nothing validated again). */
  editScene(): void {
    if (!this.baseScene) return;
    this.scene = editScene(this.baseScene, this.engineEdits, this.toDisplay);
    this.facilityCounts = facilityCounts(this.scene);
  }


  residenceName(id: string): string | null {
    return this.scene ? sceneName(this.scene.residences, id) : null;
  }

  facilityName(id: string): string | null {
    return this.scene ? sceneName(this.scene.facilities, id) : null;
  }
}

function featuresOf(collection: unknown): unknown[] {
  const features = (collection as { features?: unknown } | null | undefined)?.features;
  return Array.isArray(features) ? features : [];
}
