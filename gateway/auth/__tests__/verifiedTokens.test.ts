import { mintDevToken } from '../../../scripts/token';
import { DEVELOPMENT_REGISTRY } from '../loadPartnerRegistry';
import { verifiedTokens } from '../verifiedTokens';

const options = { audience: 'yrd-interop-gateway', maxTokenAgeSeconds: 86_400 };

describe('verifiedTokens', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a token it verified with the same partner and claims', async () => {
    const verify = verifiedTokens(DEVELOPMENT_REGISTRY, options);
    const header = `Bearer ${await mintDevToken({ partnerId: 'sz-school' })}`;
    const first = await verify(header);
    expect(first.partner.id).toBe('sz-school');
    expect(await verify(header)).toBe(first);
  });

  it('refuses a remembered token once it has expired', async () => {
    const verify = verifiedTokens(DEVELOPMENT_REGISTRY, options);
    const header = `Bearer ${await mintDevToken({ partnerId: 'sz-school', ttlSeconds: 60 })}`;
    await verify(header);
    jest.useFakeTimers({ now: Date.now() + 120_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    await expect(verify(header)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'EXPIRED' } });
  });

  it('never remembers a refusal', async () => {
    const verify = verifiedTokens(DEVELOPMENT_REGISTRY, options);
    await expect(verify('Bearer not-a-token')).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(verify(undefined)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN' } });
  });
});
