import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SUBGRAPH_NAMES } from '../common/defaults';
import { listen, type RunningService } from '../common/httpService';
import { createLogger } from '../common/logger';
import { loadGatewayConfig, subgraphUrlVariable } from '../gateway/config';
import { createGateway } from '../gateway/createGateway';

/*
 * Alert rules and dashboard are code: promtool accepts the rules, and every metric the
 * rules and the dashboard name is one the gateway serves on /metrics (with Redis, so
 * yrd_redis_up is there too). A renamed metric fails here, not silently on the wall.
 */

const ROOT = join(__dirname, '..');
const RULES = join(ROOT, 'ops/prometheus/alerts.yml');
const DASHBOARD = join(ROOT, 'ops/grafana/yrd-gateway.json');
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

/** The yrd_ metric names in PromQL expressions, histogram series folded to their family. */
function metricsIn(exprs: string[]): string[] {
  const names = exprs.flatMap((e) => e.match(/\byrd_[a-z0-9_]+/g) ?? []);
  return [...new Set(names.map((n) => n.replace(/_(bucket|sum|count)$/, '')))].sort();
}

const ruleExprs = (): string[] =>
  (parse(readFileSync(RULES, 'utf8')) as { groups: Array<{ rules: Array<{ expr: string }> }> }).groups.flatMap((g) => g.rules.map((r) => String(r.expr)));

function dashboardExprs(): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      if ((k === 'expr' || k === 'definition') && typeof child === 'string') found.push(child);
      else walk(child);
    }
  };
  walk(JSON.parse(readFileSync(DASHBOARD, 'utf8')));
  return found;
}

let gateway: RunningService;
let families: Set<string>;

beforeAll(async () => {
  const config = loadGatewayConfig({
    NODE_ENV: 'development',
    SCHEMA_DIR: 'dist/schemas',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `yrd-test-ops-${process.pid}:`,
    AUDIT_SPOOL_FILE: join(tmpdir(), `yrd-audit-${process.pid}-ops.jsonl`),
    PROBE_INTERVAL_MS: '600000',
    // Nothing listens there: the metrics exist before any call.
    ...Object.fromEntries(SUBGRAPH_NAMES.map((s) => [subgraphUrlVariable(s), `http://127.0.0.1:9/${s}`])),
  });
  gateway = await listen(await createGateway({ config, logger: createLogger('gateway', 'silent') }), 0, '127.0.0.1', 1000);
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  families = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
});
afterAll(async () => gateway?.close());

it('passes promtool check rules', () => {
  const out = execFileSync(PROMTOOL, ['check', 'rules', RULES], { encoding: 'utf8' });
  expect(out).toMatch(/SUCCESS: \d+ rules found/);
});

it('alerts on breaker open, error rate, p95 latency, Redis, audit records spooled over five minutes and rate-limit surges, each per region where it applies', () => {
  const alerts = (parse(readFileSync(RULES, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string }> }> }).groups.flatMap((g) => g.rules.map((r) => r.alert));
  expect(alerts).toEqual(['YrdRegionBreakerOpen', 'YrdRegionErrorRateHigh', 'YrdRegionLatencyHigh', 'YrdRedisUnreachable', 'YrdAuditSpooledTooLong', 'YrdRateLimitRefusalsSurging']);
});

it('names in the alert rules only metrics the gateway serves', () => {
  const named = metricsIn(ruleExprs());
  expect(named.length).toBeGreaterThan(3);
  expect(named.filter((m) => !families.has(m))).toEqual([]);
});

it('names in the dashboard only metrics the gateway serves', () => {
  const named = metricsIn(dashboardExprs());
  expect(named.length).toBeGreaterThan(5);
  expect(named.filter((m) => !families.has(m))).toEqual([]);
});
