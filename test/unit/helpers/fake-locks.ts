/**
 * A stand-in for the Web Locks API (`navigator.locks`), which jsdom lacks: one exclusive lock per name,
 * `ifAvailable` answered with `null` while held. The real API runs in Chromium in the e2e tests.
 */
export function installFakeLocks() {
  const held = new Set<string>();
  const waiting = new Map<string, Array<() => void>>();
  const locks = {
    async request(
      name: string,
      optionsOrCallback: { ifAvailable?: boolean } | ((lock: unknown) => unknown),
      maybeCallback?: (lock: unknown) => unknown,
    ) {
      const [options, callback] =
        typeof optionsOrCallback === 'function'
          ? [{}, optionsOrCallback]
          : [optionsOrCallback, maybeCallback];
      if (!callback) throw new TypeError('callback required');
      if (held.has(name) && options.ifAvailable) return callback(null);
      while (held.has(name)) {
        await new Promise<void>((resolve) => waiting.set(name, [...(waiting.get(name) ?? []), resolve]));
      }
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
        waiting.get(name)?.shift()?.();
      }
    },
  };
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
  return () => {
    Reflect.deleteProperty(navigator, 'locks');
  };
}
