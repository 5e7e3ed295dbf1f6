import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockTrustRegistry } from '../../common/mockIssuerKeys';
import { trustRegistryJson, writeTrustRegistry } from '../writeTrustRegistry';

describe('writeTrustRegistry', () => {
  it('keeps the committed trust-registry.json equal to mockTrustRegistry()', () => {
    // On failure: npm run build && node dist/mocks/writeTrustRegistry.js
    const committed = readFileSync(join(__dirname, '..', 'trust-registry.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(mockTrustRegistry());
    expect(committed).toBe(trustRegistryJson());
  });

  it('writes the registry to the file it is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yrd-trust-'));
    try {
      const file = join(dir, 'trust.json');
      writeTrustRegistry(file);
      expect(readFileSync(file, 'utf8')).toBe(trustRegistryJson());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
