export interface FieldIssue {
  field: string;
  reason: string;
  /** The values the field may take instead, for the form to offer (e.g. the products a regional name may mean). */
  choices?: { code: string; name: string }[];
}

/** An error with a status code and a message safe to show the user (4xx only). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, issues?: FieldIssue[]) => new HttpError(400, message, issues);
export const fieldError = (field: string, reason: string) =>
  new HttpError(400, `${field}: ${reason}`, [{ field, reason }]);
export const unauthorized = (message = '请先登录') => new HttpError(401, message);
export const forbidden = (message = '无权执行此操作') => new HttpError(403, message);
export const notFound = (message = '记录不存在') => new HttpError(404, message);
export const conflict = (message: string, issues?: FieldIssue[]) => new HttpError(409, message, issues);
