#!/usr/bin/env node
// @ts-check
// Runs the local issuer on its own: `node demo/issuer/cli.js --port 4000 [--ttl 60] [--test-controls]`.
import { parseArgs } from 'node:util';
import { startIssuer } from './issuer.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    ttl: { type: 'string', default: '3600' },
    'test-controls': { type: 'boolean', default: false },
    'auto-approve': { type: 'string' },
  },
});

const issuer = await startIssuer({
  port: Number(values.port),
  host: values.host,
  accessTokenTtl: Number(values.ttl),
  testControls: values['test-controls'],
  autoApprove: values['auto-approve'] ?? false,
});
console.log(`Local Kinde-compatible issuer on ${issuer.url}`);

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    void issuer.close().then(() => process.exit(0));
  });
}
