import { ERROR_CODES, isErrorCode, isRefusal, type ErrorCode } from '../errorCodes';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

describe('ERROR_CODES', () => {
  it.each(CODES)('names %s in upper snake case', (code) => {
    expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });

  it.each(CODES)('gives %s an HTTP error status', (code) => {
    const { httpStatus } = ERROR_CODES[code];
    expect(Number.isInteger(httpStatus) && httpStatus >= 400 && httpStatus <= 599).toBe(true);
  });

  it.each(CODES)('gives %s an English sentence and a Chinese one', (code) => {
    const { en, zh } = ERROR_CODES[code];
    expect(en).toMatch(/^[A-Z].*\.$/);
    expect(zh).toMatch(/[\u4e00-\u9fff].*。$/);
  });

  it.each<[ErrorCode, number]>([
    ['INVALID_PERMIT_NUMBER', 400],
    ['UNKNOWN_ISSUER', 400],
    ['PERMIT_NOT_FOUND', 404],
    ['REGION_UNAVAILABLE', 503],
    ['REGION_TIMEOUT', 504],
    ['PAYLOAD_TOO_LARGE', 413],
    ['INTERNAL_ERROR', 500],
  ])('answers %s with HTTP %i', (code, status) => {
    expect(ERROR_CODES[code].httpStatus).toBe(status);
  });
});

describe('isErrorCode', () => {
  it.each(CODES)('accepts %s', (code) => {
    expect(isErrorCode(code)).toBe(true);
  });

  it.each<unknown>(['invalid_permit_number', 'NOPE', '', 'toString', '__proto__', 'constructor', 'hasOwnProperty', null, undefined, 400, {}])(
    'refuses %p',
    (value) => {
      expect(isErrorCode(value)).toBe(false);
    },
  );
});

describe('isRefusal', () => {
  it.each<ErrorCode>([
    'UNAUTHENTICATED', 'SCOPE_NOT_GRANTED', 'PURPOSE_NOT_GRANTED', 'FIELD_NOT_PERMITTED', 'RATE_LIMITED',
    'QUERY_TOO_COMPLEX', 'INVALID_PERMIT_NUMBER', 'UNKNOWN_ISSUER', 'BATCH_TOO_LARGE', 'REQUEST_TOO_LARGE', 'BAD_USER_INPUT',
    'BAD_REQUEST', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED',
  ])('counts %s as the gateway refusing the request', (code) => {
    expect(isRefusal(code)).toBe(true);
  });

  it.each<string>(['PERMIT_NOT_FOUND', 'REGION_UNAVAILABLE', 'REGION_TIMEOUT', 'INTERNAL_ERROR', 'NOPE', 'toString'])(
    'does not count %s as a refusal',
    (code) => {
      expect(isRefusal(code)).toBe(false);
    },
  );
});
