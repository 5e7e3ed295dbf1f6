import type { Logger } from '../../../common/logger';
import type { SubgraphCredential } from '../../auth/subgraphCredentials';
import type { RegionGuard } from './RegionGuard';

/**
 * Active health probes: every `intervalMs`, a `{ __typename }` query to each subgraph
 * through its guard, so a region's failure shows before a partner asks for it, and a
 * probe that succeeds while half-open closes the breaker. The probe is the only trial a
 * half-open breaker lets through (`trial`): partner requests never are. Each probe carries the
 * gateway's credential like any other fetch, so a subgraph that refuses it (a
 * mismatched key pair) shows as failing before a partner asks. Returns a stop function.
 */
export function startHealthProbes(
  targets: ReadonlyArray<{ url: string; guard: RegionGuard }>,
  intervalMs: number,
  credential: SubgraphCredential,
  logger: Logger,
): () => void {
  let running = true;
  const probeOne = async ({ url, guard }: { url: string; guard: RegionGuard }) => {
    if (guard.state === 'open') return; // would be rejected unsent; the reset timer moves it on
    try {
      await guard.run(async () => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-yrd-probe': '1', authorization: await credential(guard.subgraph) },
          body: '{"query":"{ __typename }"}',
          signal: AbortSignal.timeout(guard.settings.timeoutMs),
        });
        await res.arrayBuffer();
        if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { extensions: { response: { status: res.status } } });
      }, { trial: true });
    } catch (err) {
      logger.debug({ subgraph: guard.subgraph, err: (err as Error).message }, 'health probe failed');
    }
  };
  const timer = setInterval(() => {
    if (running) void Promise.all(targets.map(probeOne));
  }, intervalMs);
  timer.unref();
  return () => {
    running = false;
    clearInterval(timer);
  };
}
