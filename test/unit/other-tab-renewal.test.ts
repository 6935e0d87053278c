// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createOtherTabRenewal } from '../../src/kinde/other-tab-renewal.js';
import { makeJwt } from './helpers/tokens.js';

const now = () => Math.floor(Date.now() / 1000);

/** Another tab: its own instance over the same localStorage. */
function tabs(readToken: () => Promise<string | undefined>) {
  return { mine: createOtherTabRenewal(readToken), other: createOtherTabRenewal(readToken) };
}

beforeEach(() => localStorage.clear());

describe('newerThan: waiting for another tab’s renewal instead of refreshing again', () => {
  it('returns the token another tab renewed after ours was issued, once it reaches this tab', async () => {
    const failed = makeJwt({ iat: now() - 60 });
    const renewed = makeJwt();
    let reads = 0;
    const { mine, other } = tabs(async () => (++reads < 3 ? failed : renewed));
    other.record(renewed);
    await expect(mine.newerThan(failed)).resolves.toBe(renewed);
    expect(reads).toBe(3);
  });

  it.each([
    ['no tab renewed', () => {}],
    ['only this tab renewed', (t: ReturnType<typeof tabs>) => t.mine.record(makeJwt())],
  ])('does not wait when %s', async (_label, setup) => {
    const failed = makeJwt({ iat: now() - 60 });
    let reads = 0;
    const t = tabs(async () => {
      reads++;
      return failed;
    });
    setup(t);
    await expect(t.mine.newerThan(failed)).resolves.toBeUndefined();
    expect(reads).toBe(0);
  });

  it('does not wait when the other tab’s renewal is the token that failed, or older than it', async () => {
    const older = makeJwt();
    const failed = makeJwt({ iat: now() + 60 });
    const { mine, other } = tabs(async () => failed);
    other.record(older);
    await expect(mine.newerThan(failed)).resolves.toBeUndefined();
    other.record(failed);
    await expect(
      mine.newerThan(makeJwt({ iat: now() - 60, jti: JSON.parse(atob(failed.split('.')[1] ?? '')).jti })),
    ).resolves.toBeUndefined();
  });
});

describe('arrival', () => {
  it('yields a token other than the failed one as soon as this tab holds it', async () => {
    const failed = makeJwt();
    const renewed = makeJwt();
    let current = failed;
    const { mine } = tabs(async () => current);
    const never = new Promise(() => {});
    const arriving = mine.arrival(failed, never);
    setTimeout(() => {
      current = renewed;
    }, 60);
    await expect(arriving).resolves.toBe(renewed);
  });

  it('gives up when the refresh it races settles', async () => {
    const failed = makeJwt();
    const { mine } = tabs(async () => failed);
    await expect(
      mine.arrival(failed, new Promise((resolve) => setTimeout(resolve, 60))),
    ).resolves.toBeUndefined();
  });
});

describe('exclusive', () => {
  it('runs the renewal (without Web Locks it runs directly) and passes its result and errors through', async () => {
    const { mine } = tabs(async () => undefined);
    await expect(mine.exclusive(async () => 'token')).resolves.toBe('token');
    await expect(mine.exclusive(async () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
  });
});
