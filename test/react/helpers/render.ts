import { renderHook } from '@testing-library/react';
import { vi } from 'vitest';

/** Renders `hook` outside any provider and returns what it threw (React's error log is silenced). */
export function catchRenderError(hook: () => unknown): unknown {
  const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    renderHook(hook);
  } catch (error) {
    return error;
  } finally {
    log.mockRestore();
  }
  throw new Error('expected the hook to throw');
}
