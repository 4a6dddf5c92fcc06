import { randomUUID } from 'node:crypto';
import { chinaToday } from '@nongan/shared/common/dates';
import type { WarningKind } from '@nongan/shared/warnings/schemas';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { COPY_WINDOW_DAYS, copyWarning } from '../certificates/scan-service.ts';
import {
  brandExpiryFacts,
  daysAgo,
  mismatchFacts,
  overdueFacts,
  passRateFacts,
  quotaPaceFacts,
  repeatFailureFacts,
  scanFacts,
} from './facts.ts';
import {
  brandExpiryWarnings,
  type Candidate,
  mismatchWarnings,
  overdueWarnings,
  ownerRoleOf,
  passRateWarnings,
  quotaPaceWarnings,
  repeatFailureWarnings,
  suspiciousScanWarnings,
} from './rules.ts';
import { getWarningSettings } from './settings.ts';
import { warnings } from './table.ts';

/** Kinds evaluated from this platform's data: all of them. */
export const LIVE_KINDS: readonly WarningKind[] = [
  'pass_rate',
  'repeat_failure',
  'quota_pace',
  'promise_mismatch',
  'overdue_rectification',
  'overdue_case',
  'overdue_hold',
  'overdue_duty',
  'suspicious_scan',
  'brand_expiry',
];

export const SYSTEM_RESOLVE_REASON = '预警条件已不再满足，系统自动解除';

/** All candidates of the given kinds for a district, now. */
export async function candidates(
  db: Db,
  districtCode: string,
  kinds: ReadonlySet<WarningKind>,
  now = new Date(),
): Promise<Candidate[]> {
  const s = await getWarningSettings(db, districtCode);
  const today = chinaToday(now);
  const out: Candidate[] = [];
  if (kinds.has('pass_rate'))
    out.push(
      ...passRateWarnings(await passRateFacts(db, districtCode, Number(today.slice(0, 4))), {
        threshold: s.effectivePassRate,
        minSamples: s.minSamples,
      }),
    );
  if (kinds.has('repeat_failure'))
    out.push(
      ...repeatFailureWarnings(
        await repeatFailureFacts(db, districtCode, daysAgo(now, s.repeatWindowDays)),
        s,
      ),
    );
  if (kinds.has('quota_pace'))
    out.push(...quotaPaceWarnings(await quotaPaceFacts(db, districtCode, now), s, today));
  if (kinds.has('promise_mismatch'))
    out.push(
      ...mismatchWarnings(
        await mismatchFacts(db, districtCode, today, s.repeatWindowDays, s.mismatchWindowDays),
      ),
    );
  if ([...kinds].some((k) => k.startsWith('overdue_')))
    out.push(
      ...overdueWarnings(await overdueFacts(db, districtCode, today), s, today).filter((c) =>
        kinds.has(c.kind),
      ),
    );
  if (kinds.has('brand_expiry'))
    out.push(
      ...brandExpiryWarnings(await brandExpiryFacts(db, districtCode, today, s.brandExpiryDays), s, today),
    );
  if (kinds.has('suspicious_scan'))
    out.push(
      ...suspiciousScanWarnings(await scanFacts(db, districtCode, now), copyWarning, COPY_WINDOW_DAYS),
    );
  return out;
}

/**
 * Raises, updates and auto-resolves the warnings whose scope key starts with one of `prefixes`
 * (all of the live kinds when omitted). Raising is an upsert on the partial unique index, so a
 * scope has at most one active warning however many results fail. A scope a user resolved stays
 * resolved while its evidence (fingerprint) is unchanged.
 */
export async function evaluateDistrict(
  db: Db,
  districtCode: string,
  prefixes?: readonly string[],
  now = new Date(),
): Promise<{ active: number; resolved: number }> {
  const kinds = new Set(
    prefixes ? LIVE_KINDS.filter((k) => prefixes.some((p) => p.split(':')[0] === k)) : LIVE_KINDS,
  );
  if (kinds.size === 0) return { active: 0, resolved: 0 };
  const inScope = (key: string) => !prefixes || prefixes.some((p) => key.startsWith(p));
  const found = (await candidates(db, districtCode, kinds, now)).filter((c) => inScope(c.scopeKey));
  await upsertAll(db, districtCode, found, now);
  const keys = new Set(found.map((c) => c.scopeKey));
  const active = await db
    .select({ id: warnings.id, scopeKey: warnings.scopeKey })
    .from(warnings)
    .where(
      and(
        eq(warnings.districtCode, districtCode),
        inArray(warnings.state, ['open', 'acknowledged']),
        inArray(warnings.kind, [...kinds]),
      ),
    );
  const gone = active.filter((w) => inScope(w.scopeKey) && !keys.has(w.scopeKey)).map((w) => w.id);
  if (gone.length)
    await db
      .update(warnings)
      .set({ state: 'resolved', resolvedAt: now, resolvedBy: null, resolveReason: SYSTEM_RESOLVE_REASON })
      .where(
        and(
          eq(warnings.districtCode, districtCode),
          inArray(warnings.id, gone),
          inArray(warnings.state, ['open', 'acknowledged']),
        ),
      );
  return { active: found.length, resolved: gone.length };
}

/** Candidates per upsert statement (one JSON parameter each). */
const UPSERT_CHUNK = 500;

/**
 * Upserts the candidates a chunk at a time, each chunk one statement over a JSON parameter, with the
 * same rule for every row as one statement per candidate would apply. A scope key given twice goes
 * in a later round (one statement cannot touch a row twice), so the later candidate wins as before.
 */
async function upsertAll(db: Db, districtCode: string, found: readonly Candidate[], now: Date) {
  const rounds: Candidate[][] = [];
  const seen = new Map<string, number>();
  for (const c of found) {
    const n = seen.get(c.scopeKey) ?? 0;
    seen.set(c.scopeKey, n + 1);
    const round = rounds[n] ?? [];
    rounds[n] = round;
    round.push(c);
  }
  for (const round of rounds)
    for (let i = 0; i < round.length; i += UPSERT_CHUNK)
      await upsertChunk(db, districtCode, round.slice(i, i + UPSERT_CHUNK), now);
}

async function upsertChunk(db: Db, districtCode: string, chunk: readonly Candidate[], now: Date) {
  const at = now.toISOString();
  const rows = JSON.stringify(
    chunk.map((c) => ({
      id: randomUUID(),
      town_code: c.townCode,
      kind: c.kind,
      scope_key: c.scopeKey,
      level: c.level,
      subject: c.subject,
      evidence: c.evidence,
      fingerprint: c.fingerprint,
      owner_role: ownerRoleOf(c.townCode),
    })),
  );
  await db.execute(sql`
    insert into ${warnings} (district_code, id, town_code, kind, scope_key, level, state, subject, evidence,
      fingerprint, owner_role, first_seen, last_seen)
    select ${districtCode}, c.id, c.town_code, c.kind, c.scope_key, c.level, 'open', c.subject, c.evidence,
      c.fingerprint, c.owner_role, ${at}::timestamptz, ${at}::timestamptz
    from jsonb_to_recordset(${rows}::jsonb) as c(id uuid, town_code text, kind text, scope_key text, level text,
      subject text, evidence jsonb, fingerprint text, owner_role text)
    where not exists (
      select 1 from ${warnings} w
      where w.district_code = ${districtCode} and w.scope_key = c.scope_key and w.state = 'resolved'
        and w.resolved_by is not null and w.fingerprint = c.fingerprint
        and not exists (select 1 from ${warnings} a where a.district_code = ${districtCode}
          and a.scope_key = c.scope_key and a.state in ('open', 'acknowledged')))
    on conflict (district_code, scope_key) where state in ('open', 'acknowledged') do update set
      level = excluded.level, subject = excluded.subject, evidence = excluded.evidence,
      fingerprint = excluded.fingerprint, town_code = excluded.town_code,
      owner_role = excluded.owner_role, last_seen = excluded.last_seen`);
}
