import { createRequire } from 'node:module';

// Read at run time so the version is never duplicated; this file sits directly under src/ so the
// relative path resolves the same from dist/.
const require = createRequire(import.meta.url);

/** The package version from package.json. */
export const version: string = (require('../package.json') as { version: string }).version;
