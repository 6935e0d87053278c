/** What `/config.js` sets before the app starts; see demo/spa/server.js. */
export interface DemoConfig {
  /** Kinde domain: the local issuer's URL or `https://<your-subdomain>.kinde.com`. */
  domain: string;
  clientId: string;
  /** The API's base URL. */
  apiUrl: string;
  /** The API's audience, as registered in Kinde. */
  audience: string;
  /** `local` when the demo runs its own issuer (shows the test users hint). */
  mode: 'local' | 'kinde';
}

declare global {
  interface Window {
    __DEMO_CONFIG__?: DemoConfig;
  }
}

export function readConfig(): DemoConfig {
  const config = window.__DEMO_CONFIG__;
  if (!config) {
    throw new Error(
      'Missing /config.js: serve the SPA with `npm run demo` (demo/spa/server.js), not a bare file server.',
    );
  }
  return config;
}
