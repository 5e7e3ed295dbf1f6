import { listen, runMain } from '../../common/httpService';
import { DEFAULTS } from '../../common/defaults';
import { gatewayPublicKey } from '../../common/gatewayCredential';
import { createLogger } from '../../common/logger';
import { closingTracing, startTracing } from '../../common/tracing';
import { REGION_INFO } from '../../common/regions';
import { cutHangsOnClose, faultInjection } from '../faults';
import { currentKeyId, mockKeyPair } from '../../common/mockIssuerKeys';
import type { CityDefinition } from './cityDefinition';
import { loadCityConfig } from './config';
import { createCitySubgraph } from './createCitySubgraph';
import { REGISTRY_ADAPTERS } from './registries';

/** The `main` of a city subgraph process. */
export function runCity(city: CityDefinition): Promise<void> {
  const name = REGION_INFO[city.region].subgraph;
  let logger = createLogger(name, DEFAULTS.logLevel);
  return runMain(name, logger, async () => {
    const config = loadCityConfig(city.region, process.env);
    logger = createLogger(name, config.LOG_LEVEL);
    const stopTracing = startTracing(name, config.OTEL_EXPORTER_OTLP_ENDPOINT);
    const registry = REGISTRY_ADAPTERS[config.REGISTRY](city.region, {
      seed: config.MOCK_SEED,
      size: config.MOCK_SIZE,
      asOf: config.MOCK_AS_OF,
      demoSecret: config.MOCK_DEMO_SECRET,
    });
    const faults = config.faults ? faultInjection(config.faults, { seed: name, logger }) : undefined;
    // The mock issuer signs codes with its mock key of the day (common/mockIssuerKeys.ts, yearly
    // rotation): the demo's own key under MOCK_DEMO_SECRET, else the published one.
    const signer = (day: string) => {
      const keyId = currentKeyId(city.region, day);
      return { keyId, privateKey: mockKeyPair(keyId, config.MOCK_DEMO_SECRET).privateKey };
    };
    const presentationCodes = config.appClientToken ? { signer, appClientToken: config.appClientToken } : undefined;
    const service = await createCitySubgraph({
      city,
      registry,
      logger,
      gatewayPublicKey: gatewayPublicKey(config.gatewayPublicKey),
      faults,
      presentationCodes,
    });
    const running = await listen(service, config.PORT, config.HOST, DEFAULTS.shutdownGraceMs);
    return closingTracing(cutHangsOnClose(running, faults), stopTracing);
  });
}
