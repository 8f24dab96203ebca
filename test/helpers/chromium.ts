import { existsSync } from 'node:fs';

// Debian's Chromium, driven by playwright-core (which downloads no browser); .ci/run installs it.
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM);

/** The flags every browser test runs with: headless, sandbox off for root, and no traffic of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
