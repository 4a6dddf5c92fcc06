import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type FieldIssue, HttpError } from './http-error.ts';

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
};

/** Fastify's own client errors, said in the UI's language. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是合法的 JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求体为空，但声明为 JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: '请求体过大',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持的请求内容类型',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求长度与内容不符',
  FST_ERR_BAD_URL: '地址中含有无效的编码',
  FST_ERR_MAX_PARAM_LENGTH: '地址中的参数过长',
};

function zodIssues(err: FastifyError, part: string): FieldIssue[] {
  return (err.validation ?? []).map((v) => {
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const keys = (v.params as { keys?: string[] }).keys;
    if (v.keyword === 'unrecognized_keys' && keys) {
      return { field: keys.map((k) => (path ? `${path}.${k}` : k)).join(', '), reason: '不允许的字段' };
    }
    return { field: path || part, reason: v.message ?? '无效' };
  });
}

/** The router's own errors (a bad percent-encoding in the path), which skip the error handler. */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 400;
  reply.code(status).send({
    statusCode: status,
    error: STATUS_NAMES[status] ?? 'Error',
    message: (err.code && FASTIFY_MESSAGES[err.code]) || err.message,
  });
}

/** One handler for every error: 4xx say what is wrong, 5xx say nothing of the inside. */
export function installErrorHandler(app: FastifyInstance, opts: { spaFallback?: boolean } = {}) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send({
        statusCode: err.statusCode,
        error: STATUS_NAMES[err.statusCode] ?? 'Error',
        message: err.message,
        ...(err.issues ? { issues: err.issues } : {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = zodIssues(err, err.validationContext ?? 'body');
      return reply.code(400).send({
        statusCode: 400,
        error: 'Bad Request',
        message: issues.map((i) => `${i.field}: ${i.reason}`).join('；'),
        issues,
      });
    }
    // A unique index caught what the service's own check raced past (two writers at once).
    const pgCode = (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code;
    if (pgCode === '23505') {
      return reply
        .code(409)
        .send({ statusCode: 409, error: 'Conflict', message: '记录重复：与已有记录冲突' });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({
        statusCode: status,
        error: STATUS_NAMES[status] ?? 'Error',
        message: (err.code && FASTIFY_MESSAGES[err.code]) || err.message,
      });
    }
    request.log.error({ err }, 'request failed');
    return reply
      .code(500)
      .send({ statusCode: 500, error: 'Internal Server Error', message: '服务器内部错误' });
  });
  app.setNotFoundHandler((request, reply) => {
    // The web app routes in the browser: any other GET outside /api gets its index.html.
    if (opts.spaFallback && request.method === 'GET' && !request.url.startsWith('/api'))
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.code(404).send({
      statusCode: 404,
      error: 'Not Found',
      message: `没有这个地址：${request.method} ${request.url}`,
    });
  });
}
