import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * The couplings lint fences (eslint.config.mjs): another package's `dist/` is reached
 * through common/apolloInternals.ts only, and production code (gateway/, common/,
 * subgraphs/) never imports mocks/ but through the city's registry adapters
 * (subgraphs/city/registries.ts). Each case lints one import as if written in a real file,
 * all in one ESLint run in a child process (jest's VM cannot load the ESM config).
 */

type Case = [filePath: string, text: string];

/** The `no-restricted-syntax` messages ESLint gives each case, in order. */
function lint(cases: Case[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const cases = JSON.parse(process.argv[1]);
    const eslint = new ESLint();
    const out = [];
    for (const [filePath, text] of cases) {
      const [result] = await eslint.lintText(text, { filePath });
      out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message));
    }
    process.stdout.write(JSON.stringify(out));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], { cwd: join(__dirname, '..'), encoding: 'utf8' });
  return JSON.parse(out) as string[][];
}

const DIST = "import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';\nexport const kind = GraphQLDataSourceRequestKind;\n";
const mocks = (path: string) => `import { createMockRegistry } from '${path}';\nexport const create = createMockRegistry;\n`;

it('refuses a dist/ import outside the adapter, in production code and in tests alike', () => {
  const [transport, test, adapter] = lint([
    ['gateway/transport/confirmedExistence.ts', DIST],
    ['test/localRouting.test.ts', DIST],
    ['common/apolloInternals.ts', DIST],
  ]);
  expect(transport).toEqual([expect.stringContaining('common/apolloInternals.ts')]);
  expect(test).toEqual([expect.stringContaining('common/apolloInternals.ts')]);
  expect(adapter).toEqual([]);
});

it('refuses a mocks/ import in production code, save the registry adapters', () => {
  const [runCity, hubConfig, subgraphEnv, registries, aTest, aMock] = lint([
    ['subgraphs/city/runCity.ts', mocks('../../mocks/mockRegistry')],
    ['subgraphs/interop/config.ts', mocks('../../mocks/mockRegistry')],
    ['subgraphs/subgraphEnv.ts', mocks('../mocks/mockRegistry')],
    ['subgraphs/city/registries.ts', mocks('../../mocks/mockRegistry')],
    ['subgraphs/city/__tests__/config.test.ts', mocks('../../../mocks/mockRegistry')],
    ['mocks/generate.ts', mocks('./mockRegistry')],
  ]);
  for (const production of [runCity, hubConfig, subgraphEnv]) expect(production).toEqual([expect.stringContaining('mocks/')]);
  expect(registries).toEqual([]);
  // Tests and the mocks themselves may use the mocks.
  expect(aTest).toEqual([]);
  expect(aMock).toEqual([]);
});
