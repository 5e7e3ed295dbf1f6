import { readFileSync } from 'node:fs';

/**
 * Reads a JSON file and hands its contents to `parse`, naming the file in every error:
 * a missing or unreadable file, or one that is not JSON, throws
 * `Cannot read <what> from <file>: <reason>`; an error thrown by `parse` is rethrown as
 * `<file>: <its message>`. The original error is kept as `cause`.
 *
 * @param file - path of the file, read as UTF-8
 * @param what - what the file holds, for the message, e.g. `trust registry`
 * @param parse - validates the parsed JSON; throws on invalid contents
 */
export function readJsonFile<T>(file: string, what: string, parse: (json: unknown) => T): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${what} from ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parse(json);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
}
