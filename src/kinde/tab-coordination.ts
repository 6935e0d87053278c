const LOCK_NAME = 'kinde-api-client:renew';
const POLL_MS = 25;

/** How long a tab that queued behind another tab's renewal waits for pkce-js to share the new token. */
export const SHARED_TOKEN_WAIT_MS = 3000;

/**
 * Coordinates renewals between the tabs of one origin, on top of pkce-js.
 *
 * pkce-js de-duplicates refreshes across tabs only while they overlap: its Web Lock is taken `ifAvailable`,
 * so a tab that asks just after another finished refreshes a second time (the two-tab end-to-end test saw
 * it about once in five runs under load), and a tab that finds the lock busy waits up to 10 s for a
 * broadcast it can miss. Here renewals take turns under a waiting Web Lock; a tab that had to queue knows
 * another renewal just ran and first waits for pkce-js to share its token (the lock carries no data, and
 * localStorage reaches other tabs too late to tell).
 */
export function createTabCoordination(readToken: () => Promise<string | undefined>) {
  return {
    /**
     * Runs `renew` under the origin-wide lock (directly where the browser has no Web Locks). `queued` tells it
     * whether it had to wait for another renewal first.
     */
    async exclusive<T>(renew: (queued: boolean) => Promise<T>): Promise<T> {
      const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
      if (!locks) return renew(false);
      let ran = false;
      let result: T | undefined;
      await locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
        if (!lock) return;
        ran = true;
        result = await renew(false);
      });
      if (ran) return result as T;
      return await locks.request(LOCK_NAME, () => renew(true));
    },

    /**
     * Resolves with a token other than `failed` as soon as this tab's client holds one, or `undefined` once
     * `until` settles.
     */
    async arrival(failed: string | undefined, until: Promise<unknown>): Promise<string | undefined> {
      let settled = false;
      const done = until.then(
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
        await Promise.race([delay(POLL_MS), done]);
      }
      return undefined;
    },
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
