import type { SignedPermit } from '../common/permit';
import type { PermitRegistry } from '../common/permitRegistry';
import type { Region } from '../common/regions';
import { generateRegistry, type GenerateOptions } from './generate';

/**
 * The deterministic in-memory registry of one region (`generateRegistry` with the same
 * options). Records are deep-frozen: callers share them, so a mutation throws instead of
 * silently changing what the next caller reads.
 */
export function createMockRegistry(region: Region, options: GenerateOptions = {}): PermitRegistry {
  const byId = new Map<string, SignedPermit>();
  for (const permit of generateRegistry(region, options)) byId.set(permit.id, deepFreeze(permit));
  let closed = false;
  return {
    async getMany(ids) {
      if (closed) throw new Error(`the ${region} mock registry is closed`);
      return ids.map((id) => byId.get(id) ?? null);
    },
    async close() {
      closed = true;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
