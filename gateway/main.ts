import { DEFAULTS } from '../common/defaults';
import { listen, runMain } from '../common/httpService';
import { createLogger } from '../common/logger';
import { loadGatewayConfig } from './config';
import { createGateway } from './createGateway';

let logger = createLogger('gateway', DEFAULTS.logLevel);
void runMain('gateway', logger, async () => {
  const config = loadGatewayConfig(process.env);
  logger = createLogger('gateway', config.logLevel);
  const service = await createGateway({ config, logger });
  return listen(service, config.port, config.host, DEFAULTS.shutdownGraceMs);
});
