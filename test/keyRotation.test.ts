import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql } from './support/graphql';
import { startSystem, type System } from './support/system';

/*
 * Yearly key rotation (docs/domain.md): the mock registries run at a date in 2028, after
 * the 2026 keys' windows closed, and still sign with a key valid that day, so the hub
 * verifies their records.
 */

const DECIDE = /* GraphQL */ `
  query Decide($id: ID!) {
    permit(id: $id) {
      signature { keyId signedAt }
      recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision reasons { code } verification { signatureValid keyId issuerTrusted } }
    }
  }
`;

let system: System;
beforeAll(async () => {
  system = await startSystem({ MOCK_AS_OF: '2028-03-01', DECISION_DATE: '2028-03-01' });
});
afterAll(() => system?.close());

describe('mock registries in 2028', () => {
  it('sign with the 2028 key and the hub verifies the record under it', async () => {
    const res = await gql<{ permit: { signature: { keyId: string; signedAt: string }; recognition: { decision: string; verification: Record<string, unknown> } } }>(
      system.gatewayUrl,
      DECIDE,
      { id: scenarioByName('sh-family-valid').permitId },
      await partnerHeaders('MEDICAL_BILLING'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.permit.signature).toEqual({ keyId: 'SH-2028-01', signedAt: '2028-03-01T01:00:00.000Z' });
    expect(res.data!.permit.recognition.verification).toEqual({ signatureValid: true, keyId: 'SH-2028-01', issuerTrusted: true });
    expect(res.data!.permit.recognition.decision).toBe('RECOGNISED');
  });

  it('still refuses a record signed with a retired key', async () => {
    const res = await gql<{ permit: { recognition: { decision: string; reasons: Array<{ code: string }> } } }>(
      system.gatewayUrl,
      DECIDE,
      { id: scenarioByName('hz-expired-signing-key').permitId },
      await partnerHeaders('MEDICAL_BILLING'),
    );
    expect(res.data!.permit.recognition.decision).toBe('UNVERIFIABLE');
    expect(res.data!.permit.recognition.reasons.map((r) => r.code)).toContain('SIGNING_KEY_EXPIRED');
  });
});
