import { describe, expect, it } from 'vitest';
import { audienceOf, isExpired, readClaims } from '../../src/jwt.js';
import { makeJwt } from './helpers/tokens.js';

describe('readClaims', () => {
  it('decodes a JWT payload, including non-ASCII claims', () => {
    const token = makeJwt({ aud: ['x'], exp: 100, name: 'Zoë 📚' });
    expect(readClaims(token)).toMatchObject({ aud: ['x'], exp: 100, name: 'Zoë 📚' });
  });

  it.each(['opaque', 'a.b', 'a.!!!.c', `x.${Buffer.from('"str"').toString('base64url')}.y`, 'a..c'])(
    'returns undefined for a token that is not a JWT with an object payload: %s',
    (token) => {
      expect(readClaims(token)).toBeUndefined();
    },
  );
});

describe('audienceOf', () => {
  it('normalises string, array and missing aud', () => {
    expect(audienceOf({ aud: 'a' })).toEqual(['a']);
    expect(audienceOf({ aud: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(audienceOf({})).toEqual([]);
  });
});

describe('isExpired', () => {
  it('counts the leeway and ignores tokens without exp', () => {
    expect(isExpired({ exp: 100 }, 95_000, 10)).toBe(true);
    expect(isExpired({ exp: 100 }, 89_000, 10)).toBe(false);
    expect(isExpired({}, Date.now(), 10)).toBe(false);
    expect(isExpired(undefined, Date.now(), 10)).toBe(false);
  });
});
