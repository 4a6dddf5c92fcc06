// What building an import's insert text costs the server's thread: 100,000 synthetic directory rows
// shaped as newEntityRow makes them (search keys included), as COPY text (platform/bulk-copy.ts,
// what the imports send) against JSON.stringify (what they sent before), and the search keys'
// integers alone as text. Each is timed up to the UTF-8 bytes that go to the socket, since
// encoding a chunk's text can cost more than building it. One thread, figures only.
//   npx tsx bench/copy-text.ts [--rows 100000] [--runs 5]
import { parseArgs } from 'node:util';
import { newEntityRow } from '@nongan/server/domains/entities/service';
import { entities } from '@nongan/server/domains/entities/table';
import { copyChunk } from '@nongan/server/platform/bulk-copy';
import { directoryText } from './synthetic-files.ts';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } },
});
const n = Number(args.rows);
const runs = Number(args.runs);
const rows = directoryText(n).map((t, i) =>
  newEntityRow('500151', {
    name: t.name,
    type: 'cooperative',
    creditCode: null,
    idCard: null,
    legalRep: t.legal_rep,
    phone: '13800138000',
    address: t.address,
    townCode: '500151101',
    villageCode: null,
    gridCode: null,
    industries: ['vegetables', 'fruit'],
    mainProducts: ['白菜', '萝卜'],
    scale: null,
    certificateTrial: i % 2 === 0,
    traceManaged: false,
    lat: 29.8 + i / 1e6,
    lng: 106.05,
    remarks: null,
  }),
);
const keys = rows.map((r) => r.searchKeys);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function measure(label: string, work: () => number) {
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    size = work();
    ms.push(performance.now() - t0);
  }
  console.log(
    `${label.padEnd(28)} median ${median(ms).toFixed(0).padStart(5)} ms  (runs: ${ms.map((x) => x.toFixed(0)).join(' / ')} ms; ${(size / 1048576).toFixed(0)} MB)`,
  );
}

console.log(
  `${n.toLocaleString()} rows, ${keys.reduce((a, k) => a + k.length, 0).toLocaleString()} search keys`,
);
measure('COPY text, 1,000-row chunks', () => {
  let size = 0;
  for (let i = 0; i < n; i += 1000) size += copyChunk(entities, rows.slice(i, i + 1000)).data.length;
  return size;
});
// As pg sends a string parameter: encoded to UTF-8.
measure('JSON, 1,000-row chunks', () => {
  let size = 0;
  for (let i = 0; i < n; i += 1000) size += Buffer.from(JSON.stringify(rows.slice(i, i + 1000))).length;
  return size;
});
measure('search keys alone, as text', () => {
  let size = 0;
  for (const k of keys) size += JSON.stringify(k).length;
  return size;
});
