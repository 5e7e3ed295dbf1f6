import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { DEFAULTS, SUBGRAPH_NAMES } from '../common/defaults';
import { subgraphUrlVariable } from '../gateway/config';
import { scenarioByName } from '../mocks/scenarios';
import { mintDevToken } from '../scripts/token';
import { launchBrowser } from './support/browser';
import { startService, type ServiceProcess } from './support/processes';
import { startAll } from './support/system';

// pngjs (a dev dependency; qrcode writes its PNGs with it) has no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as { PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } } };

/*
 * The counter page /verify in headless Chromium: a Suzhou school scans a Shanghai
 * holder's code from a photo, then from the (fake) camera, and sees the decision; the
 * same code scanned again shows "already used".
 */

let subgraphs: ServiceProcess[] = [];
let gateway: ServiceProcess;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yrd-verify-page-'));
  subgraphs = await startAll(SUBGRAPH_NAMES.map((name) => startService(name, { MOCK_SIZE: '300' })));
  gateway = await startService('gateway', {
    SCHEMA_DIR: 'dist/schemas',
    CACHE_TTL_SECONDS: '0',
    ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
  });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all([gateway?.stop(), ...subgraphs.map((s) => s.stop())]);
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh SCHOOLING code for the Shanghai family, from its city, as a PNG file. */
async function codePng(name: string): Promise<{ code: string; file: string }> {
  const shanghai = subgraphs.find((s) => s.name === 'shanghai')!;
  const res = await fetch(`${shanghai.baseUrl}/app/presentation-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEFAULTS.developmentOnlyAppClientToken}` },
    body: JSON.stringify({ permitId: scenarioByName('sh-family-valid').permitId, purpose: 'SCHOOLING' }),
  });
  const { code } = (await res.json()) as { code: string };
  const file = join(dir, `${name}.png`);
  await QRCode.toFile(file, code, { errorCorrectionLevel: 'M', margin: 4, scale: 6 });
  return { code, file };
}

/** Opens /verify as the Suzhou school, with a typed token (production's way; works without /dev/partners). */
async function openCounter(on: Browser): Promise<Page> {
  const page = await on.newPage({ viewport: { width: 1000, height: 900 } });
  await page.goto(`${gateway.baseUrl}/verify`);
  await page.locator('body[data-ready="true"]').waitFor();
  const token = await mintDevToken({ partnerId: 'sz-school' });
  // The development partners list, once the gateway offers it, replaces the token field.
  if (await page.locator('#token').isVisible()) await page.fill('#token', token);
  else await page.selectOption('#partner', 'sz-school');
  await page.selectOption('#purpose', 'SCHOOLING');
  await page.selectOption('#host', 'SUZHOU');
  await page.fill('#case', 'ADM-2026-0142');
  await page.fill('#officer', 'officer-17');
  return page;
}

describe('/verify', () => {
  it('scans a photo of the code, shows the decision, and "already used" on a second scan', async () => {
    browser = await launchBrowser();
    const page = await openCounter(browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const { file } = await codePng('photo');
    await page.setInputFiles('#file', file);
    await page.locator('#outcome.RECOGNISED').waitFor({ timeout: 20_000 });
    expect(await page.textContent('#verdict')).toBe('认可');
    expect(await page.textContent('#verdict-en')).toBe('Recognised');
    expect(await page.textContent('#fields')).toContain(scenarioByName('sh-family-valid').permitId);
    await page.screenshot({ path: 'docs/verify.png' });

    await page.setInputFiles('#file', file);
    await page.locator('#outcome.REFUSED').waitFor({ timeout: 20_000 });
    expect(await page.textContent('#verdict-en')).toMatch(/already used/i);
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
  });

  it('scans the code from the camera (Chromium fake camera fed the QR image)', async () => {
    const { file } = await codePng('camera');
    const video = join(dir, 'camera.y4m');
    writeFileSync(video, y4mOf(readFileSync(file)));
    const cameraBrowser = await launchBrowser([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ]);
    try {
      const page = await openCounter(cameraBrowser);
      await page.click('#camera');
      await page.locator('#outcome.RECOGNISED').waitFor({ timeout: 30_000 });
      expect(await page.textContent('#verdict')).toBe('认可');
    } finally {
      await cameraBrowser.close();
    }
  });
});

/**
 * A one-frame Y4M video (4:2:0) of a PNG on a white square canvas, the format Chromium's
 * fake camera reads: luma from the pixels, neutral chroma (the QR code is black and white).
 */
function y4mOf(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  const side = Math.ceil(Math.max(image.width, image.height) / 2) * 2 + 40;
  const y = Buffer.alloc(side * side, 235);
  const off = 20;
  for (let row = 0; row < image.height; row++) {
    for (let col = 0; col < image.width; col++) {
      const i = (row * image.width + col) * 4;
      const luma = 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
      y[(row + off) * side + col + off] = Math.round(16 + (luma * 219) / 255);
    }
  }
  const chroma = Buffer.alloc((side / 2) * (side / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${side} H${side} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma]);
}
