import { describe, expect, it } from 'vitest';
import { isRenewableRejection, parseBearerChallenge } from '../../src/www-authenticate.js';

describe('parseBearerChallenge', () => {
  it('reads error, error_description and scope of a Bearer challenge', () => {
    expect(
      parseBearerChallenge(
        'Bearer realm="api", error="insufficient_scope", error_description="needs \\"create\\"", scope="a b"',
      ),
    ).toEqual({ error: 'insufficient_scope', errorDescription: 'needs "create"', scope: ['a', 'b'] });
  });

  it('accepts token (unquoted) values and any case of the scheme', () => {
    expect(parseBearerChallenge('bearer error=invalid_token')).toEqual({ error: 'invalid_token', scope: [] });
  });

  it('finds Bearer among several challenges and stops at the next scheme', () => {
    expect(parseBearerChallenge('Basic realm="x", Bearer error="invalid_token", DPoP algs="ES256"')).toEqual({
      error: 'invalid_token',
      scope: [],
    });
  });

  it('returns undefined without a Bearer challenge', () => {
    expect(parseBearerChallenge(null)).toBeUndefined();
    expect(parseBearerChallenge('Basic realm="admin"')).toBeUndefined();
    expect(parseBearerChallenge('BearerX error="invalid_token"')).toBeUndefined();
  });
});

describe('isRenewableRejection', () => {
  it.each([
    [null, true],
    ['Bearer', true],
    ['Bearer realm="api"', true],
    ['Bearer error="invalid_token"', true],
    ['Bearer error="invalid_request"', false],
    ['Bearer error="insufficient_scope"', false],
    ['Basic realm="admin"', false],
  ])('%s → %s', (header, expected) => {
    expect(isRenewableRejection(header)).toBe(expected);
  });
});
