/** A GraphQL response as the tests read it. */
export interface GqlResponse<D = Record<string, unknown>> {
  status: number;
  data?: D | null;
  extensions?: Record<string, unknown>;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

let fileHeaders: Record<string, string> = {};

/**
 * Sets the headers every `gql` call of this test file sends (a partner's token and
 * purpose, see `partnerHeaders`); a call's own headers override them.
 */
export function sendHeaders(headers: Record<string, string>): void {
  fileHeaders = headers;
}

/**
 * POSTs one GraphQL operation as JSON and returns status and body. `signal` is the
 * client's own deadline (`AbortSignal.timeout(ms)`); none by default.
 */
export async function gql<D = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<GqlResponse<D>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...fileHeaders, ...headers },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const body = (await res.json()) as Omit<GqlResponse<D>, 'status'>;
  return { status: res.status, ...body };
}

/** The `extensions.code` of every error, in order. */
export function codes(res: GqlResponse<unknown>): unknown[] {
  return (res.errors ?? []).map((e) => e.extensions?.code);
}
