import type { FormInstance } from 'antd';
import type { z } from 'zod';
import { ApiError, type FieldIssue } from './api.ts';

/** Puts issues onto the form fields they name; returns the issues no field took. */
export function applyIssues(form: FormInstance, issues: FieldIssue[]): FieldIssue[] {
  const known = new Set(Object.keys(form.getFieldsValue() as object));
  const byField = new Map<string, string[]>();
  const rest: FieldIssue[] = [];
  for (const i of issues) {
    const name = i.field.split('.')[0] ?? i.field;
    if (known.has(name)) byField.set(name, [...(byField.get(name) ?? []), i.reason]);
    else rest.push(i);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '_', reason: i.message }));
}

/** A server error's issues go on the fields; the message tells the rest. */
export function applyServerError(form: FormInstance, e: unknown): string {
  if (e instanceof ApiError) {
    const rest = applyIssues(form, e.issues);
    return rest.length ? rest.map((i) => `${i.field}: ${i.reason}`).join('；') : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
