import { auditEnvSchema, loadAuditVerifyConfig } from '../config';

describe('audit config', () => {
  it('defaults the stream key, file, checkpoints and development keys, and needs no permit-number key to verify', () => {
    expect(loadAuditVerifyConfig({ NODE_ENV: 'development' })).toMatchObject({
      redisUrl: undefined,
      streamKey: 'yrd:audit',
      spoolFile: 'var/audit/audit.jsonl',
      checkpoints: { file: 'var/audit/audit.jsonl.checkpoints' },
    });
    expect(loadAuditVerifyConfig({ NODE_ENV: 'development', REDIS_URL: 'redis://127.0.0.1:6379' }).checkpoints).toEqual({ redisKey: 'yrd:audit:checkpoints' });
    expect(() => loadAuditVerifyConfig({ NODE_ENV: 'production' })).toThrow(/AUDIT_CHAIN_KEY and AUDIT_PUBLIC_KEY are required/);
  });

  it('is production when NODE_ENV is unset, like the services: no development key to fall back on', () => {
    expect(() => loadAuditVerifyConfig({})).toThrow(/AUDIT_CHAIN_KEY and AUDIT_PUBLIC_KEY are required in production/);
    expect(() => loadAuditVerifyConfig({ NODE_ENV: 'test' })).toThrow(/NODE_ENV: must be development or production/);
  });

  it('requires an HMAC key of at least 32 bytes for the gateway', () => {
    expect(auditEnvSchema.safeParse({}).success).toBe(false);
    expect(auditEnvSchema.safeParse({ AUDIT_HMAC_KEY: 'short' }).success).toBe(false);
    expect(auditEnvSchema.safeParse({ AUDIT_HMAC_KEY: 'k'.repeat(32) }).data).toMatchObject({ AUDIT_FLUSH_INTERVAL_MS: 5000 });
  });

  it('treats an empty REDIS_URL as unset and rejects a malformed one', () => {
    expect(loadAuditVerifyConfig({ NODE_ENV: 'development', REDIS_URL: '' }).redisUrl).toBeUndefined();
    expect(() => loadAuditVerifyConfig({ NODE_ENV: 'development', REDIS_URL: 'nope' })).toThrow(/REDIS_URL/);
  });
});

describe('audit:verify config', () => {
  it('reads the stream under REDIS_KEY_PREFIX, like the gateway', () => {
    expect(loadAuditVerifyConfig({ NODE_ENV: 'development', REDIS_KEY_PREFIX: 'yrd-b:' }).streamKey).toBe('yrd-b:audit');
    expect(loadAuditVerifyConfig({ NODE_ENV: 'development', REDIS_KEY_PREFIX: 'yrd-b:', AUDIT_STREAM_KEY: 'yrd-b:trail' }).streamKey).toBe('yrd-b:trail');
  });
});
