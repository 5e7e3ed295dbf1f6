import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';

/**
 * An `ApolloGateway` that sends nothing anywhere it was not told to.
 *
 * @apollo/gateway 2.x, at construction, unless `APOLLO_TELEMETRY_DISABLED` is `true` or
 * `1`, starts a metrics exporter that probes cloud-metadata addresses (169.254.169.254,
 * 100.100.100.200, metadata.google.internal) and reports host metrics to Apollo hourly
 * and at shutdown (`@apollo/gateway/dist/index.js`, `utilities/opentelemetry.js`). This
 * gateway runs in closed government networks, so the switch is set here, in code, right
 * before the one constructor every gateway of ours (and the bench's Apollo peer) goes
 * through — not left to an env default an operator can forget. The library reads the
 * variable only in its constructor, so setting it at this point is enough.
 */
export function quietApolloGateway(config: GatewayConfig): ApolloGateway {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  return new ApolloGateway(config);
}
