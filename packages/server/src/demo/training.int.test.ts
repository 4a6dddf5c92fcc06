import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../domains/trace/rules.ts';
import { trainingAttendance, trainingSessions } from '../domains/training/table.ts';
import { buildTestApp, DISTRICT, entityBody, type TestApp, TOWN_A } from '../test/helper.ts';
import { seedDemoTraining } from './training.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('demo training', () => {
  it('seeds this year’s sessions up to today, with stores attending, fast', async () => {
    const admin = await t.as('district_admin');
    for (let i = 0; i < 12; i++) {
      const res = await admin({
        method: 'POST',
        url: '/api/entities',
        payload: entityBody({
          type: 'input_store',
          townCode: TOWN_A,
          industries: ['inputs'],
          mainProducts: ['农药'],
        }),
      });
      expect(res.statusCode).toBe(201);
    }
    const started = Date.now();
    await seedDemoTraining(t.database.db, DISTRICT, 7);
    expect(Date.now() - started).toBeLessThan(2000);
    const { db } = t.database;
    const sessions = await db
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.districtCode, DISTRICT));
    const today = chinaDate(new Date());
    expect(sessions.length).toBeGreaterThan(5);
    expect(sessions.every((s) => s.heldOn <= today && s.title.includes('（演示）'))).toBe(true);
    const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(trainingAttendance);
    expect(Number(n?.n)).toBeGreaterThan(12);
    const cov = (await admin({ url: '/api/training/coverage' })).json();
    const dealers = cov.rows.find(
      (r: { category: string; townCode: string }) => r.category === 'input_dealers' && r.townCode === TOWN_A,
    );
    expect(dealers.target).toBe(12);
    expect(dealers.trained).toBeGreaterThan(0);
  });
});
