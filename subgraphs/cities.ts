import { REGION_INFO } from '../common/regions';
import { anhui } from './anhui/anhui';
import type { CityDefinition } from './city/cityDefinition';
import { hangzhou } from './hangzhou/hangzhou';
import { shanghai } from './shanghai/shanghai';
import { suzhou } from './suzhou/suzhou';

/** Every city subgraph by service name, for tools that handle them all (schemas, tests). */
export const CITIES: ReadonlyArray<{ subgraph: string; definition: CityDefinition }> = [
  shanghai,
  suzhou,
  hangzhou,
  anhui,
].map((definition) => ({ subgraph: REGION_INFO[definition.region].subgraph, definition }));
