import { DEFAULTS } from '../common/defaults';
import { listen, runMain } from '../common/httpService';
import { createLogger } from '../common/logger';
import { closingTracing, startTracing } from '../common/tracing';
import { loadGatewayConfig } from './config';
import { createGateway } from './createGateway';

let logger = createLogger('gateway', DEFAULTS.logLevel);
void runMain('gateway', logger, async () => {
  const config = loadGatewayConfig(process.env);
  logger = createLogger('gateway', config.logLevel);
  const stopTracing = startTracing('gateway', config.otlpEndpoint);
  const service = await createGateway({ config, logger });
  const running = await listen(service, config.port, config.host, DEFAULTS.shutdownGraceMs);
  if (!service.opsHandler || config.opsPort === undefined) return closingTracing(running, stopTracing);
  const ops = await listen({ handler: service.opsHandler, stop: async () => undefined }, config.opsPort, config.host, 1000);
  // Not `url` nor "listening": tools wait for the one line that names the public port.
  logger.info({ opsUrl: ops.url }, 'gateway operations endpoints up');
  return closingTracing({ ...running, close: async () => void (await Promise.all([ops.close(), running.close()])) }, stopTracing);
});
