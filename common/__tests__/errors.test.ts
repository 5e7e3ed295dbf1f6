import { GraphQLError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from '../errorCodes';
import { itemError, yrdError } from '../errors';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

describe('yrdError', () => {
  it('builds a GraphQLError with the code and both documented messages', () => {
    const error = yrdError('INVALID_PERMIT_NUMBER');
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe(ERROR_CODES.INVALID_PERMIT_NUMBER.en);
    expect(error.extensions).toEqual({
      code: 'INVALID_PERMIT_NUMBER',
      messageEn: 'The permit number is malformed or its check character is wrong.',
      messageZh: '居住证号码格式错误或校验码不正确。',
    });
  });

  it.each(CODES)('builds %s with its own messages', (code) => {
    expect(yrdError(code).extensions).toEqual({
      code,
      messageEn: ERROR_CODES[code].en,
      messageZh: ERROR_CODES[code].zh,
    });
  });

  it('adds the details to the extensions', () => {
    const error = yrdError('UNKNOWN_ISSUER', { adminCode: '110101', retryable: false, regions: ['SHANGHAI'] });
    expect(error.extensions).toMatchObject({ code: 'UNKNOWN_ISSUER', adminCode: '110101', retryable: false, regions: ['SHANGHAI'] });
  });

  it('never lets a detail replace the code or the documented messages', () => {
    const error = yrdError('PERMIT_NOT_FOUND', { code: 'INTERNAL_ERROR', messageEn: 'x', messageZh: 'y' });
    expect(error.extensions).toEqual({
      code: 'PERMIT_NOT_FOUND',
      messageEn: ERROR_CODES.PERMIT_NOT_FOUND.en,
      messageZh: ERROR_CODES.PERMIT_NOT_FOUND.zh,
    });
  });

  it('appends the detail to the English message but keeps messageEn as documented', () => {
    const error = yrdError('PERMIT_NOT_FOUND', {}, { detail: '(3101152024000123452)' });
    expect(error.message).toBe(`${ERROR_CODES.PERMIT_NOT_FOUND.en} (3101152024000123452)`);
    expect(error.extensions.messageEn).toBe(ERROR_CODES.PERMIT_NOT_FOUND.en);
  });

  it('sets the path when given one', () => {
    expect(yrdError('REGION_TIMEOUT', {}, { path: ['permits', 3, 'status'] }).path).toEqual(['permits', 3, 'status']);
  });

  it('leaves the path unset when given none', () => {
    expect(yrdError('REGION_TIMEOUT').path).toBeUndefined();
  });

  it('sets the HTTP status of the code when the error fails the whole request', () => {
    const error = yrdError('INVALID_PERMIT_NUMBER', {}, { wholeRequest: true });
    expect(error.extensions.http).toEqual({ status: 400 });
  });

  it('sets no HTTP status for an error of one field or item', () => {
    expect(yrdError('REGION_UNAVAILABLE').extensions).not.toHaveProperty('http');
  });

  it('serialises to the shape a client receives', () => {
    expect(yrdError('BATCH_TOO_LARGE', { max: 500 }).toJSON()).toEqual({
      message: ERROR_CODES.BATCH_TOO_LARGE.en,
      extensions: {
        code: 'BATCH_TOO_LARGE',
        messageEn: ERROR_CODES.BATCH_TOO_LARGE.en,
        messageZh: ERROR_CODES.BATCH_TOO_LARGE.zh,
        max: 500,
      },
    });
  });
});

describe('itemError', () => {
  it.each(CODES)('gives %s as a plain object with both messages', (code) => {
    expect(itemError(code)).toEqual({ code, messageEn: ERROR_CODES[code].en, messageZh: ERROR_CODES[code].zh });
  });

  it('matches the extensions of the GraphQLError for the same code', () => {
    expect(itemError('REGION_UNAVAILABLE')).toEqual(yrdError('REGION_UNAVAILABLE').extensions);
  });
});
