import type { MultipartFile } from '@fastify/multipart';
import { textProblem } from '@nongan/shared/common/text';
import type { FastifyRequest } from 'fastify';
import { badRequest, fieldError, HttpError } from './http-error.ts';

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
