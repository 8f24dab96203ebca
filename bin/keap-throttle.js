#!/usr/bin/env node
// Plain JS that any Node can parse, so an old Node gets a clear message instead of a syntax error.
var major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write('keap-throttle: error: Node.js 20 or newer is required (this is ' + process.version + ')\n');
  process.exit(2);
}
import('../dist/cli/run.js');
