import type { PermitRegistry } from '../../common/permitRegistry';
import type { Region } from '../../common/regions';
import { createMockRegistry } from '../../mocks/mockRegistry';

/** What a registry adapter is opened with: the city's configuration as far as registries read it. */
export interface RegistryOptions {
  seed: string;
  size: number;
  asOf: string;
  demoSecret: string | undefined;
}

/**
 * The permit registries a city subgraph can be configured with (`REGISTRY`), by name: the
 * one door from production code into `mocks/` (lint fences it everywhere else), because
 * the deterministic mock registry is the only registry that exists so far. A region's own
 * registry API becomes one more entry here; nothing else in the subgraph changes.
 */
export const REGISTRY_ADAPTERS: Readonly<Record<'mock', (region: Region, options: RegistryOptions) => PermitRegistry>> = {
  mock: (region, options) => createMockRegistry(region, options),
};

/** The names `REGISTRY` accepts. */
export type RegistryName = keyof typeof REGISTRY_ADAPTERS;
