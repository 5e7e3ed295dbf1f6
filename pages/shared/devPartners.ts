/**
 * A development partner as `GET /dev/partners` lists it: the gateway serves that route
 * in development only (404 in production), so a page offers the development partners
 * when it answers and asks for a token when it does not.
 */
export interface DevPartner {
  id: string;
  name: string;
  /** The partner's host region, e.g. `SUZHOU`. */
  region: string;
  /** Services the token grants; the page sends one of them as `X-Purpose`. */
  purposes: string[];
  /** A development bearer token for this partner (short-lived). */
  token: string;
}

/** The development partners, or `null` when the gateway does not offer them (production). */
export async function loadDevPartners(): Promise<DevPartner[] | null> {
  const res = await fetch('/dev/partners', { headers: { accept: 'application/json' } });
  if (!res.ok) return null;
  const body = (await res.json()) as { partners?: DevPartner[] };
  return Array.isArray(body.partners) ? body.partners : null;
}
