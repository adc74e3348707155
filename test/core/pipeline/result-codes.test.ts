import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  GANTRY_OWN_CODES,
  RETIRED_RESULT_CODES,
  ResultCodes,
  passThroughCodeForStatus,
  resultCodeByNumber,
} from '../../../core/pipeline/result-codes.js';
import type { ResultCode, ResultCodeEntry } from '../../../core/pipeline/result-codes.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const docsPath = resolve(repoRoot, 'docs/result-codes.md');
// CI checks out shared/ beside the clone, so the reference sits one level above the repo.
const referencePath = resolve(repoRoot, '../shared/reference/result-codes.md');

const entries: readonly ResultCodeEntry[] = Object.values(ResultCodes);
const entryByCode = new Map(entries.map((entry) => [entry.code, entry]));

function cellsOf(line: string): string[] {
  return line.split('|').slice(1, -1).map((cell) => cell.trim());
}

interface DocRow {
  code: number;
  httpStatus: number;
  memo: string;
  name: string;
  tips: string;
}

/** Rows of every table on the docs page whose header is exactly `| Code | HTTP | Memo | Name | Tips |`. */
function parseDocsTable(markdown: string): DocRow[] {
  const rows: DocRow[] = [];
  let inTable = false;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const cells = cellsOf(line);
    if (cells.join('|') === 'Code|HTTP|Memo|Name|Tips') {
      inTable = true;
      continue;
    }
    if (!inTable || /^-+$/.test(cells[0] ?? '')) continue;
    const [code, httpStatus, memo, name, tips] = cells;
    rows.push({ code: Number(code), httpStatus: Number(httpStatus), memo: memo ?? '', name: name ?? '', tips: tips ?? '' });
  }
  return rows;
}

/** Rows of the reference's code tables; a range such as `6000–6006` becomes one row per code. */
function parseReferenceTable(markdown: string): Array<{ code: number; httpStatus: number; memo: string }> {
  const rows: Array<{ code: number; httpStatus: number; memo: string }> = [];
  for (const line of markdown.split('\n')) {
    const match = /^\| (\d{4})(?:[–-](\d{4}))? \| (\d{3}) \| (\w+) \|/.exec(line);
    if (match === null) continue;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    for (let code = first; code <= last; code++) {
      rows.push({ code, httpStatus: Number(match[3]), memo: match[4] ?? '' });
    }
  }
  return rows;
}

describe('result codes - table shape', () => {
  it('result codes - every name equals its key and is unique', () => {
    for (const [key, entry] of Object.entries(ResultCodes)) expect(entry.name).toBe(key);
    expect(new Set(entries.map((entry) => entry.name)).size).toBe(entries.length);
  });

  it('result codes - codes are unique 4-digit positive integers', () => {
    expect(entryByCode.size).toBe(entries.length);
    for (const entry of entries) {
      expect(Number.isInteger(entry.code), entry.name).toBe(true);
      expect(entry.code, entry.name).toBeGreaterThanOrEqual(1000);
      expect(entry.code, entry.name).toBeLessThanOrEqual(9999);
    }
  });

  it('result codes - key is the memo, or memo plus code where the memo repeats', () => {
    const codesByMemo = new Map<string, number[]>();
    for (const entry of entries) codesByMemo.set(entry.memo, [...(codesByMemo.get(entry.memo) ?? []), entry.code]);
    expect(codesByMemo.get('MockResponseContentConvertError')).toEqual([4202, 6000, 6001, 6002, 6003, 6004, 6005, 6006, 6666]);
    for (const entry of entries) {
      const shared = (codesByMemo.get(entry.memo) ?? []).length > 1;
      const plain = shared && entry.code === 4202;
      expect(entry.name, `${entry.code}`).toBe(shared && !plain ? `${entry.memo}${entry.code}` : entry.memo);
    }
  });

  it('result codes - every entry has an HTTP status and tips', () => {
    for (const entry of entries) {
      expect(entry.httpStatus, entry.name).toBeGreaterThanOrEqual(100);
      expect(entry.httpStatus, entry.name).toBeLessThanOrEqual(599);
      expect(entry.tips.length, entry.name).toBeGreaterThan(0);
    }
  });

  it('result codes - Gantry own codes are listed and marked', () => {
    expect([...GANTRY_OWN_CODES].sort((a, b) => a - b)).toEqual([1899, 3990, 3991, 3992, 3993, 6199, 6299, 6399]);
    expect(ResultCodes.RequestBodyTooLarge).toMatchObject({ code: 3990, httpStatus: 413, gantryOwn: true });
    expect(ResultCodes.RequestHeaderFieldsTooLarge).toMatchObject({ code: 3991, httpStatus: 431, gantryOwn: true });
    expect(ResultCodes.RequestBodyTimeout).toMatchObject({ code: 3992, httpStatus: 408, gantryOwn: true });
    expect(ResultCodes.ClientClosedRequest).toMatchObject({ code: 3993, httpStatus: 499, gantryOwn: true });
    expect(ResultCodes.BizOtherSuccess).toMatchObject({ code: 1899, httpStatus: 200, passThrough: true });
  });

  it('result codes - retired codes are never in the table', () => {
    expect(Object.isFrozen(RETIRED_RESULT_CODES)).toBe(true);
    for (const code of RETIRED_RESULT_CODES) expect(entryByCode.has(code), `${code}`).toBe(false);
  });

  it('result codes - resultCodeByNumber finds rows and misses unknown codes', () => {
    expect(resultCodeByNumber(4001)).toBe(ResultCodes.InvokeServiceTimeout);
    expect(resultCodeByNumber(6666)).toBe(ResultCodes.MockResponseContentConvertError6666);
    expect(resultCodeByNumber(2106)).toBeUndefined();
    expect(resultCodeByNumber(9999)).toBeUndefined();
  });

  it('result codes - code type is a union of literals', () => {
    expectTypeOf(ResultCodes.InvokeServiceTimeout.code).toEqualTypeOf<4001>();
    expectTypeOf<4001>().toExtend<ResultCode>();
    expectTypeOf<4004>().not.toExtend<ResultCode>();
  });
});

describe('result codes - pass-through', () => {
  it.each([
    [200, 1000], [201, 1801], [204, 1804], [226, 1809], [100, 1800], [101, 1899], [209, 1899],
    [302, 6102], [306, 6199], [308, 6107], [400, 6201], [404, 6205], [418, 6299], [425, 6299],
    [429, 6225], [431, 6226], [451, 6299], [500, 6301], [502, 6303], [504, 6305], [509, 6399],
    [511, 6311], [599, 6399],
  ])('pass-through - status %i maps to %i', (status, code) => {
    expect(passThroughCodeForStatus(status).code).toBe(code);
  });

  it('pass-through - statuses that are not HTTP map to 6399', () => {
    for (const status of [-1, 0, 99, 600, 999, 200.5, Number.NaN]) {
      expect(passThroughCodeForStatus(status), `${status}`).toBe(ResultCodes.BizOtherServerError);
    }
  });

  it('pass-through - every reference pass-through row is reached from its own status', () => {
    const rows = entries.filter((entry) => entry.passThrough === true && entry.gantryOwn !== true);
    expect(rows.length).toBe(10 + 8 + 26 + 11);
    for (const entry of rows) expect(passThroughCodeForStatus(entry.httpStatus), entry.name).toBe(entry);
  });

  it('pass-through - every valid status gets a code of its own class', () => {
    const prefixByClass: Record<number, string> = { 1: '18', 2: '18', 3: '61', 4: '62', 5: '63' };
    for (let status = 100; status <= 599; status++) {
      const entry = passThroughCodeForStatus(status);
      if (status === 200) {
        expect(entry).toBe(ResultCodes.success);
        continue;
      }
      expect(entry.passThrough, `${status}`).toBe(true);
      expect(String(entry.code).slice(0, 2), `${status}`).toBe(prefixByClass[Math.floor(status / 100)]);
    }
  });
});

describe('result codes - docs agree with the table', () => {
  const docRows = parseDocsTable(readFileSync(docsPath, 'utf8'));

  it('docs - every code in the table is documented with the same status, memo, name and tips', () => {
    const docByCode = new Map(docRows.map((row) => [row.code, row]));
    expect(docByCode.size).toBe(docRows.length);
    for (const entry of entries) {
      expect(docByCode.get(entry.code), `${entry.code} ${entry.name}`).toEqual({
        code: entry.code,
        httpStatus: entry.httpStatus,
        memo: entry.memo,
        name: entry.name,
        tips: entry.tips,
      });
    }
  });

  it('docs - every documented row is in the table', () => {
    expect(docRows.length).toBe(entries.length);
    for (const row of docRows) {
      const entry = entryByCode.get(row.code);
      expect(entry, `docs row ${row.code}`).toBeDefined();
      expect(entry?.httpStatus, `${row.code}`).toBe(row.httpStatus);
      expect(entry?.memo, `${row.code}`).toBe(row.memo);
    }
  });

  it('docs - every Gantry own code is explained', () => {
    const markdown = readFileSync(docsPath, 'utf8');
    const section = markdown.slice(markdown.indexOf("## Gantry's own codes"));
    for (const code of GANTRY_OWN_CODES) expect(section, `${code}`).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});

describe('result codes - reference agrees with the table', () => {
  it('reference - every reference code is in the table with the same status and memo, and back', (ctx) => {
    ctx.skip(!existsSync(referencePath), `reference table not found at ${referencePath} (shared/ is not beside this clone)`);
    const referenceRows = parseReferenceTable(readFileSync(referencePath, 'utf8'));
    // Guards the parser: a format change that matched nothing would otherwise pass silently.
    expect(referenceRows.length).toBe(140);
    for (const row of referenceRows) {
      const entry = entryByCode.get(row.code);
      expect(entry, `reference code ${row.code}`).toBeDefined();
      expect(entry?.httpStatus, `${row.code}`).toBe(row.httpStatus);
      expect(entry?.memo, `${row.code}`).toBe(row.memo);
    }
    const referenceCodes = new Set(referenceRows.map((row) => row.code));
    const notInReference = entries.filter((entry) => !referenceCodes.has(entry.code)).map((entry) => entry.code);
    expect(notInReference.sort((a, b) => a - b)).toEqual([...GANTRY_OWN_CODES].sort((a, b) => a - b));
  });
});
