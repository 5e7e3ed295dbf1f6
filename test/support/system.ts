import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fetcher } from '@apollo/utils.fetcher';
import { SUBGRAPH_NAMES, type ServiceName } from '../../common/defaults';
import { listen, type RunningService } from '../../common/httpService';
import { createLogger } from '../../common/logger';
import { loadGatewayConfig, subgraphUrlVariable } from '../../gateway/config';
import { createGateway } from '../../gateway/createGateway';
import { startService, type ServiceProcess } from './processes';

/** The five subgraphs as real processes, and a gateway in this process over them. */
export interface System {
  subgraphs: Record<string, ServiceProcess>;
  /** `http://127.0.0.1:<port>` of the gateway; `gatewayUrl` is its `/graphql`. */
  gatewayBase: string;
  gatewayUrl: string;
  /** Fetches the gateway sent to each subgraph since the last `resetFetches`. */
  fetches: Record<string, number>;
  /** Each of those fetches in order: its subgraph, the Authorization it carried, its body size. */
  sent: Array<{ subgraph: string; authorization: string | undefined; bodyBytes: number }>;
  /** With `keepAnswers`: each subgraph's answer body as the gateway received it, in order. */
  answers: Array<{ subgraph: string; body: unknown }>;
  resetFetches(): void;
  close(): Promise<void>;
}

/**
 * Waits for every start; if one fails (a slow machine), stops the others before
 * rethrowing, so no orphan process keeps jest alive after the suite.
 */
export async function startAll(starts: ReadonlyArray<Promise<ServiceProcess>>): Promise<ServiceProcess[]> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (!failed) return settled.map((s) => (s as PromiseFulfilledResult<ServiceProcess>).value);
  await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
  throw failed.reason;
}

/**
 * Starts every subgraph process on free ports and an in-process gateway whose fetcher
 * counts the fetches per subgraph: the count is the gateway's own view, not a guess.
 */
export async function startSystem(env: Record<string, string> = {}, options: { keepAnswers?: boolean } = {}): Promise<System> {
  const started = await startAll(SUBGRAPH_NAMES.map((name) => startService(name, env)));
  const subgraphs = Object.fromEntries(started.map((s) => [s.name, s]));
  const byUrl = new Map(started.map((s) => [s.graphqlUrl, s.name]));
  const fetches: Record<string, number> = {};
  const sent: System['sent'] = [];
  const answers: System['answers'] = [];
  const counting: Fetcher = async (url, init) => {
    const name = byUrl.get(url) ?? url;
    fetches[name] = (fetches[name] ?? 0) + 1;
    const headers = new Headers(init?.headers as Record<string, string> | undefined);
    sent.push({ subgraph: name, authorization: headers.get('authorization') ?? undefined, bodyBytes: Buffer.byteLength(String(init?.body ?? '')) });
    const response = await (fetch as unknown as Fetcher)(url, init);
    if (options.keepAnswers) answers.push({ subgraph: name, body: await response.clone().json().catch(() => undefined) });
    return response;
  };
  const config = loadGatewayConfig({
    NODE_ENV: 'development',
    AUDIT_SPOOL_FILE: join(tmpdir(), `yrd-audit-${process.pid}-${Math.random().toString(36).slice(2)}.jsonl`),
    ...Object.fromEntries(started.map((s) => [subgraphUrlVariable(s.name as ServiceName), s.graphqlUrl])),
    SCHEMA_DIR: 'dist/schemas',
    ...env,
  });
  const service = await createGateway({ config, logger: createLogger('gateway', 'silent'), fetcher: counting });
  const gateway: RunningService = await listen(service, 0, '127.0.0.1', 1000);
  return {
    subgraphs,
    gatewayBase: gateway.url,
    gatewayUrl: `${gateway.url}/graphql`,
    fetches,
    sent,
    answers,
    resetFetches: () => {
      for (const k of Object.keys(fetches)) delete fetches[k];
      sent.splice(0);
      answers.splice(0);
    },
    close: async () => {
      await gateway.close();
      // `subgraphs`, not `started`: a test may have replaced a killed city with a restarted one.
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    },
  };
}
