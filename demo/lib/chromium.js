// @ts-check
import { chromium } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`; `CHROMIUM_PATH` overrides), headless, with no background
 * traffic: the test machines have no network, and Chromium's own update and sync calls would only fail.
 * Playwright gives every launch a fresh temporary profile.
 */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
