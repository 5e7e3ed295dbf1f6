import { TEST_SALT_KEY } from './helpers';
import { createMockRegistry } from '../mockRegistry';
import { scenarioByName } from '../scenarios';
import { generateRegistry } from '../generate';

describe('createMockRegistry', () => {
  const options = { size: 200, saltKey: TEST_SALT_KEY };

  it('answers in the order asked, null for numbers it does not hold', async () => {
    const registry = createMockRegistry('SHANGHAI', options);
    const permits = generateRegistry('SHANGHAI', options);
    const unknown = scenarioByName('sh-unregistered').permitId;
    const ids = [permits[150]?.id, unknown, permits[3]?.id, permits[150]?.id] as string[];
    const answer = await registry.getMany(ids);
    expect(answer).toEqual([permits[150], null, permits[3], permits[150]]);
    expect(await registry.getMany([])).toEqual([]);
    await registry.close();
  });

  it('holds the scenario permits of its region only', async () => {
    const registry = createMockRegistry('SUZHOU', options);
    const [own, other] = await registry.getMany([
      scenarioByName('sz-family-valid').permitId,
      scenarioByName('sh-family-valid').permitId,
    ]);
    expect(own?.issuer).toBe('SUZHOU');
    expect(other).toBeNull();
    await registry.close();
  });

  it('hands out frozen records, so one caller cannot change what the next reads', async () => {
    const registry = createMockRegistry('ANHUI', options);
    const [permit] = await registry.getMany([scenarioByName('ah-family-valid').permitId]);
    expect(() => {
      (permit as { status: string }).status = 'REVOKED';
    }).toThrow(TypeError);
    expect(Object.isFrozen(permit?.holder)).toBe(true);
    await registry.close();
  });

  it('signs a generated record when first asked, byte for byte as generateRegistry, frozen, the same object after', async () => {
    const registry = createMockRegistry('HANGZHOU', options);
    const permits = generateRegistry('HANGZHOU', options);
    const ids = permits.map((p) => p.id).reverse();
    const first = await registry.getMany(ids);
    expect(JSON.stringify(first)).toBe(JSON.stringify([...permits].reverse()));
    const generated = first[0]!;
    expect(Object.isFrozen(generated.signature)).toBe(true);
    expect(Object.isFrozen(generated.local)).toBe(true);
    expect((await registry.getMany([generated.id]))[0]).toBe(generated);
    await registry.close();
  });

  it('refuses lookups once closed', async () => {
    const registry = createMockRegistry('HANGZHOU', options);
    await registry.close();
    await expect(registry.getMany(['3301062020000003019'])).rejects.toThrow(/closed/);
  });
});
