import { DEFAULTS } from '../../common/defaults';
import { gatewayPublicKey } from '../../common/gatewayCredential';
import { listen, runMain } from '../../common/httpService';
import { createLogger } from '../../common/logger';
import { closingTracing, startTracing } from '../../common/tracing';
import { cutHangsOnClose, faultInjection } from '../faults';
import { decisionClock, loadInteropConfig } from './config';
import { createInteropSubgraph } from './createInteropSubgraph';
import { loadPolicies } from './recognition/policy';
import { hubTrustRegistry } from './hubTrustRegistry';

let logger = createLogger('interop', DEFAULTS.logLevel);
void runMain('interop', logger, async () => {
  const config = loadInteropConfig(process.env);
  logger = createLogger('interop', config.LOG_LEVEL);
  const stopTracing = startTracing('interop', config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const faults = config.faults ? faultInjection(config.faults, { seed: 'interop', logger }) : undefined;
  // An invalid policy or trust file stops start-up here, with the loader's message.
  const service = await createInteropSubgraph({
    policies: loadPolicies(config.POLICY_FILE),
    trust: hubTrustRegistry(config.trust, config.NODE_ENV),
    clock: decisionClock(config.DECISION_DATE),
    logger,
    gatewayPublicKey: gatewayPublicKey(config.gatewayPublicKey),
    faults,
  });
  const running = await listen(service, config.PORT, config.HOST, DEFAULTS.shutdownGraceMs);
  return closingTracing(cutHangsOnClose(running, faults), stopTracing);
});
