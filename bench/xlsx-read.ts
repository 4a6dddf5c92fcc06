// What reading an uploaded .xlsx costs the upload worker: the synthetic 100,000-row entity
// directory (inline strings, 18 columns) and rapid-test instrument export (7 columns), read by
// readFirstSheet alone and by parseUpload (the worker's whole job: cell checks, chunks posted
// through a MessageChannel and received on the other side), and what the 2,000-row chunks cost as
// structured clones: made on the worker, read back on the server's thread. One thread, figures only.
//   npx tsx bench/xlsx-read.ts [--rows 100000] [--runs 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { MessageChannel } from 'node:worker_threads';
import { openDatabase } from '@nongan/server/db/client';
import { syntheticEntityXlsx } from '@nongan/server/domains/entities/synthetic-xlsx';
import { loadReferenceDivisions } from '@nongan/server/domains/regions/reference';
import { parseUpload, type WorkerMessage } from '@nongan/server/platform/upload-parse';
import { readFirstSheet } from '@nongan/server/platform/xlsx-read';
import { xlsxOf } from '@nongan/server/test/hostile-files';
import { instrumentRows } from './synthetic-files.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
  },
});
const n = Number(args.rows);
const runs = Number(args.runs);

async function entityFile(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'nongan-xlsx-'));
  const database = await openDatabase({ dataDir: dir });
  try {
    await database.migrate();
    await loadReferenceDivisions(database.db);
    return (await syntheticEntityXlsx(database.db, '500151', n)).buffer;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readOnly(file: Buffer): Promise<number> {
  let rows = 0;
  await readFirstSheet(file, () => {
    rows++;
  });
  return rows;
}

/** parseUpload into a channel, until the other side has received 'end'. */
function viaChannel(file: Buffer): Promise<number> {
  const { port1, port2 } = new MessageChannel();
  let rows = 0;
  return new Promise<number>((resolve, reject) => {
    port2.on('message', (m: WorkerMessage) => {
      if (m.type === 'rows') rows += m.rows.length;
      if (m.type === 'refused') reject(new Error(m.refusal.reason));
      if (m.type === 'end') {
        port1.close();
        resolve(rows);
      }
    });
    parseUpload(file, { formats: ['xlsx'], maxRows: 1_000_000 }, port1).catch(reject);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function measure(label: string, work: () => Promise<number>) {
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    rows = await work();
    ms.push(performance.now() - t0);
  }
  const m = median(ms);
  console.log(
    `  ${label.padEnd(26)} median ${m.toFixed(0).padStart(5)} ms, ${Math.round(rows / (m / 1000)).toLocaleString()} rows/s` +
      `  (runs: ${ms.map((x) => x.toFixed(0)).join(' / ')} ms)`,
  );
}

for (const [name, file] of [
  ['entity directory', await entityFile()],
  ['rapid tests', await xlsxOf(instrumentRows(n))],
] as const) {
  console.log(`== ${name}: ${n.toLocaleString()} rows, ${(file.length / 1048576).toFixed(1)} MB .xlsx`);
  await measure('readFirstSheet', () => readOnly(file));
  await measure('parseUpload via a channel', () => viaChannel(file));
  // The chunks as the worker posts them: serialized there, deserialized on the server's thread.
  const rows: unknown[] = [];
  await readFirstSheet(file, (r) => {
    rows.push(r);
  });
  const clones: Buffer[] = [];
  await measure('chunks serialized', async () => {
    clones.length = 0;
    for (let i = 0; i < rows.length; i += 2000) clones.push(serialize(rows.slice(i, i + 2000)));
    return rows.length;
  });
  await measure('chunks deserialized', async () => {
    for (const c of clones) deserialize(c);
    return rows.length;
  });
}
