import { it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { sniffInput } from '../../src/read/read-input.js';
import { generateScenarios } from '../scenarios/families.js';

it('one', async () => {
  const ids = (process.env['IDS'] ?? '').split(',');
  for (const scenario of generateScenarios().filter((s) => ids.includes(s.spec.id))) {
    async function* chunks() {
      yield Buffer.from(scenario.text);
    }
    const input = await sniffInput({
      name: scenario.fileName,
      stream: chunks(),
      extension: scenario.fileName.split('.').pop() ?? '',
    });
    const report = await analyze([input], { zone: null });
    const t = report.throttling;
    console.log(scenario.spec.id, JSON.stringify(scenario.spec).slice(0, 600));
    console.log('setting', JSON.stringify(t.spike.setting));
    console.log(
      'top cells',
      JSON.stringify(
        t.spike.fit?.cells
          .slice(0, 6)
          .map((c) => [c.rate, c.processors, c.posterior.toFixed(3), c.logLikelihood.toFixed(1)]),
      ),
    );
    console.log(
      'fit',
      t.spike.fit?.accepted,
      t.spike.fit?.rejected,
      JSON.stringify(t.spike.fit?.keys.map((k) => [k.key, k.accepted, k.rejected])),
    );
    const truth = scenario.truth;
    let shown = 0;
    for (const a of t.attributions) {
      const tr = (truth.rows as any[]).find((r: any) => r.line === a.source.line);
      const label = tr ? `${tr.truth?.layer ?? tr.layer}/${tr.truth?.explanation ?? tr.explanation}` : '?';
      if (
        tr &&
        ((tr.truth?.layer ?? tr.layer) !== a.layer || (tr.truth?.explanation ?? tr.explanation) !== a.explanation) &&
        shown < Number(process.env['SHOW'] ?? 8)
      ) {
        shown++;
        console.log(
          a.source.line,
          'truth',
          label,
          'got',
          a.layer,
          a.explanation,
          JSON.stringify(a.evidence),
          JSON.stringify(a.why.evidence),
          'own',
          JSON.stringify(a.own),
          'left',
          JSON.stringify(a.left),
          'gaps',
          JSON.stringify(a.acceptedGapsMs.slice(0, 4)),
          'fps',
          a.foreignPerSecond,
          JSON.stringify(tr).slice(0, 300),
        );
      }
    }
  }
}, 600000);
it('lines', async () => {
  const ids = (process.env['IDS'] ?? '').split(',');
  const [from, to] = (process.env['LINES'] ?? '0-0').split('-').map(Number);
  for (const scenario of generateScenarios().filter((s) => ids.includes(s.spec.id))) {
    async function* chunks() {
      yield Buffer.from(scenario.text);
    }
    const input = await sniffInput({
      name: scenario.fileName,
      stream: chunks(),
      extension: scenario.fileName.split('.').pop() ?? '',
    });
    const report = await analyze([input], { zone: null });
    const lines = scenario.text.split('\n');
    for (let l = from!; l <= to!; l++) {
      const tr = (scenario.truth.rows as any[]).find((r: any) => r.line === l);
      const a = [...report.throttling.attributions].find((x) => x.source.line === l);
      console.log(
        l,
        lines[l - 1]?.slice(0, 30),
        lines[l - 1]?.split(',')[1],
        '| truth',
        tr?.layer,
        tr?.explanation,
        tr?.blocker?.line,
        '| got',
        a?.layer,
        a?.explanation,
        a
          ? JSON.stringify(a.acceptedGapsMs.slice(0, 3)) +
              ' p' +
              JSON.stringify(a.passedGapsMs.slice(0, 3)) +
              ' ev ' +
              a.evidence.map((e: any) => e.code + (e.probability ? e.probability.toFixed(2) : '')).join(',')
          : '',
      );
    }
  }
}, 600000);
