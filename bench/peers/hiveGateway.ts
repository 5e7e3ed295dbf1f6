import { DEFAULTS } from '../../common/defaults';
import { gatewayPrivateKey } from '../../common/gatewayCredential';
import { listen, runMain } from '../../common/httpService';
import { createLogger } from '../../common/logger';
import { subgraphCredentials } from '../../gateway/auth/subgraphCredentials';
import { composeSchemas } from '../../gateway/composeSupergraph';
import { loadGatewayConfig } from '../../gateway/config';
import { loadHivePackages, type HiveFetchPlugin } from './hivePeer';

/*
 * The bench's second peer: Hive Gateway with its router runtime (the Rust query planner
 * of @graphql-hive/router-runtime) over the same supergraph and subgraphs as ours, with
 * its defaults and none of our protections. Like the bare Apollo peer it presents the
 * gateway credential the subgraphs require, set on every subgraph fetch (`onFetch`).
 * The Hive packages come from bench/peers/node_modules (./hivePeer.ts), not the repository's install.
 */
const logger = createLogger('hive-gateway', 'info');
void runMain('hive-gateway', logger, async () => {
  const { createGatewayRuntime, unifiedGraphHandler } = loadHivePackages();
  const config = loadGatewayConfig(process.env);
  const credential = subgraphCredentials(gatewayPrivateKey(config.subgraphAuthPrivateKey));
  const nameByUrl = new Map(config.subgraphs.map((s) => [s.url, s.name]));
  const withCredential: HiveFetchPlugin = {
    onFetch: async ({ url, options, setOptions }) => {
      const name = nameByUrl.get(url);
      if (!name) return;
      const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
      headers.set('authorization', await credential(name));
      setOptions({ ...options, headers: Object.fromEntries(headers) });
    },
  };
  const runtime = createGatewayRuntime({
    supergraph: composeSchemas(config.schemaDir, config.subgraphs).supergraphSdl,
    unifiedGraphHandler,
    plugins: () => [withCredential],
    logging: false,
    // Nothing from outside: no landing page or GraphiQL (their pages load scripts from
    // public CDNs), and no `reporting` (Hive's or GraphOS usage reports), left unset.
    landingPage: false,
    graphiql: false,
  });
  return listen({ handler: runtime, stop: async () => { await runtime.dispose(); } }, config.port, config.host, DEFAULTS.shutdownGraceMs);
});
