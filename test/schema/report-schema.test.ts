// The public JSON contract: schema/report.schema.json validates the real output of every bundled
// fixture, for analyze, check and simulate, and rejects documents that break the stable paths.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { EXPLANATIONS, THROTTLE_LAYERS } from '../../src/attribute/vocabulary.js';
import { root } from '../helpers/run-bin.js';
import { runMain } from '../helpers/run-main.js';

const schema = JSON.parse(await readFile(join(root, 'schema/report.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

function problems(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

// Every log a user could run: the realistic logs, the secret fixtures and the bad inputs that still analyse.
async function fixtureFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const dir of ['logs', 'secrets', 'bad']) {
    for (const name of (await readdir(join(root, 'fixtures', dir))).sort()) out.push(`fixtures/${dir}/${name}`);
  }
  return out;
}

describe('schema/report.schema.json', () => {
  it('validates analyze --json of every bundled fixture that analyses (and 30 or more do)', async () => {
    let validated = 0;
    for (const file of await fixtureFiles()) {
      const zone = file.includes('legacy-spike-cdt') || file.includes('dst-chicago') || file.includes('no-zone');
      const result = await runMain([
        'analyze',
        join(root, file),
        '--json',
        ...(zone ? ['--tz', 'America/Chicago'] : []),
      ]);
      if (result.code === 2) continue;
      const document = JSON.parse(result.stdout);
      expect(problems(document), file).toEqual([]);
      expect(document.command).toBe('analyze');
      expect(document.kind).toBe('analysis');
      validated++;
    }
    expect(validated).toBeGreaterThanOrEqual(30);
  }, 120_000);

  it('validates check --json with its rules and simulate --json, told apart by kind and command', async () => {
    const log = join(root, 'fixtures/logs/sak-sleep5-thread89944.csv');
    const check = await runMain(['check', log, '--json', '--fail-on', 'spike', '--max-429-rate', '5']);
    expect(check.code).toBe(1);
    const checked = JSON.parse(check.stdout);
    expect(problems(checked)).toEqual([]);
    expect(checked.command).toBe('check');
    expect(checked.gate).toMatchObject({
      passed: false,
      rules: [{ rule: 'fail-on', matched: 2 }, { rule: 'max-429-rate' }],
    });
    const simulate = await runMain(['simulate', log, '--spacing', '2s', '--json']);
    expect(simulate.code).toBe(0);
    const simulated = JSON.parse(simulate.stdout);
    expect(problems(simulated)).toEqual([]);
    expect([simulated.kind, simulated.command]).toEqual(['simulation', 'simulate']);
    expect(simulated.tool).toEqual({ name: 'keap-throttle', version: checked.tool.version });
  }, 60_000);

  it('names the same layers and explanations as the code', () => {
    expect(schema.$defs.layer.enum).toEqual([...THROTTLE_LAYERS]);
    expect(schema.$defs.explanation.enum).toEqual([...EXPLANATIONS]);
  });

  it('rejects a document whose stable paths were renamed or retyped', async () => {
    const result = await runMain(['analyze', join(root, 'fixtures/logs/sak-sleep5-thread89944.csv'), '--json']);
    const good = JSON.parse(result.stdout);
    expect(problems(good)).toEqual([]);
    const renamed = structuredClone(good);
    renamed.throttling.attributions[0].limitLayer = renamed.throttling.attributions[0].layer;
    delete renamed.throttling.attributions[0].layer;
    expect(problems(renamed).join('\n')).toMatch(/attributions\/0.*layer/);
    const retyped = structuredClone(good);
    retyped.throttling.verdict.dataset.advice.minSpacingMs = '3000 ms';
    expect(problems(retyped).join('\n')).toMatch(/minSpacingMs/);
    const wrongLayer = structuredClone(good);
    wrongLayer.throttling.attributions[0].layer = 'per-second';
    expect(problems(wrongLayer)).not.toEqual([]);
  });
});
