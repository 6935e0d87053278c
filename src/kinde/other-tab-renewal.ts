import { readClaims } from '../jwt.js';

const MARKER_KEY = 'kinde-api-client:renewed';
const LOCK_NAME = 'kinde-api-client:renew';
const WAIT_MS = 3000;
const POLL_MS = 25;

interface Marker {
  /** The tab that renewed. */
  tab: string;
  /** When it renewed (ms since epoch). */
  at: number;
  /** `jti` of the access token it got. Not secret: it identifies the token without granting anything. */
  jti: string | undefined;
}

/**
 * pkce-js de-duplicates refreshes across tabs only while one is running: its lock is `ifAvailable`, and a tab
 * that asks just after another tab finished refreshes again (seen in the two-tab end-to-end test, about one
 * run in five under load). Here renewals take turns under a waiting Web Lock, each records itself in
 * localStorage, and a tab about to renew a token older than another tab's renewal waits briefly for pkce-js's
 * broadcast of the new tokens instead of refreshing a second time.
 */
export function createOtherTabRenewal(readToken: () => Promise<string | undefined>) {
  const tab = Math.random().toString(36).slice(2);

  return {
    /**
     * Runs `renew` while holding a Web Lock shared by this origin's tabs (where the browser has them), so a
     * tab that asks while another renews waits, then finds that tab's marker.
     */
    async exclusive<T>(renew: () => Promise<T>): Promise<T> {
      const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
      return locks ? await locks.request(LOCK_NAME, renew) : await renew();
    },

    /** Call after this tab renewed successfully (inside `exclusive`). */
    record(token: string | undefined): void {
      const marker: Marker = { tab, at: Date.now(), jti: token ? jtiOf(token) : undefined };
      try {
        localStorage.setItem(MARKER_KEY, JSON.stringify(marker));
      } catch {
        // storage unavailable (private mode, quota): tabs then renew on their own
      }
    },

    /**
     * The token another tab obtained after `failed` was issued, once pkce-js has shared it with this tab;
     * `undefined` when no other tab renewed since, or its tokens did not arrive in time.
     */
    async newerThan(failed: string | undefined): Promise<string | undefined> {
      if (!failed) return undefined;
      const marker = readMarker();
      const issuedAt = readClaims(failed)?.iat;
      if (!marker || marker.tab === tab || marker.jti === jtiOf(failed)) return undefined;
      if (typeof issuedAt !== 'number' || marker.at < issuedAt * 1000) return undefined;
      return arrival(failed, delay(WAIT_MS));
    },

    /**
     * Resolves with a token other than `failed` as soon as this tab's client holds one, or `undefined` once
     * `until` settles. Raced against pkce-js's own refresh: when its lock is busy it waits up to 10 s for the
     * other tab's broadcast, and misses one that lands just before it starts listening, although the tokens
     * themselves were applied.
     */
    arrival,
  };

  async function arrival(failed: string | undefined, until: Promise<unknown>): Promise<string | undefined> {
    let settled = false;
    void until.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    while (!settled) {
      const current = await readToken();
      if (current && current !== failed) return current;
      await Promise.race([delay(POLL_MS), until.catch(() => undefined)]);
    }
    return undefined;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function jtiOf(token: string): string | undefined {
  const jti = readClaims(token)?.jti;
  return typeof jti === 'string' ? jti : undefined;
}

function readMarker(): Marker | undefined {
  try {
    const raw = localStorage.getItem(MARKER_KEY);
    const marker: unknown = raw ? JSON.parse(raw) : undefined;
    return typeof marker === 'object' && marker !== null && typeof (marker as Marker).at === 'number'
      ? (marker as Marker)
      : undefined;
  } catch {
    return undefined;
  }
}
