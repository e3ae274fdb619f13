/** The bad values the fuzz puts into path segments, query parameters and JSON fields. */

/** Path segments and query values, already percent-encoded where a raw byte would not survive a URL. */
export const oddSegments = [
  '0',
  '-1',
  '2147483647',
  '2147483648',
  '9999999999',
  '99999999999999999999999999',
  '1e30',
  '1.5',
  'abc',
  '%00',
  'a%00b',
  // A lone surrogate (U+D800) written as UTF-8 bytes: not valid UTF-8.
  '%ED%A0%80',
  '%F0%9F%99%82%E4%B8%AD',
  '%FF%FE',
  '%20',
  '0x1F',
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(3000),
]

/** Query values: the segments above and a few dates and spellings a query parser meets. */
export const oddQueryValues = [
  ...oddSegments,
  '',
  '0001-01-01',
  '9999-12-31',
  '2023-02-30',
  '2026-13-01',
  '1970-01-01T00:00:00Z',
  '275760-09-13',
  '%',
  'true,false,%00',
  'NaN',
  'Infinity',
]

/** JSON values put in place of a field's value. */
export const oddJsonValues: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2147483648,
  1e30,
  -1e30,
  '',
  '   ',
  'abc',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\u202e\u0007\u001b[31m',
  '🙂中文',
  'x'.repeat(100_000),
  '0001-01-01',
  '9999-12-31',
  '2023-02-30',
  '2147483648',
  '-1',
  [],
  [null],
  ['a\u0000'],
  {},
  { $ne: 1 },
]

/** `depth` nested arrays around a zero, e.g. [[[0]]], as text (JSON.stringify would recurse). */
export const deepArray = (depth: number) => '['.repeat(depth) + '0' + ']'.repeat(depth)
/** `depth` nested objects {"a":{"a":…}}, as text. */
export const deepObject = (depth: number) => '{"a":'.repeat(depth) + '0' + '}'.repeat(depth)
