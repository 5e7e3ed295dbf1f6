import { z } from 'zod';
import { REGIONS, type Region } from '../common/regions';
import scenariosJson from './scenarios.json';

/**
 * A named permit the README and the tests use (docs/domain.md, "Mock registries"): what it
 * shows holds as of the registries' as-of date, decided on that same date.
 */
export interface Scenario {
  /** kebab-case, region prefix first: `sh-family-valid`. */
  name: string;
  /** The number to ask for (malformed on purpose for some). */
  permitId: string;
  /** The region whose registry holds it; null where the number reaches no registry. */
  region: Region | null;
  /** True when `region`'s mock registry holds the permit. */
  registered: boolean;
  /** One English sentence: what it demonstrates. */
  shows: string;
  /** The same in Chinese. */
  showsZh: string;
}

const scenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case'),
    permitId: z.string().min(1),
    region: z.enum(REGIONS).nullable(),
    registered: z.boolean().optional(),
    shows: z.string().min(1),
    showsZh: z.string().min(1),
  })
  .strict();

/**
 * Validates a scenario list (default: `scenarios.json`): every field present, names
 * and numbers unique, no registered scenario without a region. `registered` defaults
 * to true when a region is given.
 */
export function loadScenarios(raw: unknown = scenariosJson): Scenario[] {
  const parsed = z.array(scenarioSchema).parse(raw);
  const names = new Set<string>();
  const ids = new Set<string>();
  return parsed.map((entry) => {
    if (names.has(entry.name)) throw new Error(`scenario ${entry.name} is listed twice`);
    if (ids.has(entry.permitId)) throw new Error(`scenario ${entry.name} reuses permit ${entry.permitId}`);
    names.add(entry.name);
    ids.add(entry.permitId);
    const registered = entry.registered ?? entry.region !== null;
    if (registered && entry.region === null) throw new Error(`scenario ${entry.name} is registered but has no region`);
    return { ...entry, region: entry.region, registered };
  });
}

/** The scenario with this name; throws for an unknown name so a typo fails loudly. */
export function scenarioByName(name: string): Scenario {
  const found = loadScenarios().find((s) => s.name === name);
  if (!found) throw new Error(`no scenario named ${name}`);
  return found;
}
