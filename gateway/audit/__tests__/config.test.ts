import { auditEnvSchema, loadAuditVerifyConfig } from '../config';

describe('audit config', () => {
  it('defaults the stream key, file, checkpoints and development keys, and needs no permit-number key to verify', () => {
    expect(loadAuditVerifyConfig({})).toMatchObject({
      redisUrl: undefined,
      streamKey: 'yrd:audit',
      spoolFile: 'var/audit/audit.jsonl',
      checkpoints: { file: 'var/audit/audit.jsonl.checkpoints' },
    });
    expect(loadAuditVerifyConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).checkpoints).toEqual({ redisKey: 'yrd:audit:checkpoints' });
    expect(() => loadAuditVerifyConfig({ NODE_ENV: 'production' })).toThrow(/AUDIT_CHAIN_KEY and AUDIT_PUBLIC_KEY are required/);
  });

  it('requires an HMAC key of at least 32 bytes for the gateway', () => {
    expect(auditEnvSchema.safeParse({}).success).toBe(false);
    expect(auditEnvSchema.safeParse({ AUDIT_HMAC_KEY: 'short' }).success).toBe(false);
    expect(auditEnvSchema.safeParse({ AUDIT_HMAC_KEY: 'k'.repeat(32) }).data).toMatchObject({ AUDIT_FLUSH_INTERVAL_MS: 5000 });
  });

  it('treats an empty REDIS_URL as unset and rejects a malformed one', () => {
    expect(loadAuditVerifyConfig({ REDIS_URL: '' }).redisUrl).toBeUndefined();
    expect(() => loadAuditVerifyConfig({ REDIS_URL: 'nope' })).toThrow(/REDIS_URL/);
  });
});

describe('audit:verify config', () => {
  it('reads the stream under REDIS_KEY_PREFIX, like the gateway', () => {
    expect(loadAuditVerifyConfig({ REDIS_KEY_PREFIX: 'yrd-b:' }).streamKey).toBe('yrd-b:audit');
    expect(loadAuditVerifyConfig({ REDIS_KEY_PREFIX: 'yrd-b:', AUDIT_STREAM_KEY: 'yrd-b:trail' }).streamKey).toBe('yrd-b:trail');
  });
});
