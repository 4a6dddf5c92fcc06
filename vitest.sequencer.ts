import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest orders files longest first only when it has timings from an earlier run; a fresh clone
 * (CI) has none and goes by file size, so the long fuzz file could start last and run alone at the
 * end. These files, the longest in every measured run, start first within their project.
 */
const SLOW = [
  'packages/server/src/test/fuzz.int.test.ts',
  'packages/server/src/platform/upload.int.test.ts',
  'packages/server/src/test/tenancy.int.test.ts',
  'packages/server/src/domains/assessment/assessment.int.test.ts',
  'packages/server/src/platform/bootstrap.int.test.ts',
  'e2e/walk-district.e2e.test.ts',
  'e2e/walk-local.e2e.test.ts',
  'e2e/sampling.e2e.test.ts',
];

const rank = (spec: TestSpecification) => {
  const i = SLOW.findIndex((path) => spec.moduleId.endsWith(path));
  return i < 0 ? SLOW.length : i;
};

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // The base order keeps projects apart; reorder only inside each run of one project.
    const out: TestSpecification[] = [];
    let group: TestSpecification[] = [];
    const flush = () => {
      out.push(
        ...group
          .map((spec, i) => ({ spec, i }))
          .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
          .map((x) => x.spec),
      );
      group = [];
    };
    for (const spec of sorted) {
      if (group.length && group[0]!.project.name !== spec.project.name) flush();
      group.push(spec);
    }
    flush();
    return out;
  }
}
