import type { Request } from 'express';

/**
 * The `route` label of a response in the metrics: the path pattern the app registered
 * (`/status`, `/health/regions`), never the path as sent. Express matches paths
 * case-insensitively and with or without a trailing slash, so `/STATUS` and `/Status/`
 * reach `/status`; labelled as sent, each spelling (or each 404 path) would become a
 * new time series, and anyone could grow the metrics without bound. A path no route
 * serves (404, static assets) is `other`.
 */
export function routeLabel(req: Request): string {
  const path = req.path.toLowerCase().replace(/\/+$/, '') || '/';
  // Failures before the route's own handlers (a refused body) still count as /graphql.
  if (path === '/graphql') return '/graphql';
  const registered = (req.route as { path?: unknown } | undefined)?.path;
  const patterns = (Array.isArray(registered) ? registered : [registered]).filter((p): p is string => typeof p === 'string');
  return patterns.find((p) => p.toLowerCase() === path) ?? patterns[0] ?? 'other';
}
