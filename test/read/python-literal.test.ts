import { describe, expect, it } from 'vitest';
import { headersFromPrint, printedObjects } from '../../src/read/header-print.js';
import { parsePythonLiteral, pythonLiteralAt } from '../../src/read/python-literal.js';

describe('parsePythonLiteral', () => {
  it('reads what repr() writes: quotes of both kinds, escapes, None/True/False, numbers, nesting', () => {
    expect(
      parsePythonLiteral(
        `{'code': '429', "it's": 'a\\'b\\\\c\\n', 'details': None, 'ok': True, 'no': False, 'n': -1.5e3, 'list': [1, (2, 3)], 'nested': {'x': '\\x41\\u00e9'}}`,
      ),
    ).toEqual({
      code: '429',
      "it's": "a'b\\c\n",
      details: null,
      ok: true,
      no: false,
      n: -1500,
      list: [1, [2, 3]],
      nested: { x: 'Aé' },
    });
  });

  it('unwraps httpx Headers({...}) and urllib3 HTTPHeaderDict({...}), and reads JSON objects too', () => {
    expect(parsePythonLiteral("Headers({'date': 'Tue, 01 Dec 2026 08:51:15 GMT'})")).toEqual({
      date: 'Tue, 01 Dec 2026 08:51:15 GMT',
    });
    expect(parsePythonLiteral('HTTPHeaderDict({"a": "1"})')).toEqual({ a: '1' });
    expect(parsePythonLiteral('{"fault": {"faultstring": "x\\/y"}, "n": null, "t": true}')).toEqual({
      fault: { faultstring: 'x/y' },
      n: null,
      t: true,
    });
  });

  it('refuses what is not one complete literal', () => {
    for (const text of ["{'a': 'b'", "{'a' 'b'}", "{'a': 'b'} trailing", "{'a': 'unterminated}", '', 'print(x)'])
      expect(parsePythonLiteral(text)).toBeUndefined();
    expect(parsePythonLiteral(`${'['.repeat(40)}${']'.repeat(40)}`)).toBeUndefined();
  });

  it('finds where a literal ends inside a longer text', () => {
    const text = "headers={'a': '}'} and more";
    expect(pythonLiteralAt(text, 8)).toEqual({ value: { a: '}' }, end: 18 });
    expect(pythonLiteralAt('{broken', 0)).toBeNull();
  });
});

describe('printed headers', () => {
  it("reads str(response.headers), lower-casing names, and httpx's list of pairs for repeated names", () => {
    const headers = headersFromPrint("{'Date': 'Tue, 01 Dec 2026 08:51:11 GMT', 'x-keap-product-quota-used': '1202'}");
    expect([...(headers ?? [])]).toEqual([
      ['date', 'Tue, 01 Dec 2026 08:51:11 GMT'],
      ['x-keap-product-quota-used', '1202'],
    ]);
    expect(headersFromPrint("Headers([('set-cookie', 'a'), ('set-cookie', 'b')])")?.get('set-cookie')).toBe('a, b');
    expect(headersFromPrint("{'fault': {'faultstring': 'x'}}")).toBeUndefined();
  });

  it('takes a dict whose values nest objects (a toString that is not a function among them) as no header set', () => {
    for (const text of [
      `{"x-keap-product-quota-used": [{"toString": 1}]}`,
      `{'date': ['Tue', {'valueOf': 1, 'toString': 2}]}`,
      `[('x-keap-product-quota-used', {'toString': 1})]`,
      `[('date', [{'toString': 1}])]`,
    ])
      expect([text, headersFromPrint(text)]).toEqual([text, undefined]);
    expect(headersFromPrint(`{'Date': ['a', 1, None, True]}`)?.get('date')).toBe('a, 1, , true');
  });

  it('lists every complete object printed in a log message, outermost only', () => {
    const found = printedObjects("POST /x -> 429 headers={'Date': 'x', 'n': {'deep': 1}} body={\"code\":\"429\"} {cut");
    expect(found.map((entry) => entry.value)).toEqual([{ Date: 'x', n: { deep: 1 } }, { code: '429' }]);
  });
});
