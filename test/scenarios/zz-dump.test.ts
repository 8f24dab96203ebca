import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { scenarioSpecs } from './families.js';
import { runScenario } from './run-scenario.js';
const want = (process.env.DUMP ?? '').split(',');
it('dump', () => {
  for (const w of want) {
    const [seed, id] = w.split(':');
    const spec = scenarioSpecs(Number(seed)).find((s) => s.id === id);
    if (!spec) continue;
    const s = runScenario(spec);
    writeFileSync(`/tmp/ws/s${seed}-${s.fileName}`, s.text);
    writeFileSync(`/tmp/ws/s${seed}-${spec.id}.truth.json`, JSON.stringify({ spec: s.spec }, null, 1));
  }
});
