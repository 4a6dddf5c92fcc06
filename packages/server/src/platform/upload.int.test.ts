import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADERS } from '../domains/entities/xlsx-columns.ts';
import { tableCounts } from '../test/counts.ts';
import { buildTestApp, type Requester, type TestApp, TOWN_A } from '../test/helper.ts';
import { multipart, truncatedDeflate, withCellXml, xlsxOf, zipBomb } from '../test/hostile-files.ts';

let t: TestApp;
let office: Requester;

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
});
afterAll(() => t.close());

const rapidQuery = `holderCode=${TOWN_A}&townCode=${TOWN_A}&link=retail_market&tester=x`;
const LEGACY = [
  '合格证编号',
  '生产者统一社会信用代码或名称',
  '产品名称',
  '数量',
  '单位',
  '联系电话',
  '开具日期',
  '承诺依据',
];

/** Every import route, with a small file it would accept (the corruption is the only fault). */
const ROUTES: { name: string; url: string; rows: unknown[][] }[] = [
  {
    name: 'entities',
    url: '/api/entities/import?mode=lenient',
    rows: [[...HEADERS], ['某合作社', ...HEADERS.slice(1).map(() => '')]],
  },
  {
    name: 'divisions',
    url: '/api/divisions/import',
    rows: [
      ['code', 'name', 'parent_code'],
      [`${TOWN_A}201`, '测试村', TOWN_A],
    ],
  },
  {
    name: 'rapid tests',
    url: `/api/rapid-tests/import?mode=lenient&${rapidQuery}`,
    rows: [
      ['样品名称', '抑制率(%)', '检测时间'],
      ['大白菜', 12.5, '2021-06-01 09:30'],
    ],
  },
  {
    name: 'legacy certificates',
    url: '/api/certificates/legacy/import?mode=lenient',
    rows: [LEGACY, ['HG-1', '某合作社', '菠菜', 100, '公斤', '13800138000', '2021-06-01', '自我承诺']],
  },
];

// Built once: deflating 120 MB is the slow part, and the bomb needs no route's columns.
const bombs = new Map<boolean, Promise<Buffer>>();
const bomb = (lie: boolean) => {
  if (!bombs.has(lie))
    bombs.set(
      lie,
      xlsxOf([['a'], ['b']]).then((b) => zipBomb(b, 120, lie)),
    );
  return bombs.get(lie) as Promise<Buffer>;
};

const csvOf = (rows: unknown[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\r\n'));

describe.each(ROUTES)('the $name import refuses broken and hostile files', (route) => {
  async function send(file: Buffer, name = 'f.xlsx') {
    const before = await tableCounts(t.database.db);
    const res = await office({ method: 'POST', url: route.url, ...multipart(name, file) });
    expect(await tableCounts(t.database.db)).toEqual(before);
    return res;
  }

  it('400 for a truncated deflate stream, naming file', async () => {
    const res = await send(truncatedDeflate(await xlsxOf(route.rows)));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues).toEqual([{ field: 'file', reason: expect.stringMatching(/损坏/) }]);
  });

  it('400 for an out-of-range character reference', async () => {
    const res = await send(withCellXml(await xlsxOf(route.rows), '&#xFFFFFF;'));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues[0].field).toBe('file');
  });

  it('400 naming row and column for NUL, a control character and a lone surrogate in a cell', async () => {
    for (const [xml, reason] of [
      ['&#0;', /空字符/],
      ['_x0007_', /控制字符/],
      ['_xD800_', /孤立代理项/],
    ] as const) {
      const res = await send(withCellXml(await xlsxOf(route.rows), xml));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().issues).toEqual([
        { field: 'file', reason: expect.stringMatching(/^第 2 行 A 列：/) },
      ]);
      expect(res.json().issues[0].reason).toMatch(reason);
    }
  });

  it('400 for a CSV with a NUL byte, and a row error for a control character in a CSV cell', async () => {
    const nul = await send(Buffer.concat([csvOf(route.rows), Buffer.from('\r\na\0b,1,2\r\n')]), 'f.csv');
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json().issues[0].field).toBe('file');
    const rows = route.rows.map((r, i) => (i === 1 ? [`x\u001by`, ...r.slice(1)] : r));
    const ctl = await send(csvOf(rows), 'f.csv');
    expect(ctl.statusCode, ctl.body).toBe(400);
    // Routes that read CSV name the cell; .xlsx-only routes refuse the CSV itself.
    expect(ctl.json().issues[0].reason).toMatch(/^第 2 行 A 列：含有控制字符$|xlsx/);
  });

  it('413 for a zip bomb, whether its sizes are declared or hidden', async () => {
    for (const lie of [false, true]) {
      const res = await send(await bomb(lie));
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json().issues).toEqual([{ field: 'file', reason: expect.stringMatching(/解压后超过/) }]);
    }
  });
});

it('the base files are accepted, so the refusals above come from the faults alone', async () => {
  for (const route of ROUTES) {
    const res = await office({
      method: 'POST',
      url: route.url,
      ...multipart('f.xlsx', await xlsxOf(route.rows)),
    });
    expect(res.statusCode, `${route.name}: ${res.body}`).toBe(200);
  }
});

describe('readUploadChunks', () => {
  const sheet = (n: number) => {
    const rows: unknown[][] = [['编号', '名称']];
    for (let i = 1; i <= n; i++) rows.push([i, `第${i}行`]);
    return xlsxOf(rows);
  };

  it('hands the rows on in order, chunk by chunk, each with the header', async () => {
    const { readUploadChunks } = await import('./upload.ts');
    const seen: number[] = [];
    let chunks = 0;
    const out = await readUploadChunks(
      await sheet(4500),
      { formats: ['xlsx'], maxRows: 10_000 },
      async (h, rows) => {
        expect(h).toEqual(['编号', '名称']);
        chunks++;
        // A slow consumer: the next chunk still waits for this one.
        await new Promise((r) => setTimeout(r, 5));
        for (const r of rows) seen.push(Number(r.cells[0]));
      },
    );
    expect(out.total).toBe(4500);
    expect(chunks).toBeGreaterThan(1);
    expect(seen).toEqual(Array.from({ length: 4500 }, (_, i) => i + 1));
  });

  it('a file refused after some chunks were handed on is still refused as a whole', async () => {
    const { readUploadChunks } = await import('./upload.ts');
    let handed = 0;
    const reading = readUploadChunks(
      await sheet(4500),
      { formats: ['xlsx'], maxRows: 4100 },
      async (_h, rows) => {
        handed += rows.length;
      },
    );
    await expect(reading).rejects.toMatchObject({ statusCode: 400 });
    expect(handed).toBeGreaterThan(0);
  });

  it('an error thrown by the consumer is thrown once the file is read, and no later chunk is handed on', async () => {
    const { readUploadChunks } = await import('./upload.ts');
    let calls = 0;
    const reading = readUploadChunks(await sheet(4500), { formats: ['xlsx'], maxRows: 10_000 }, async () => {
      calls++;
      throw new Error('表头缺少');
    });
    await expect(reading).rejects.toThrow('表头缺少');
    expect(calls).toBe(1);
  });
});
