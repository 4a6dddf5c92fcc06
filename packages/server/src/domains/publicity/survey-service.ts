import { randomBytes, randomUUID } from 'node:crypto';
import type {
  PublicSurveyView,
  Question,
  ResponseBody,
  SurveyBody,
  SurveyResults,
  SurveyStatus,
  SurveyView,
} from '@nongan/shared/publicity/schemas';
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { badRequest, conflict, fieldError, HttpError, notFound } from '../../platform/http-error.ts';
import type { Actor } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { iso } from '../campaigns/names.ts';
import { isUniqueViolation } from '../certificates/holdings.ts';
import { townName } from '../regions/names.ts';
import { divisions } from '../regions/table.ts';
import { chinaDate } from '../trace/rules.ts';
import { deviceKeyFor, phoneKeyFor, respondentKey } from './respondent.ts';
import {
  type Answer,
  checkAnswers,
  normalisePhone,
  ratingsOf,
  satisfactionRate,
  surveyPhase,
  tally,
} from './rules.ts';
import { surveyResponses, surveys } from './table.ts';

export type SurveyRow = typeof surveys.$inferSelect;
const today = () => chinaDate(new Date());
// No 0/O/1/l/I: read aloud or typed from a poster without mistakes.
const SLUG_CHARS = 'abcdefghjkmnpqrstuvwxyz23456789';
const newSlug = () => [...randomBytes(8)].map((b) => SLUG_CHARS[b % SLUG_CHARS.length]).join('');

export async function getSurvey(db: Db, districtCode: string, id: string): Promise<SurveyRow> {
  const [s] = await db
    .select()
    .from(surveys)
    .where(and(eq(surveys.districtCode, districtCode), eq(surveys.id, id)));
  if (!s) throw notFound('调查不存在或不在本人辖区');
  return s;
}

async function responseCounts(db: Db, districtCode: string, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: surveyResponses.surveyId, n: count() })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.districtCode, districtCode), inArray(surveyResponses.surveyId, ids)))
    .groupBy(surveyResponses.surveyId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

export async function surveyViews(db: Db, rows: SurveyRow[]): Promise<SurveyView[]> {
  const d = rows[0]?.districtCode ?? '';
  const n = await responseCounts(
    db,
    d,
    rows.map((r) => r.id),
  );
  return rows.map((s) => ({
    id: s.id,
    slug: s.slug,
    title: s.title,
    intro: s.intro,
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    status: s.status as SurveyStatus,
    phase: surveyPhase({ ...s, status: s.status as SurveyStatus }, today()),
    questions: s.questions as Question[],
    responses: n.get(s.id) ?? 0,
    frozen: (n.get(s.id) ?? 0) > 0,
    createdAt: iso(s.createdAt),
  }));
}

export async function createSurvey(db: Db, actor: Actor, districtCode: string, b: SurveyBody) {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx
      .insert(surveys)
      .values({ districtCode, id, slug: newSlug(), ...b, createdBy: actor.user?.id ?? null });
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'survey',
      subjectId: id,
      regionCode: districtCode,
      after: { title: b.title, opensOn: b.opensOn, closesOn: b.closesOn, questions: b.questions.length },
    });
  });
  return getSurvey(db, districtCode, id);
}

const isFrozen = (e: unknown) => {
  for (
    let x = e as { code?: string; message?: string; cause?: unknown } | undefined;
    x;
    x = x.cause as typeof x
  )
    if (x.code === '23514' && x.message?.includes('frozen')) return true;
  return false;
};

/** Title, intro and dates may change until it closes; the questions only until someone answered. */
export async function updateSurvey(db: Db, actor: Actor, s: SurveyRow, b: SurveyBody) {
  if (s.status === 'closed') throw conflict('调查已结束，不能修改', [{ field: 'status', reason: '已结束' }]);
  const same = JSON.stringify(s.questions) === JSON.stringify(b.questions);
  const [{ n } = { n: 0 }] = await db
    .select({ n: count() })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.districtCode, s.districtCode), eq(surveyResponses.surveyId, s.id)));
  if (!same && Number(n) > 0) throw frozenError();
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(surveys)
        .set({ ...b, updatedAt: new Date() })
        .where(and(eq(surveys.districtCode, s.districtCode), eq(surveys.id, s.id)));
      await writeAudit(tx, actor, {
        action: 'update',
        subjectType: 'survey',
        subjectId: s.id,
        regionCode: s.districtCode,
        before: { title: s.title, opensOn: s.opensOn, closesOn: s.closesOn },
        after: { title: b.title, opensOn: b.opensOn, closesOn: b.closesOn, questionsChanged: !same },
      });
    });
  } catch (e) {
    // An answer arrived between the count and the update: the trigger refused.
    if (isFrozen(e)) throw frozenError();
    throw e;
  }
  return getSurvey(db, s.districtCode, s.id);
}
const frozenError = () =>
  conflict('已有群众作答，题目不能再修改（可修改标题、说明和日期）', [
    { field: 'questions', reason: '已有答卷，题目已冻结' },
  ]);

export async function setSurveyStatus(db: Db, actor: Actor, s: SurveyRow, to: 'published' | 'closed') {
  const from = to === 'published' ? 'draft' : 'published';
  const done = await db.transaction(async (tx) => {
    const rows = await tx
      .update(surveys)
      .set({ status: to, updatedAt: new Date() })
      .where(and(eq(surveys.districtCode, s.districtCode), eq(surveys.id, s.id), eq(surveys.status, from)))
      .returning({ id: surveys.id });
    if (rows.length)
      await writeAudit(tx, actor, {
        action: to === 'published' ? 'publish' : 'close',
        subjectType: 'survey',
        subjectId: s.id,
        regionCode: s.districtCode,
        before: { status: s.status },
        after: { status: to },
      });
    return rows.length > 0;
  });
  if (!done)
    throw conflict(to === 'published' ? '只有草稿可以发布' : '只有已发布的调查可以结束', [
      { field: 'status', reason: '与当前状态不符' },
    ]);
  return getSurvey(db, s.districtCode, s.id);
}

export async function surveyBySlug(db: Db, slug: string): Promise<SurveyRow> {
  const [s] = await db.select().from(surveys).where(eq(surveys.slug, slug));
  if (!s || s.status === 'draft') throw notFound('未找到该调查，请核对二维码或链接');
  return s;
}

export async function publicSurvey(db: Db, s: SurveyRow, answered: boolean): Promise<PublicSurveyView> {
  const towns = await db
    .select({ code: divisions.code, name: divisions.name })
    .from(divisions)
    .where(
      and(
        eq(divisions.districtCode, s.districtCode),
        eq(divisions.level, 'town'),
        eq(divisions.active, true),
      ),
    )
    .orderBy(asc(divisions.code));
  const [district] = await db
    .select({ name: divisions.name })
    .from(divisions)
    .where(eq(divisions.code, s.districtCode));
  const phase = surveyPhase({ ...s, status: s.status as SurveyStatus }, today());
  return {
    slug: s.slug,
    title: s.title,
    intro: s.intro,
    districtName: district?.name ?? '',
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    phase: phase === 'draft' ? 'upcoming' : phase,
    questions: s.questions as Question[],
    towns,
    answered,
  };
}

export async function alreadyAnswered(db: Db, s: SurveyRow, deviceId: string | null): Promise<boolean> {
  if (!deviceId) return false;
  const key = await respondentKey(db);
  const [r] = await db
    .select({ id: surveyResponses.id })
    .from(surveyResponses)
    .where(
      and(
        eq(surveyResponses.districtCode, s.districtCode),
        eq(surveyResponses.surveyId, s.id),
        eq(surveyResponses.deviceKey, deviceKeyFor(key, s.id, deviceId)),
      ),
    );
  return !!r;
}

const DUPLICATE_DEVICE = '本设备已提交过本次调查，每人只需填写一次';
const DUPLICATE_PHONE = '该手机号已提交过本次调查，每人只需填写一次';

/** Stores one response: open survey, valid answers, a town of its district, not yet answered by this device or phone. */
export async function submitResponse(
  db: Db,
  s: SurveyRow,
  b: ResponseBody,
  deviceId: string,
  ip: string | null,
) {
  const phase = surveyPhase({ ...s, status: s.status as SurveyStatus }, today());
  if (phase !== 'open')
    throw new HttpError(409, phase === 'upcoming' ? `调查将于 ${s.opensOn} 开始` : '调查已结束，感谢关注', [
      { field: 'survey', reason: phase === 'upcoming' ? '尚未开始' : '已结束' },
    ]);
  const checked = checkAnswers(s.questions as Question[], b.answers as Answer[]);
  if (!checked.ok) throw badRequest(checked.issues.map((i) => i.reason).join('；'), checked.issues);
  if (b.townCode) {
    const [t] = await db
      .select({ code: divisions.code })
      .from(divisions)
      .where(
        and(
          eq(divisions.code, b.townCode),
          eq(divisions.level, 'town'),
          eq(divisions.districtCode, s.districtCode),
        ),
      );
    if (!t) throw fieldError('townCode', '请选择列表中的镇街');
  }
  const key = await respondentKey(db);
  const id = randomUUID();
  try {
    await db.transaction(async (tx) => {
      await tx.insert(surveyResponses).values({
        districtCode: s.districtCode,
        id,
        surveyId: s.id,
        deviceKey: deviceKeyFor(key, s.id, deviceId),
        phoneKey: b.phone ? phoneKeyFor(key, s.id, normalisePhone(b.phone)) : null,
        townCode: b.townCode,
        answers: checked.answers,
      });
      // The audit names the survey only: no answer, no phone, no device.
      await writeAudit(
        tx,
        { user: null, ip },
        {
          action: 'answer',
          subjectType: 'survey',
          subjectId: s.id,
          regionCode: s.districtCode,
          after: { responseId: id },
        },
      );
    });
  } catch (e) {
    if (isUniqueViolation(e, 'survey_responses_device_uq'))
      throw conflict(DUPLICATE_DEVICE, [{ field: 'device', reason: '本设备已作答' }]);
    if (isUniqueViolation(e, 'survey_responses_phone_uq'))
      throw conflict(DUPLICATE_PHONE, [{ field: 'phone', reason: '该手机号已作答' }]);
    throw e;
  }
  return { id, createdAt: new Date().toISOString() };
}

interface ResponseRow {
  id: string;
  townCode: string | null;
  answers: Answer[];
  createdAt: Date;
}
export async function responsesOf(db: Db, s: SurveyRow, townCode?: string): Promise<ResponseRow[]> {
  return (await db
    .select({
      id: surveyResponses.id,
      townCode: surveyResponses.townCode,
      answers: surveyResponses.answers,
      createdAt: surveyResponses.createdAt,
    })
    .from(surveyResponses)
    .where(
      and(
        eq(surveyResponses.districtCode, s.districtCode),
        eq(surveyResponses.surveyId, s.id),
        townCode ? eq(surveyResponses.townCode, townCode) : undefined,
      ),
    )
    .orderBy(desc(surveyResponses.createdAt))) as ResponseRow[];
}

export async function surveyResults(db: Db, s: SurveyRow): Promise<SurveyResults> {
  const qs = s.questions as Question[];
  const rows = await responsesOf(db, s);
  const [view] = await surveyViews(db, [s]);
  const all = rows.flatMap((r) => ratingsOf(qs, r.answers));
  const byTown = new Map<string | null, ResponseRow[]>();
  for (const r of rows) byTown.set(r.townCode, [...(byTown.get(r.townCode) ?? []), r]);
  const codes = [...byTown.keys()].filter((c): c is string => !!c);
  const names = new Map(
    codes.length
      ? (
          await db
            .select({ code: divisions.code, name: divisions.name })
            .from(divisions)
            .where(inArray(divisions.code, codes))
        ).map((d) => [d.code, d.name])
      : [],
  );
  return {
    survey: view!,
    responses: rows.length,
    satisfactionRate: satisfactionRate(all),
    questions: tally(
      qs,
      rows.map((r) => r.answers),
    ),
    byTown: [...byTown.entries()]
      .map(([code, rs]) => ({
        townCode: code,
        townName: code ? townName(names, code) : '未填写镇街',
        responses: rs.length,
        satisfactionRate: satisfactionRate(rs.flatMap((r) => ratingsOf(qs, r.answers))),
      }))
      .sort((a, b) => (a.townCode ?? '~').localeCompare(b.townCode ?? '~')),
  };
}
