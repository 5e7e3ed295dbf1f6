import type { Region } from '../../common/regions';
import { anhui } from './anhui';
import { hangzhou } from './hangzhou';
import { shanghai } from './shanghai';
import { suzhou } from './suzhou';

/** One mock profile per region of the region catalogue, keyed by its region. */
export const MOCK_REGIONS = {
  SHANGHAI: shanghai,
  SUZHOU: suzhou,
  HANGZHOU: hangzhou,
  ANHUI: anhui,
} as const satisfies Record<Region, unknown>;
