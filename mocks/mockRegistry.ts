import type { SignedPermit } from '../common/permit';
import type { PermitRegistry } from '../common/permitRegistry';
import type { Region } from '../common/regions';
import { planRegistry, type GenerateOptions } from './generate';
import { buildPermit, type PermitDraft } from './permitBuilder';

/**
 * The deterministic in-memory registry of one region (`generateRegistry` with the same
 * options). Records are deep-frozen: callers share them, so a mutation throws instead of
 * silently changing what the next caller reads. A generated record is masked and signed
 * the first time it is asked for (`planRegistry`): the same bytes `generateRegistry`
 * gives, without signing thousands of records no one reads before the service listens.
 */
export function createMockRegistry(region: Region, options: GenerateOptions = {}): PermitRegistry {
  const { scenarios, drafts, saltKey, demoSecret } = planRegistry(region, options);
  const byId = new Map<string, SignedPermit | PermitDraft>();
  for (const permit of scenarios) byId.set(permit.id, deepFreeze(permit));
  for (const draft of drafts) byId.set(draft.id, draft);
  const permitOf = (id: string): SignedPermit | null => {
    const entry = byId.get(id);
    if (entry === undefined) return null;
    if ('signature' in entry) return entry;
    const permit = deepFreeze(buildPermit(entry, saltKey, demoSecret));
    byId.set(id, permit);
    return permit;
  };
  let closed = false;
  return {
    async getMany(ids) {
      if (closed) throw new Error(`the ${region} mock registry is closed`);
      return ids.map(permitOf);
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
