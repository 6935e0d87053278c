import type { Input, KyInstance, Options } from 'ky';
import { ConfigurationError } from './errors.js';

const methods = ['get', 'post', 'put', 'patch', 'head', 'delete'] as const;

/**
 * Wraps a ky instance so that no call, `extend()` or `create()` can swap out the `fetch` that carries the
 * auth layer: that would send requests without a token and turn into a mysterious 401. A plain property
 * check per call; ky's own `init` hook would do the same but makes ky copy the options of every request.
 */
export function keepAuthLayer(instance: KyInstance, authFetch: unknown): KyInstance {
  const check = (options: Options | undefined) => {
    if (options?.fetch !== undefined && options.fetch !== authFetch) {
      throw new ConfigurationError(
        'Do not replace `fetch` on an API client (extend/per-call): it would send requests without the ' +
          'auth layer. Pass your fetch to createApiClient({ fetch }) instead.',
      );
    }
  };
  const client = Object.assign(
    (input: Input, options?: Options) => {
      check(options);
      return instance(input, options);
    },
    { stop: instance.stop, retry: instance.retry },
  ) as KyInstance;
  for (const method of methods) {
    client[method] = (input: Input, options?: Options) => {
      check(options);
      return instance[method](input, options);
    };
  }
  client.extend = (defaults) =>
    keepAuthLayer(
      instance.extend((parent) => {
        const next = typeof defaults === 'function' ? defaults(parent) : defaults;
        check(next);
        return next;
      }),
      authFetch,
    );
  client.create = () => {
    throw new ConfigurationError(
      '`create()` on an API client would start a new ky instance without the auth layer. Use `extend()` to ' +
        'derive a client, or createApiClient() for another API.',
    );
  };
  return client;
}
