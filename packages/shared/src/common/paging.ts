import { z } from 'zod';

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** The body of every 4xx/5xx answer. `issues` names each bad field and why. */
export const errorBody = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  issues: z
    .array(
      z.object({
        field: z.string(),
        reason: z.string(),
        /** What the field may be instead (e.g. the products 「青菜」 may mean), for the form to offer. */
        choices: z.array(z.object({ code: z.string(), name: z.string() })).optional(),
      }),
    )
    .optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const okBody = z.object({ ok: z.literal(true) });
