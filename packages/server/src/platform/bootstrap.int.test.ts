import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq, isNull, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { users } from '../domains/accounts/table.ts';
import { certificates, marketChecks } from '../domains/certificates/table.ts';
import { entities } from '../domains/entities/table.ts';
import { divisions } from '../domains/regions/table.ts';
import { rapidTests, samples } from '../domains/sampling/sample-table.ts';
import { openTestDatabase } from '../test/helper.ts';
import { prepareDatabase } from './bootstrap.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'nongan-boot-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('start-up', () => {
  it('creates a first administrator once, with a generated password that must be changed', async () => {
    const database = await openTestDatabase();
    const stateDir = tempDir();
    const lines: string[] = [];
    const first = await prepareDatabase(database, { demo: false, stateDir, log: (l) => lines.push(l) });
    expect(first.demo).toBe(false);
    expect(first.logins).toHaveLength(1);
    expect(first.logins[0]?.username).toBe('admin');
    expect(first.logins[0]?.password).toMatch(/^[A-Za-z0-9]{16}$/);
    const again = await prepareDatabase(database, { demo: false, stateDir, log: () => {} });
    expect(again.logins).toEqual([]);
    const [n] = await database.db.select({ n: count() }).from(users);
    expect(Number(n?.n)).toBe(1);
    await database.close();
  });

  it('fills an empty database with a synthetic district and keeps the demo logins for later starts', async () => {
    const database = await openTestDatabase();
    const stateDir = tempDir();
    const progress: string[] = [];
    const first = await prepareDatabase(database, {
      demo: true,
      stateDir,
      log: (l) => progress.push(l),
      demoOptions: { entities: 300, seed: 7, rapidTests: 40, labSamples: 6 },
    });
    expect(first.demo).toBe(true);
    expect(first.logins.map((c) => c.role).sort()).toEqual(
      [
        'district_admin',
        'district_staff',
        'market_checker',
        'producer',
        'producer',
        'testing_centre',
        'town_supervisor',
        'town_supervisor',
        'village_coordinator',
      ].sort(),
    );
    expect(progress.some((l) => l.includes('300/300'))).toBe(true);
    const [e] = await database.db.select({ n: count() }).from(entities);
    expect(Number(e?.n)).toBe(300);
    const [rt] = await database.db.select({ n: count() }).from(rapidTests);
    expect(Number(rt?.n)).toBeGreaterThan(20);
    const [sm] = await database.db.select({ n: count() }).from(samples);
    expect(Number(sm?.n)).toBeGreaterThan(0);
    const [v] = await database.db.select({ n: count() }).from(divisions);
    expect(Number(v?.n)).toBeGreaterThan(29);
    // One issued quarterly bulletin, computed from the demo data and saying it is synthetic.
    const issued = (await database.db.execute(
      sql`select title, sections->>'intro' as intro, figures->'towns' as towns from bulletins where state = 'issued'`,
    )) as unknown as { rows: { title: string; intro: string; towns: unknown[] }[] };
    expect(issued.rows).toHaveLength(1);
    expect(issued.rows[0]?.intro).toContain('合成演示数据');
    expect(issued.rows[0]?.towns.length).toBeGreaterThan(20);
    // Nothing is dated later than now (columns that name a future moment by design aside).
    const columns = (await database.db.execute(sql`
      select table_name as t, column_name as c from information_schema.columns
      where table_schema = 'public' and data_type like 'timestamp%'
        and column_name !~ '(expires|until|due|deadline|locked|next_run|run_at)'`)) as unknown as {
      rows: { t: string; c: string }[];
    };
    expect(columns.rows.length).toBeGreaterThan(20);
    const future: string[] = [];
    for (const { t, c } of columns.rows) {
      const res = (await database.db.execute(
        sql.raw(`select count(*)::int as n from "${t}" where "${c}" > now() + interval '1 minute'`),
      )) as unknown as { rows: { n: number }[] };
      if (res.rows[0]?.n) future.push(`${t}.${c}: ${res.rows[0].n}`);
    }
    expect(future).toEqual([]);
    // The chain through a buyer can be seen, and market checks name their checker.
    const [buyerCerts] = await database.db
      .select({ n: count() })
      .from(certificates)
      .where(eq(certificates.style, 'buyer'));
    expect(Number(buyerCerts?.n)).toBeGreaterThan(0);
    const [unnamed] = await database.db
      .select({ n: count() })
      .from(marketChecks)
      .where(isNull(marketChecks.checkedBy));
    expect(Number(unnamed?.n)).toBe(0);
    // The seeding's own full warning evaluation stands for its events: none waits for the consumer,
    // so the first start does not re-evaluate the district once per event.
    const waiting = (await database.db.execute(
      sql`select count(*)::int as n from domain_events where type in ('sampling.verified', 'sampling.failed', 'rapid.positive') and not ('warnings.evaluate' = any(consumed_by))`,
    )) as unknown as { rows: { n: number }[] };
    expect(waiting.rows[0]?.n).toBe(0);
    const saved = JSON.parse(readFileSync(join(stateDir, 'demo-credentials.json'), 'utf8'));
    expect(saved).toEqual(first.logins);
    const again = await prepareDatabase(database, { demo: true, stateDir, log: () => {} });
    expect(again).toEqual({ demo: true, logins: first.logins });
    const [e2] = await database.db.select({ n: count() }).from(entities);
    expect(Number(e2?.n)).toBe(300);
    await database.close();
  });
});
