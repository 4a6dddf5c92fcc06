import { describe, expect, it } from 'vitest';
import { Upkeep } from './upkeep.ts';

describe('Upkeep', () => {
  it('runs the pieces after the caller goes on, one at a time and in order; drain waits for all', async () => {
    const log: string[] = [];
    const u = new Upkeep(() => undefined);
    const piece = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name} end`);
    };
    u.run('a', piece('a', 20));
    u.run('b', piece('b', 1));
    log.push('caller goes on');
    expect(u.size).toBe(2);
    await u.drain();
    expect(log).toEqual(['caller goes on', 'a start', 'a end', 'b start', 'b end']);
    expect(u.size).toBe(0);
  });

  it('logs a failed piece and still runs the next', async () => {
    const failures: string[] = [];
    const u = new Upkeep((what, err) => failures.push(`${what}: ${(err as Error).message}`));
    let ran = false;
    u.run('statistics', async () => {
      throw new Error('boom');
    });
    u.run('next', async () => {
      ran = true;
    });
    await u.drain();
    expect(failures).toEqual(['statistics: boom']);
    expect(ran).toBe(true);
  });
});
