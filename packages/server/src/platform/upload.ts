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

function uploadPool(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./upload-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: 2,
    idleTimeout: 30_000,
    // A worker that runs out of heap dies alone and its task fails (mapped to 413 below).
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  return pool;
}

/** Marks the pool in use by an app; the returned function (for onClose) releases it. */
export function holdUploadPool(): () => Promise<void> {
  holders++;
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
  const { port1, port2 } = new MessageChannel();
  const rows: TableRow[] = [];
  const outcome = new Promise<{ header: Cell[] } | Refusal>((resolve) => {
    port1.on('message', (m: WorkerMessage) => {
      // Rows arrive in chunks, so no single message holds the event loop for long.
      if (m.type === 'rows') for (const r of m.rows) rows.push(r);
      else if (m.type === 'end') resolve({ header: m.header });
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
    if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY')
      throw fileIssue(413, '文件内容过大，无法读取，请拆分后分别上传');
    throw err;
  }
  const result = await outcome;
  port1.close();
  if ('status' in result) throw fileIssue(result.status, result.reason, result.cells);
  return { header: result.header, rows };
}
