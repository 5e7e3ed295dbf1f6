import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * ESLint reads our TypeScript with its types (parserOptions.projectService), so that a
 * promise nobody awaits, or one handed where a callback's result is ignored, fails
 * `npm run lint`: its rejection would go unhandled and end the process.
 */

const ROOT = join(__dirname, '..');
const ESLINT = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

const eslint = (args: readonly string[]): string => execFileSync(process.execPath, [ESLINT, ...args], { cwd: ROOT, encoding: 'utf8' });

describe('type-aware lint', () => {
  it.each(['gateway/main.ts', 'subgraphs/city/main.ts', 'scripts/start.ts', 'bench/compare.ts', 'pages/explorer/main.tsx'])(
    'checks %s for floating and misused promises, with its types',
    (file) => {
      const config = JSON.parse(eslint(['--print-config', file])) as {
        rules: Record<string, unknown>;
        languageOptions: { parserOptions?: { projectService?: unknown } };
      };
      expect(config.languageOptions.parserOptions?.projectService).toBe(true);
      expect(config.rules['@typescript-eslint/no-floating-promises']).toEqual([2]);
      expect(config.rules['@typescript-eslint/no-misused-promises']).toEqual([2]);
    },
  );

  it('passes on the files where it found floating or misused promises', () => {
    // Throws (and fails the test) on any error: eslint exits 1.
    expect(() => eslint(['--max-warnings', '0', 'scripts/start.ts', 'bench/peers/hiveGateway.ts', 'bench/peers/hivePeer.ts'])).not.toThrow();
  });
});
