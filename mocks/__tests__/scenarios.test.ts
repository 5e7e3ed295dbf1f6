import scenariosJson from '../scenarios.json';
import { loadScenarios, scenarioByName } from '../scenarios';

const entry = { name: 'sh-x', permitId: '3101152022000001018', region: 'SHANGHAI', shows: 'x', showsZh: '例' };

describe('loadScenarios', () => {
  it('loads scenarios.json with registered defaulting to true where a region is given', () => {
    const scenarios = loadScenarios();
    expect(scenarios).toHaveLength(scenariosJson.length);
    expect(scenarioByName('sh-family-valid')).toMatchObject({ region: 'SHANGHAI', registered: true });
    expect(scenarioByName('sh-unregistered')).toMatchObject({ region: 'SHANGHAI', registered: false });
    expect(scenarioByName('beijing-unknown-issuer')).toMatchObject({ region: null, registered: false });
  });

  it('says what every scenario shows in English and Chinese', () => {
    for (const s of loadScenarios()) {
      expect(s.shows).toMatch(/^[A-Z].*\.$/);
      expect(s.showsZh).toMatch(/[\u4e00-\u9fff]/);
      expect(s.showsZh).toMatch(/。$/);
    }
  });

  it('rejects unknown fields, bad names, duplicates and registered entries without a region', () => {
    expect(() => loadScenarios([{ ...entry, extra: 1 }])).toThrow();
    expect(() => loadScenarios([{ ...entry, name: 'Sh_X' }])).toThrow();
    expect(() => loadScenarios([{ ...entry, region: 'BEIJING' }])).toThrow();
    expect(() => loadScenarios([entry, { ...entry, permitId: '1' }])).toThrow(/listed twice/);
    expect(() => loadScenarios([entry, { ...entry, name: 'sh-y' }])).toThrow(/reuses permit/);
    expect(() => loadScenarios([{ ...entry, region: null, registered: true }])).toThrow(/no region/);
  });

  it('throws for an unknown scenario name', () => {
    expect(() => scenarioByName('sh-no-such')).toThrow(/no scenario named/);
  });
});
