import type { ComplaintAction, ComplaintStatus } from '@nongan/shared/complaints/schemas';

/** accept → investigate → reply → close; each action from exactly one status. */
const FLOW: Record<ComplaintAction, { from: ComplaintStatus; to: ComplaintStatus }> = {
  accept: { from: 'submitted', to: 'accepted' },
  investigate: { from: 'accepted', to: 'investigating' },
  reply: { from: 'investigating', to: 'replied' },
  close: { from: 'replied', to: 'closed' },
};

export function nextStatus(status: ComplaintStatus, action: ComplaintAction): ComplaintStatus | null {
  const step = FLOW[action];
  return step.from === status ? step.to : null;
}

export function allowedActions(status: ComplaintStatus): ComplaintAction[] {
  return (Object.keys(FLOW) as ComplaintAction[]).filter((a) => FLOW[a].from === status);
}

/** Links (an inspection or case opened from it) only once it is accepted and before it is closed. */
export const canLink = (status: ComplaintStatus) => status !== 'submitted' && status !== 'closed';
