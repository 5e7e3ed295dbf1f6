import { GraphQLError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from './errorCodes';

/** Extra, code-specific facts a client may act on (never personal data). */
export type ErrorDetails = Record<string, string | number | boolean | null | string[]>;

/**
 * The one way to build an error a client sees: `message` in English, `extensions`
 * with `code`, both messages and the details. `detail` sharpens the English message
 * (e.g. which check failed) without replacing the documented text.
 */
export function yrdError(
  code: ErrorCode,
  details: ErrorDetails = {},
  options: { detail?: string; path?: ReadonlyArray<string | number>; wholeRequest?: boolean } = {},
): GraphQLError {
  const doc = ERROR_CODES[code];
  const message = options.detail ? `${doc.en} ${options.detail}` : doc.en;
  // `http` sets the status of a request that fails as a whole; Apollo Server reads it
  // and removes it from the response.
  const http = options.wholeRequest ? { http: { status: doc.httpStatus } } : {};
  return new GraphQLError(message, {
    path: options.path,
    // Details first: a detail named `code` or `messageEn` must not replace the documented one.
    extensions: { ...details, code, messageEn: doc.en, messageZh: doc.zh, ...http },
  });
}

/** The plain-object form of an error, for per-item `error` fields and HTTP bodies. */
export interface ItemError {
  code: ErrorCode;
  messageEn: string;
  messageZh: string;
}

export function itemError(code: ErrorCode): ItemError {
  const doc = ERROR_CODES[code];
  return { code, messageEn: doc.en, messageZh: doc.zh };
}
