import type { GraphQLError } from 'graphql';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../../common/logger';

/**
 * Counts and logs a request refused before its partner was known (no valid token):
 * there is nobody to attribute an audit record to, so it leaves a counted log line with
 * the gateway's request id and the code, and nothing the caller sent (no token, header
 * or query text, which could carry personal data).
 */
export function unattributedRefusals(registry: Registry, logger: Logger): (requestId: string, error: unknown) => void {
  const counter = new Counter({
    name: 'yrd_audit_unattributed_refusals_total',
    help: 'Requests refused before their partner was known (no audit record possible), by code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const log = logger.child({ component: 'audit' });
  return (requestId, error) => {
    const raw = (error as Partial<GraphQLError>)?.extensions?.code;
    const code = typeof raw === 'string' ? raw : 'INTERNAL_ERROR';
    counter.inc({ code });
    log.info({ requestId, code }, 'audit: request refused before its partner was known');
  };
}
