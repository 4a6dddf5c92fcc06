import { findTextProblem, textProblem } from '@nongan/shared/common/text';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FieldIssue, fieldError } from './http-error.ts';

/** The decoded form of a query string key or value, or null when it does not decode. */
function decoded(s: string): string | null {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return null;
  }
}

/**
 * A query pair that does not decode (a lone surrogate as %ED%A0%80, a stray %): Fastify's parser
 * would keep it raw, so it is refused here rather than searched for as typed.
 */
function badQueryEncoding(url: string): FieldIssue | null {
  const q = url.indexOf('?');
  if (q < 0) return null;
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const [rawKey, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const key = decoded(rawKey);
    if (key === null || decoded(rawValue) === null)
      return { field: key && !textProblem(key) ? key : 'query', reason: '含有无效的 URL 编码' };
  }
  return null;
}

const parsedBody = (body: unknown) =>
  body !== null && body !== undefined && !Buffer.isBuffer(body) && !(body instanceof Uint8Array);

/**
 * One check of every parsed string of a request (JSON body, query, route parameters) before any
 * route sees it: NUL, control characters, lone surrogates and invisible-only text are a 400 naming
 * the field, never a database error. Fields are named as the schema validation names them (the
 * path inside the part), so the web forms place the message on the right input.
 */
export function installTextGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const problem =
      badQueryEncoding(request.url) ??
      named(findTextProblem(request.params), 'params') ??
      named(findTextProblem(request.query), 'query') ??
      (parsedBody(request.body) ? named(findTextProblem(request.body), 'body') : null);
    if (problem) throw fieldError(problem.field, problem.reason);
  });
}

/** The path as the schema would name it; the part itself when the path is empty or unprintable. */
const named = (p: FieldIssue | null, part: string): FieldIssue | null =>
  p ? { field: p.field && !textProblem(p.field) ? p.field : part, reason: p.reason } : null;
