import { ApolloGateway } from '@apollo/gateway';
import { apolloGatewayTelemetry as apolloTelemetry } from '../../common/apolloInternals';
import { loadGatewayConfig } from '../config';
import { quietApolloGateway } from '../noApolloTelemetry';

/*
 * @apollo/gateway starts its telemetry (cloud-metadata probes, host metrics to Apollo) in
 * its constructor through `createDataCollectionExporter`, unless APOLLO_TELEMETRY_DISABLED
 * is `true` or `1`. The spy stands in for that exporter, so this test can never start it
 * for real; it records whether the constructor asked for it.
 */

const SUPERGRAPH_SDL = /* GraphQL */ `
  schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) { query: Query }
  directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
  directive @join__graph(name: String!, url: String!) on ENUM_VALUE
  directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
  directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
  scalar link__Import
  scalar join__FieldSet
  enum link__Purpose { SECURITY EXECUTION }
  enum join__Graph { A @join__graph(name: "a", url: "http://127.0.0.1:1/graphql") }
  type Query @join__type(graph: A) { hello: String }
`;

const saved = process.env.APOLLO_TELEMETRY_DISABLED;
let exporter: jest.SpyInstance;

beforeEach(() => {
  exporter = jest.spyOn(apolloTelemetry, 'createDataCollectionExporter').mockImplementation(() => ({ shutdown: async () => undefined }) as never);
});

afterEach(() => {
  exporter.mockRestore();
  if (saved === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
  else process.env.APOLLO_TELEMETRY_DISABLED = saved;
});

it('is what a bare ApolloGateway does with the variable unset: it starts the telemetry exporter', () => {
  delete process.env.APOLLO_TELEMETRY_DISABLED;
  new ApolloGateway({ supergraphSdl: SUPERGRAPH_SDL });
  expect(exporter).toHaveBeenCalledTimes(1);
});

it.each([undefined, 'false', '0', ''])('starts no telemetry exporter with APOLLO_TELEMETRY_DISABLED=%p', (value) => {
  if (value === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
  else process.env.APOLLO_TELEMETRY_DISABLED = value;
  quietApolloGateway({ supergraphSdl: SUPERGRAPH_SDL });
  expect(exporter).not.toHaveBeenCalled();
  expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
});

it('accepts only APOLLO_TELEMETRY_DISABLED=true in the gateway config: nothing can turn the telemetry on', () => {
  expect(() => loadGatewayConfig({ NODE_ENV: 'development', APOLLO_TELEMETRY_DISABLED: 'true' })).not.toThrow();
  expect(() => loadGatewayConfig({ NODE_ENV: 'development' })).not.toThrow();
  expect(() => loadGatewayConfig({ NODE_ENV: 'development', APOLLO_TELEMETRY_DISABLED: 'false' })).toThrow(/APOLLO_TELEMETRY_DISABLED: must be true/);
});
