import type { Region, RegionEntry } from '../../common/regions';

/**
 * What makes a city subgraph that city: its entry in the region catalogue
 * (`common/regionCatalogue/`), which holds its names, permit type and the SDL of its
 * local extensions of the common permit record. Local field values come from
 * `SignedPermit.local` under the same names.
 */
export type CityDefinition = RegionEntry<Region>;
