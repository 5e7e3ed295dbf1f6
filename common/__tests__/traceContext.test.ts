import { parseTraceparent, traceIdFrom, traceIdOf, traceparentOf } from '../traceContext';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

it('reads a well-formed traceparent into a remote span context, and writes it back unchanged', () => {
  const parsed = parseTraceparent(`00-${TRACE}-${SPAN}-01`);
  expect(parsed).toEqual({ traceId: TRACE, spanId: SPAN, traceFlags: 1, isRemote: true });
  expect(traceparentOf(parsed!)).toBe(`00-${TRACE}-${SPAN}-01`);
});

it.each([
  ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
  ['all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
  ['unknown version', `01-${TRACE}-${SPAN}-01`],
  ['upper-case hex', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
  ['trailing junk', `00-${TRACE}-${SPAN}-01"}`],
  ['nothing', undefined],
])('ignores a traceparent with %s', (_why, header) => {
  expect(parseTraceparent(header)).toBeUndefined();
  expect(traceIdFrom(header)).toBeUndefined();
});

it('derives the same 32-hex-digit trace id from the same request id, and different ones from different ids', () => {
  expect(traceIdOf('req-1')).toMatch(/^[0-9a-f]{32}$/);
  expect(traceIdOf('req-1')).toBe(traceIdOf('req-1'));
  expect(traceIdOf('req-1')).not.toBe(traceIdOf('req-2'));
});
