import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { DEFAULTS, SUBGRAPH_NAMES } from '../common/defaults';
import { parsePermitNumber } from '../common/permitNumber';
import { REGION_INFO } from '../common/regions';
import { API_EXAMPLES, exampleName, readmeBlock } from '../pages/shared/apiExamples';
import { productionGatewaySecrets, productionPartner } from './support/productionSecrets';
import { partnerHeaders } from './support/auth';
import { listen, type RunningService } from '../common/httpService';
import { createLogger } from '../common/logger';
import { loadGatewayConfig, subgraphUrlVariable } from '../gateway/config';
import { createGateway } from '../gateway/createGateway';
import { launchBrowser } from './support/browser';
import { startSystem, type System } from './support/system';

/*
 * The explorer in a real browser (Debian's Chromium), over the bundled page the build
 * wrote to dist/pages: in development over the running system, in production over a
 * gateway with a registry of its own. Every request the page makes is recorded, and
 * any to another origin fails the test, as does any breach of the page's policy.
 */

const SHANGHAI_PERMIT = '3101152022000001018';

let system: System;
let production: RunningService;
let stopProduction: () => Promise<void>;
let browser: Browser;
let dir: string;
/** A production token without `schema:explore`. */
let plainToken: string;

/** A production gateway over the running subgraphs, trusting one partner with a fresh key. */
async function startProductionGateway(): Promise<void> {
  const partner = await productionPartner(dir);
  const registry = partner.registryFile;
  plainToken = partner.token;
  const config = loadGatewayConfig({
    NODE_ENV: 'production',
    PARTNER_REGISTRY_FILE: registry,
    ...productionGatewaySecrets(),
    AUDIT_SPOOL_FILE: join(dir, 'audit.jsonl'),
    SCHEMA_DIR: 'dist/schemas',
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphUrlVariable(name), system.subgraphs[name]!.graphqlUrl])),
  });
  const service = await createGateway({ config, logger: createLogger('gateway', 'silent') });
  production = await listen(service, 0, '127.0.0.1', 1000);
  stopProduction = async () => {
    await production.close();
    await service.stop();
  };
}

/** A fresh page that records where every request goes and every policy breach. */
async function recordingPage(context: BrowserContext): Promise<{ page: Page; requests: string[]; breaches: string[] }> {
  const requests: string[] = [];
  const breaches: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) breaches.push(m.text());
  });
  return { page, requests, breaches };
}

/** The origins a page reached, other than its own (data: URLs are inline, not requests out). */
const foreign = (requests: string[], origin: string) => requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yrd-explorer-'));
  browser = await launchBrowser();
  system = await startSystem();
  await startProductionGateway();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopProduction?.();
  await system?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('in development: picks a partner and purpose, runs the Shanghai example and shows the permit, all from its own origin', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const { page, requests, breaches } = await recordingPage(context);
  try {
    await page.goto(`${system.gatewayBase}/explorer`);
    await page.selectOption('select[name=partner]', 'demo-all');
    // The Shanghai example's purpose (SCHOOLING's personal data would need the holder's code).
    await page.selectOption('select[name=purpose]', 'MEDICAL_BILLING');
    await page.getByText('ShanghaiPermit', { exact: true }).first().click();
    // The pick shows in the tab's headers editor: the purpose picked last, not the partner's
    // first (on a loaded machine the editor can still show the earlier pick for a moment).
    await page.locator('.graphiql-editor-tool', { hasText: 'MEDICAL_BILLING' }).waitFor();
    await page.click('.graphiql-execute-button');
    const result = page.locator('.graphiql-response');
    await result.filter({ hasText: SHANGHAI_PERMIT }).filter({ hasText: '"VALID"' }).waitFor({ timeout: 30_000 }).catch(async (err: unknown) => {
      throw new Error(`${String(err)}\nresponse: ${await result.textContent()}`);
    });
    expect(await result.textContent()).not.toMatch(/"errors"/);
    // The picker's token granted schema:explore: the schema loaded, so the docs show it.
    await page.click('[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector('.graphiql-doc-explorer >> text=ResidencePermit', { timeout: 30_000 });
    // The token stays in the page's memory: no browser storage holds it.
    expect(await browserStorage(page)).not.toMatch(/Bearer|eyJ|X-Case-Id/);
    const origin = new URL(system.gatewayBase).origin;
    expect(requests.some((u) => u.endsWith('/assets/explorer/graphql.worker.js'))).toBe(true);
    expect(requests.some((u) => u === `${origin}/graphql`)).toBe(true);
    expect(foreign(requests, origin)).toEqual([]);
    expect(breaches).toEqual([]);
  } finally {
    await context.close();
  }
});

/** Everything the page's origin keeps in localStorage and sessionStorage, as text. */
// Runs in the page: its globals are typed here, as the tests compile without the DOM library.
const browserStorage = (page: Page) =>
  page.evaluate(() => {
    const { localStorage, sessionStorage } = globalThis as unknown as Record<'localStorage' | 'sessionStorage', Record<string, string>>;
    return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } });
  });

it('keeps no variables, headers or queries in browser storage: after an edit and a run, a reload finds nothing', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const { page } = await recordingPage(context);
  const marker = '3101152022000001018';
  try {
    await page.goto(`${system.gatewayBase}/explorer`);
    await page.selectOption('select[name=partner]', 'demo-all');
    await page.selectOption('select[name=purpose]', 'SCHOOLING');
    await page.getByText('PermitBatch', { exact: true }).first().click();
    await page.click('.graphiql-editor-tools button[data-name=variables]');
    const variables = page.locator('section.graphiql-editor-tool[aria-label=Variables] .monaco-editor').first();
    await variables.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    // insertText: one edit, without the editor's auto-closed brackets and quotes.
    await page.keyboard.insertText(`{"ids": ["${marker}", "CASE-EDITED-VARIABLES"]}`);
    await page.keyboard.press('Control+Shift+End');
    await page.keyboard.press('Delete');
    await page.click('.graphiql-execute-button');
    const response = page.locator('.graphiql-response');
    await response.filter({ hasText: 'CASE-EDITED-VARIABLES' }).waitFor({ timeout: 30_000 }).catch(async (err: unknown) => {
      throw new Error(`${String(err)}\nresponse: ${await response.textContent()}\nvariables: ${await variables.textContent()}`);
    });
    await page.reload();
    await page.waitForSelector('.graphiql-execute-button');
    const stored = await browserStorage(page);
    expect(stored).not.toContain('CASE-EDITED-VARIABLES');
    expect(stored).not.toContain(marker);
    expect(stored).not.toMatch(/Bearer|eyJ|X-Purpose/);
    // The reloaded page starts from its examples, not from the edited tab.
    expect(await page.locator('.graphiql-editor-tool').textContent()).not.toContain('CASE-EDITED-VARIABLES');
  } finally {
    await context.close();
  }
});

it('in production: asks for a token, and says a token without schema:explore cannot load the schema', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const { page, requests, breaches } = await recordingPage(context);
  try {
    await page.goto(`${production.url}/`);
    await page.waitForSelector('input[name=token]');
    await page.waitForSelector('text=Enter a partner token to load the schema');
    await page.fill('input[name=token]', plainToken);
    await page.click('button[type=submit]');
    await page.waitForSelector('text=lacks the schema:explore scope', { timeout: 30_000 });
    // No development partners in production.
    expect(await page.$('select[name=partner]')).toBeNull();
    expect(foreign(requests, new URL(production.url).origin)).toEqual([]);
    expect(breaches).toEqual([]);
  } finally {
    await context.close();
  }
});

/** A code for `permitId` and `purpose` from the permit's city, as the holder's app gets one. */
async function presentedCode(permitId: string, purpose: string): Promise<string> {
  const parsed = parsePermitNumber(permitId);
  if (!parsed.ok) throw new Error(`an example presents a malformed number: ${permitId}`);
  const city = REGION_INFO[parsed.region].subgraph;
  const res = await fetch(`${system.subgraphs[city]!.baseUrl}/app/presentation-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEFAULTS.developmentOnlyAppClientToken}` },
    body: JSON.stringify({ permitId, purpose }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { code: string }).code;
}

/** The error codes of the README's answer to an example: the `json` block after its `graphql` block. */
function readmeErrorCodes(readme: string, block: string): string[] {
  const after = readme.slice(readme.indexOf(block) + block.length);
  const json = /^\s*```json\n([\s\S]*?)\n```/.exec(after)?.[1];
  if (json === undefined) throw new Error('no answer follows the example in the README');
  const body = JSON.parse(json) as { errors?: Array<{ extensions: { code: string } }> };
  return (body.errors ?? []).map((e) => e.extensions.code).sort();
}

it.each(API_EXAMPLES.map((e) => [exampleName(e), e] as const))('answers the %s tab for its purpose as the README shows', async (_name, example) => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  // A presented code's example: the holder's code, minted by the permit's city as `npm run code` asks it.
  const variables = example.presents ? { ...example.variables, code: await presentedCode(example.presents, example.purpose) } : example.variables;
  const res = await fetch(system.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await partnerHeaders(example.purpose)) },
    body: JSON.stringify({ query: example.query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: Array<{ extensions: { code: string } }> };
  expect(res.status).toBe(200);
  expect(body.data).toBeTruthy();
  expect((body.errors ?? []).map((e) => e.extensions.code).sort()).toEqual(readmeErrorCodes(readme, readmeBlock(example)));
});
