import type { ExecutionResult } from 'graphql';

/** What the explorer sends to `/graphql`: GraphiQL's request and the headers editor's contents. */
export interface FetchParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}


/** GraphiQL's name of its schema request (`introspectionQueryName`'s default). */
export const INTROSPECTION_NAME = 'IntrospectionQuery';

/**
 * A GraphiQL fetcher for our own `/graphql`: POST JSON with the `picked` headers (the
 * development picker's, or the production prompt's token) under the tab's own headers,
 * which win; every refusal's body is handed back as it is (401, 403 carry the documented
 * error, which GraphiQL shows). `onSchemaRefused` hears why introspection was refused,
 * so the page can say so instead of showing an empty schema.
 */
export function explorerFetcher(picked: Record<string, string>, onSchemaRefused: (code: string | null) => void) {
  return async (params: FetchParams, opts?: { headers?: Record<string, unknown> }): Promise<ExecutionResult> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    for (const [name, value] of Object.entries(picked)) headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(opts?.headers ?? {})) headers[name.toLowerCase()] = String(value);
    const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) });
    // JSON, not GraphQLError instances: GraphiQL reads only what JSON carries.
    const body = (await res.json()) as ExecutionResult;
    if (params.operationName === INTROSPECTION_NAME) onSchemaRefused(body.data ? null : String(body.errors?.[0]?.extensions?.code ?? 'UNKNOWN'));
    return body;
  };
}
