import { formatPermitNumber } from '../permitNumber';
import { formatResidentId } from '../residentId';
import { holdsPersonalNumber, saneRequestId } from '../referenceIds';

const RESIDENT_ID = formatResidentId('320508', '1979-11-30', 42);
const PERMIT = formatPermitNumber('310115', 2022, 1018);

describe('holdsPersonalNumber', () => {
  it.each([
    ['a resident ID number', RESIDENT_ID],
    ['one inside a reference', `officer-${RESIDENT_ID}`],
    ['one split by separators', `${RESIDENT_ID.slice(0, 6)}-${RESIDENT_ID.slice(6, 14)}.${RESIDENT_ID.slice(14)}`],
    ['a permit number', PERMIT],
    ['one with a lower-case check character', formatPermitNumber('340104', 2021, 4014).toLowerCase()],
    ['a permit number of an unconnected issuer', formatPermitNumber('110101', 2024, 5017)],
    ['one split by slashes and colons', `case:${PERMIT.slice(0, 10)}/${PERMIT.slice(10)}`],
  ])('finds %s', (_what, value) => {
    expect(holdsPersonalNumber(value)).toBe(true);
  });

  it.each([
    ['a case reference', 'ADM-2026-0042'],
    ['an officer reference', 'sz-officer-17'],
    ['a UUID', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['18 digits whose check character is wrong', RESIDENT_ID.slice(0, 17) + (RESIDENT_ID.endsWith('0') ? '1' : '0')],
    ['a date and a short serial', '2026-12-07-000123'],
  ])('lets %s pass', (_what, value) => {
    expect(holdsPersonalNumber(value)).toBe(false);
  });
});

describe('saneRequestId', () => {
  it('keeps a request id in format, and drops one out of format or holding a personal number', () => {
    expect(saneRequestId('req-2026.12_07')).toBe('req-2026.12_07');
    expect(saneRequestId('a b')).toBeUndefined();
    expect(saneRequestId('x'.repeat(65))).toBeUndefined();
    expect(saneRequestId(`req-${PERMIT}`)).toBeUndefined();
    expect(saneRequestId(undefined)).toBeUndefined();
  });
});
