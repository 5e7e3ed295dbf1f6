import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonFile } from '../readJsonFile';

const dir = mkdtempSync(join(tmpdir(), 'read-json-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function errorOf(read: () => unknown): Error {
  try {
    read();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('readJsonFile', () => {
  it('hands the parsed JSON to parse and returns its result', () => {
    const file = write('ok.json', '{"n": 2}');
    expect(readJsonFile(file, 'numbers', (json) => (json as { n: number }).n * 10)).toBe(20);
  });

  it('names what and the file when the file is missing', () => {
    const file = join(dir, 'missing.json');
    expect(() => readJsonFile(file, 'numbers', (json) => json)).toThrow(`Cannot read numbers from ${file}: ENOENT`);
  });

  it('names what and the file when the file is not JSON, keeping the cause', () => {
    const file = write('broken.json', '{ not json');
    const error = errorOf(() => readJsonFile(file, 'numbers', (json) => json));
    expect(error.message.startsWith(`Cannot read numbers from ${file}: `)).toBe(true);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('prefixes an error of parse with the file, keeping the cause', () => {
    const file = write('invalid.json', '[]');
    const invalid = new Error('Invalid numbers (1 problem):\n  n: missing');
    const error = errorOf(() =>
      readJsonFile(file, 'numbers', () => {
        throw invalid;
      }),
    );
    expect(error.message).toBe(`${file}: Invalid numbers (1 problem):\n  n: missing`);
    expect(error.cause).toBe(invalid);
  });
});
