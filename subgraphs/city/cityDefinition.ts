import type { Region } from '../../common/regions';

/**
 * What makes a city subgraph that city: its region and its local extensions of the
 * common permit record. Local field values come from `SignedPermit.local` under the
 * same names.
 */
export interface CityDefinition {
  region: Region;
  /** SDL of the local fields of the permit type (with descriptions). */
  localFieldsSdl: string;
  /** SDL of extra types the local fields use (enums…), or ''. */
  localTypesSdl: string;
}
