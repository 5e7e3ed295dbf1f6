import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../common/errorCodes';
import { loadScenarios } from '../mocks/scenarios';
import { API_EXAMPLES, readmeBlock } from '../pages/shared/apiExamples';

/* The README is the contract: its tables must say what the code does. */

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The cells of the table rows under a `## heading` whose first cell matches `row`. */
function tableRows(heading: string, row: RegExp): string[][] {
  const section = readme.split(/^## /m).find((s) => s.startsWith(heading))!;
  return section
    .split('\n')
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()))
    .filter((cells) => cells.length > 1 && row.test(cells[0]!));
}

it('lists every error code with its HTTP status, and no other', () => {
  const rows = tableRows('Errors', /^`[A-Z_]+`$/).map(([code, status]) => [code!.replaceAll('`', ''), Number(status)]);
  expect(rows).toEqual(Object.entries(ERROR_CODES).map(([code, doc]) => [code, doc.httpStatus]));
});

it('lists every scenario permit with its number', () => {
  const rows = tableRows('Examples', /^[a-z]+(-[a-z0-9]+)+$/).map(([name, id]) => [name, id]);
  expect(rows).toEqual(loadScenarios().map((s) => [s.name, s.permitId]));
});

it('names start and test commands that exist', () => {
  expect(readme).toContain('npm install && npm start');
  expect(readme).toContain('npm test');
  for (const script of ['start', 'test', 'token', 'schema', 'audit:verify', 'start:gateway', 'start:anhui']) expect(scripts[script]).toBeDefined();
});

it('shows exactly the explorer\'s examples, in order (one source: pages/shared/apiExamples.ts)', () => {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Examples'))!;
  const blocks = [...section.matchAll(/^```graphql\n[\s\S]*?\n```$/gm)].map((m) => m[0]);
  expect(blocks).toEqual(API_EXAMPLES.map(readmeBlock));
});
