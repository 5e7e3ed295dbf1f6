import type { Request, Response } from 'express';

/** Where a subgraph notes that the request carried a verified gateway credential. */
const VERIFIED = 'gatewayCredentialVerified';

/**
 * Notes on `res` that the request carried the gateway's verified credential
 * (subgraphs/requireGatewayCredential.ts); `isGatewayProbe` reads it.
 */
export function markGatewayCredential(res: Response): void {
  res.locals[VERIFIED] = true;
}

/** Whether the request carried the gateway's verified credential (only ever in a subgraph). */
export function carriesGatewayCredential(res: Response): boolean {
  return res.locals[VERIFIED] === true;
}

/**
 * Whether the request is one of the gateway's own health probes (`X-Yrd-Probe: 1`,
 * gateway/transport/resilience/healthProbes.ts), which are logged at debug and not traced:
 * the header counts only on a request whose gateway credential was verified. Anyone can
 * send the header; honoured from a partner, it dropped the partner's requests to debug
 * logging and out of tracing (issue 20). The gateway itself never honours it.
 */
export function isGatewayProbe(req: Request, res: Response): boolean {
  return carriesGatewayCredential(res) && req.get('x-yrd-probe') === '1';
}
