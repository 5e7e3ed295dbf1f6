import { readPresentationCode } from '../../common/presentationCode';

/**
 * The permit number a presentation code names (its `sub`), read WITHOUT checking the
 * signature — the hub verifies the code — or undefined when `code` is not a readable
 * code. The request names that permit whether or not the code proves genuine, as a lookup
 * names its permit whether or not it exists: the audit, the cost and the guards count it.
 */
export function presentedPermit(code: unknown): string | undefined {
  return typeof code === 'string' ? readPresentationCode(code)?.permitId : undefined;
}
