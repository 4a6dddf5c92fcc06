import type { ErrorBody } from '@nongan/shared/common/paging';

/** A refused field; `choices` when the value may mean several things (e.g. a regional product name). */
export type FieldIssue = { field: string; reason: string; choices?: { code: string; name: string }[] };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** The whole error body, for routes that add detail (e.g. an import's row errors). */
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
type Query = Record<string, string | number | boolean | null | undefined>;

/** Drops empty values so the server's strict query schemas see only what was set. */
export function queryString(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function failure(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // not JSON (proxy error page etc.)
  }
  return new ApiError(res.status, body.message ?? `请求失败（${res.status}）`, body.issues ?? [], body);
}

function onUnauthorized(path: string) {
  // The login call itself answers 401 for a wrong password; only other calls mean "session gone".
  if (path.startsWith('/auth/')) return;
  if (window.location.pathname !== '/login') {
    const next = encodeURIComponent(window.location.pathname + window.location.search);
    window.location.assign(`/login?next=${next}`);
  }
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  init: RequestInit = {},
): Promise<T> {
  const isForm = body instanceof FormData;
  const res = await fetch(`/api${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined || isForm ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    ...init,
  });
  if (!res.ok) {
    if (res.status === 401) onUnauthorized(path);
    throw await failure(res);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, q?: Query) => request<T>('GET', path + queryString(q)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  upload: <T>(path: string, file: File, q?: Query) => {
    const form = new FormData();
    form.append('file', file);
    return request<T>('POST', path + queryString(q), form);
  },
};

/** URL for a server-generated download (the browser sends the session cookie itself). */
export function downloadUrl(path: string, q?: Query): string {
  return `/api${path}${queryString(q)}`;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
