import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, isErrorCode } from './errorCodes';

/**
 * Apollo Server `formatError` of every service: a documented code passes through
 * (with its Chinese and English messages filled in if missing); anything else is an
 * internal error whose message and stack never reach the client.
 */
export function formatError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  // Apollo re-codes validation errors GRAPHQL_VALIDATION_FAILED; a validation rule that
  // gave its error a documented code of its own (operation limits) keeps that code.
  const own = (error as { originalError?: { extensions?: { code?: unknown } } } | undefined)?.originalError?.extensions?.code;
  const code = isErrorCode(own) ? own : formatted.extensions?.code;
  if (isErrorCode(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    const doc = ERROR_CODES[code];
    return {
      ...formatted,
      extensions: { ...extensions, messageEn: doc.en, messageZh: doc.zh, code },
    };
  }
  const doc = ERROR_CODES.INTERNAL_ERROR;
  return {
    message: doc.en,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_ERROR', messageEn: doc.en, messageZh: doc.zh },
  };
}
