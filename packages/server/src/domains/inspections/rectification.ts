/**
 * The rectification order's states (整改): open → closed only through a revisit (回头看) that
 * found it rectified; a revisit that did not may extend the deadline (stays open) or escalate it
 * to a case (escalated); an open order may be escalated outright. Closed and escalated are final.
 */
import type { RectStatus, RevisitAction, RevisitResult } from '@nongan/shared/inspections/schemas';

export type RectStep =
  | {
      kind: 'revisit';
      result: RevisitResult;
      action: RevisitAction;
      newDeadline?: string | null;
      today: string;
    }
  | { kind: 'escalate' }
  | { kind: 'close' };

export type RectOutcome =
  | { ok: true; status: RectStatus; deadline?: string }
  | { ok: false; field: string; reason: string };

export function nextRectification(status: RectStatus, deadline: string, step: RectStep): RectOutcome {
  if (status !== 'open')
    return { ok: false, field: 'status', reason: status === 'closed' ? '整改已销号' : '整改已移交查处' };
  switch (step.kind) {
    case 'close':
      return { ok: false, field: 'action', reason: '未经回头看不能销号' };
    case 'escalate':
      return { ok: true, status: 'escalated' };
    case 'revisit':
      if (step.action === 'close') {
        if (step.result !== 'rectified') return { ok: false, field: 'action', reason: '未整改到位不能销号' };
        return { ok: true, status: 'closed' };
      }
      if (step.action === 'escalate') return { ok: true, status: 'escalated' };
      if (step.result === 'rectified') return { ok: false, field: 'action', reason: '已整改到位应销号' };
      if (!step.newDeadline) return { ok: false, field: 'newDeadline', reason: '延期整改须填写新的整改期限' };
      if (step.newDeadline <= step.today || step.newDeadline <= deadline)
        return { ok: false, field: 'newDeadline', reason: '新的整改期限应晚于今天和原期限' };
      return { ok: true, status: 'open', deadline: step.newDeadline };
  }
}
