import type { TokenSource } from '../../../src/index.js';

export const AUDIENCE = 'https://api.bookstore.test';

let serial = 0;

/** An unsigned JWT with the given claims. The client only reads `aud` and `exp`; the API would verify. */
export function makeJwt(claims: { aud?: unknown; exp?: number; [key: string]: unknown } = {}): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    aud: [AUDIENCE],
    exp: Math.floor(Date.now() / 1000) + 3600,
    jti: `t${++serial}`,
    sub: 'kp_test',
    ...claims,
  };
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(payload)}.c2lnbmF0dXJl`;
}

/**
 * A fake token source at the project's own boundary: it holds one current token and counts refreshes.
 * `refresh` decides what a forced renewal does (default: mint a fresh token).
 */
export interface FakeSource extends TokenSource {
  refreshes: number;
  gets: number;
  refresh: () => Promise<string | null | undefined>;
  current: string | null | undefined;
}

export function fakeSource(initial: string | null | undefined = makeJwt()): FakeSource {
  let current: string | null | undefined = initial;
  const source: FakeSource = {
    refreshes: 0,
    gets: 0,
    /** Resolves the refresh; replace to make it fail, hang or return stale tokens. */
    refresh: async (): Promise<string | null | undefined> => makeJwt(),
    get current() {
      return current;
    },
    set current(token: string | null | undefined) {
      current = token;
    },
    async getAccessToken() {
      source.gets++;
      return current;
    },
    async refreshAccessToken() {
      source.refreshes++;
      const next: string | null | undefined = await source.refresh();
      if (next) current = next;
      return next;
    },
  };
  return source;
}

/** A promise with its resolve exposed, to hold a refresh open while requests pile up. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
