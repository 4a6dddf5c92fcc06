import { MessageChannel } from 'node:worker_threads';
import type { MultipartFile } from '@fastify/multipart';
import { textProblem } from '@nongan/shared/common/text';
import type { FastifyRequest } from 'fastify';
import { Piscina } from 'piscina';
import { badRequest, fieldError, HttpError } from './http-error.ts';
import type { Cell, ParseOptions, Refusal, TableRow, UploadFormat, WorkerMessage } from './upload-parse.ts';

export type { Cell, TableRow, UploadFormat };

/** The uploaded `file` part as a buffer, with upload mistakes said in Chinese. */
export async function uploadedFile(request: FastifyRequest): Promise<{ name: string; buffer: Buffer }> {
  let part: MultipartFile | undefined;
  try {
    part = await request.file();
  } catch {
    throw badRequest('请以 multipart/form-data 上传文件，字段名为 file', [
      { field: 'file', reason: '缺少上传文件' },
    ]);
  }
  if (part?.fieldname !== 'file')
    throw badRequest('缺少上传文件（字段名 file）', [{ field: 'file', reason: '缺少上传文件' }]);
  // The name is stored with the batch: a NUL in it (filename*=UTF-8''a%00b) would be a 500.
  const nameProblem = textProblem(part.filename ?? '');
  if (nameProblem) throw fieldError('file', `文件名${nameProblem}`);
  try {
    return { name: part.filename || 'upload', buffer: await part.toBuffer() };
  } catch (err) {
    // The multipart limit (20 MB, set in app.ts) cut the file short.
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new HttpError(413, '文件超过 20 MB 上限，请拆分后分别上传', [
        { field: 'file', reason: '文件过大' },
      ]);
    }
    throw err;
  }
}

// One pool per process, made on first use. Idle workers do not keep the process alive (piscina
// unrefs them); apps hold the pool and the last app to close destroys it.
let pool: Piscina | null = null;
let holders = 0;

function uploadPool(warm = false): Piscina {
  pool ??= new Piscina({
    filename: new URL('./upload-worker.mjs', import.meta.url).href,
    // Warm (the served app): one worker stays started, so an import after a quiet spell does not
    // wait 0.5-0.8 s for a thread to register tsx and load the parser. Tests start none.
    minThreads: warm ? 1 : 0,
    maxThreads: 2,
    idleTimeout: 30_000,
    // A worker that runs out of heap dies alone and its task fails (mapped to 413 below).
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  return pool;
}

/** Started upload workers (0 until a first upload, unless warm). */
export const uploadWorkers = (): number => pool?.threads.length ?? 0;

/**
 * Marks the pool in use by an app; the returned function (for onClose) releases it. `warm` makes
 * the pool now (if no app made it already), with one worker kept started.
 */
export function holdUploadPool(warm = false): () => Promise<void> {
  holders++;
  if (warm) uploadPool(true);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if (--holders > 0 || !pool) return;
    const p = pool;
    pool = null;
    await p.destroy();
  };
}

const fileIssue = (status: number, reason: string, details: string[] = []) =>
  new HttpError(
    status,
    details.length ? `${reason}：${details.slice(0, 3).join('；')}` : reason,
    details.length ? details.map((d) => ({ field: 'file', reason: d })) : [{ field: 'file', reason }],
  );

export interface ReadOptions {
  /** What the route accepts; told apart by content, not by file name. */
  formats: UploadFormat[];
  maxRows: number;
  /** Cap on the unpacked size of an .xlsx (default platform/xlsx-read.ts MAX_UNPACKED). */
  maxUnpacked?: number;
}

/**
 * The one reader of uploaded tables: parses the .xlsx or .csv in a worker thread and gives the
 * header (first non-empty row) and the non-empty data rows. Every refusal is a 400 or 413 naming
 * `file` in Chinese; a cell with NUL, a control character or a lone surrogate refuses the file
 * naming its row and column, so such text never reaches a route.
 */
export async function readUploadRows(
  buffer: Uint8Array,
  opts: ReadOptions,
): Promise<{ header: Cell[]; rows: TableRow[] }> {
  const rows: TableRow[] = [];
  const { header } = await readUploadChunks(buffer, opts, async (_h, chunk) => {
    for (const r of chunk) rows.push(r);
  });
  return { header, rows };
}

/**
 * readUploadRows for big files: each chunk of rows (a few thousand) is handed to `onChunk` with
 * the header as soon as it arrives, one chunk at a time and in order, so the route checks rows on
 * this thread while the worker is still reading the rest. If the file is then refused, or
 * `onChunk` throws, that is thrown once the worker is done (and later chunks are not handed on):
 * a caller never acts on part of a file it has not seen whole.
 */
export async function readUploadChunks(
  buffer: Uint8Array,
  opts: ReadOptions,
  onChunk: (header: Cell[], rows: TableRow[]) => Promise<void>,
): Promise<{ header: Cell[]; total: number }> {
  const { port1, port2 } = new MessageChannel();
  let header: Cell[] = [];
  let total = 0;
  let chain: Promise<void> = Promise.resolve();
  let failed: { err: unknown } | null = null;
  const outcome = new Promise<{ header: Cell[] } | Refusal>((resolve) => {
    port1.on('message', (m: WorkerMessage) => {
      if (m.type === 'header') header = m.header;
      else if (m.type === 'rows') {
        total += m.rows.length;
        chain = chain.then(async () => {
          if (failed) return;
          try {
            await onChunk(header, m.rows);
          } catch (err) {
            failed = { err };
          }
        });
      } else if (m.type === 'end') resolve({ header: m.header });
      else resolve(m.refusal);
    });
  });
  const task: { bytes: Uint8Array; opts: ParseOptions; port: typeof port2 } = {
    bytes: buffer,
    opts: { formats: opts.formats, maxRows: opts.maxRows, maxUnpacked: opts.maxUnpacked },
    port: port2,
  };
  try {
    await uploadPool().run(task, { transferList: [port2] });
  } catch (err) {
    port1.close();
    await chain;
    if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY')
      throw fileIssue(413, '文件内容过大，无法读取，请拆分后分别上传');
    throw err;
  }
  const result = await outcome;
  port1.close();
  await chain;
  if ('status' in result) throw fileIssue(result.status, result.reason, result.cells);
  if (failed) throw (failed as { err: unknown }).err;
  return { header: result.header, total };
}
