import { anhui } from './anhui';
import { hangzhou } from './hangzhou';
import { shanghai } from './shanghai';
import { suzhou } from './suzhou';

/**
 * The connected YRD member regions, one entry each, in the order the gateway composes
 * and lists them. Adding a region starts here (docs/adding-a-region.md).
 */
export const REGION_CATALOGUE = [shanghai, suzhou, hangzhou, anhui] as const;

/** A connected YRD member region, as the GraphQL enum `Region` names it. */
export type Region = (typeof REGION_CATALOGUE)[number]['region'];

/** The service name of a region's subgraph (`shanghai`…). */
export type RegionSubgraph = (typeof REGION_CATALOGUE)[number]['subgraph'];
