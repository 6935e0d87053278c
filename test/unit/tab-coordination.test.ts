// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTabCoordination, delay } from '../../src/kinde/tab-coordination.js';
import { installFakeLocks } from './helpers/fake-locks.js';
import { deferred, makeJwt } from './helpers/tokens.js';

describe('exclusive', () => {
  it('runs the renewal directly where the browser has no Web Locks', async () => {
    const tabs = createTabCoordination(async () => undefined);
    await expect(tabs.exclusive(async (queued) => `queued=${queued}`)).resolves.toBe('queued=false');
    await expect(tabs.exclusive(async () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
  });

  describe('with Web Locks', () => {
    let uninstall: () => void;
    beforeEach(() => {
      uninstall = installFakeLocks();
    });
    afterEach(() => uninstall());

    it('lets renewals take turns, and tells the one that had to wait', async () => {
      const first = createTabCoordination(async () => undefined);
      const second = createTabCoordination(async () => undefined); // another tab
      const release = deferred<void>();
      const order: string[] = [];
      const a = first.exclusive(async (queued) => {
        order.push(`first start queued=${queued}`);
        await release.promise;
        order.push('first end');
      });
      const b = second.exclusive(async (queued) => {
        order.push(`second start queued=${queued}`);
      });
      await delay(20);
      expect(order).toEqual(['first start queued=false']);
      release.resolve();
      await Promise.all([a, b]);
      expect(order).toEqual(['first start queued=false', 'first end', 'second start queued=true']);
    });

    it('passes results and errors through', async () => {
      const tabs = createTabCoordination(async () => undefined);
      await expect(tabs.exclusive(async () => 'token')).resolves.toBe('token');
      await expect(tabs.exclusive(async () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
      await expect(tabs.exclusive(async () => 'again')).resolves.toBe('again');
    });
  });
});

describe('arrival', () => {
  it('yields a token other than the failed one as soon as this tab holds it', async () => {
    const failed = makeJwt();
    const renewed = makeJwt();
    let current = failed;
    const tabs = createTabCoordination(async () => current);
    const arriving = tabs.arrival(failed, new Promise(() => {}));
    setTimeout(() => {
      current = renewed;
    }, 60);
    await expect(arriving).resolves.toBe(renewed);
  });

  it('gives up when what it races settles, fulfilled or rejected', async () => {
    const failed = makeJwt();
    const tabs = createTabCoordination(async () => failed);
    await expect(tabs.arrival(failed, delay(60))).resolves.toBeUndefined();
    await expect(
      tabs.arrival(
        failed,
        delay(30).then(() => Promise.reject(new Error('x'))),
      ),
    ).resolves.toBeUndefined();
  });
});
