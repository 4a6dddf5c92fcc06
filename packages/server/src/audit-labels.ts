// Start-up wiring (above every domain): how each domain's records are named in the audit log.
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db/client.ts';
import { users } from './domains/accounts/table.ts';
import { assessmentManualScores, assessmentResults, assessmentSchemes } from './domains/assessment/table.ts';
import { registerSubjectLabels } from './domains/audit/repository.ts';
import { brandCertifications, regionalBrands, supportDecisions } from './domains/brands/table.ts';
import { bulletins } from './domains/bulletins/table.ts';
import { campaigns } from './domains/campaigns/table.ts';
import { cases } from './domains/cases/table.ts';
import { certificates } from './domains/certificates/table.ts';
import { complaints } from './domains/complaints/table.ts';
import { entities } from './domains/entities/table.ts';
import { publicityEvents, surveys } from './domains/publicity/table.ts';
import { monitoringPlans } from './domains/sampling/plan-table.ts';
import { rapidTests, samples } from './domains/sampling/sample-table.ts';
import { stdBases, stdProcedures } from './domains/standardisation/table.ts';
import { productionLots } from './domains/trace/table.ts';
import { trainingSessions } from './domains/training/table.ts';
import { warnings } from './domains/warnings/table.ts';

const by =
  (table: PgTable, id: AnyPgColumn, label: AnyPgColumn | SQL) =>
  async (db: Db, ids: string[]): Promise<Map<string, string>> => {
    const rows = (await db.select({ id, label }).from(table).where(inArray(id, ids))) as {
      id: string;
      label: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.label]));
  };

export function registerAuditLabels() {
  registerSubjectLabels('entity', by(entities, entities.id, entities.name));
  registerSubjectLabels('sample', by(samples, samples.id, samples.sampleNo));
  registerSubjectLabels('rapid_test', by(rapidTests, rapidTests.id, rapidTests.testNo));
  registerSubjectLabels('certificate', by(certificates, certificates.id, certificates.certNo));
  registerSubjectLabels('case', by(cases, cases.id, cases.caseNo));
  registerSubjectLabels('user', by(users, users.id, users.displayName));
  registerSubjectLabels('campaign', by(campaigns, campaigns.id, campaigns.title));
  registerSubjectLabels('complaint', by(complaints, complaints.id, complaints.reference));
  registerSubjectLabels('publicity_event', by(publicityEvents, publicityEvents.id, publicityEvents.title));
  registerSubjectLabels('survey', by(surveys, surveys.id, surveys.title));
  registerSubjectLabels(
    'training_session',
    by(trainingSessions, trainingSessions.id, trainingSessions.title),
  );
  registerSubjectLabels('plan', by(monitoringPlans, monitoringPlans.id, monitoringPlans.name));
  registerSubjectLabels(
    'brand_certification',
    by(brandCertifications, brandCertifications.id, brandCertifications.certNo),
  );
  registerSubjectLabels('regional_brand', by(regionalBrands, regionalBrands.id, regionalBrands.name));
  registerSubjectLabels(
    'support_decision',
    by(supportDecisions, supportDecisions.id, supportDecisions.title),
  );
  registerSubjectLabels('std_procedure', by(stdProcedures, stdProcedures.id, stdProcedures.number));
  registerSubjectLabels('std_base', by(stdBases, stdBases.id, stdBases.name));
  registerSubjectLabels('bulletin', by(bulletins, bulletins.id, bulletins.title));
  registerSubjectLabels('warning', by(warnings, warnings.id, warnings.subject));
  registerSubjectLabels(
    'assessment_scheme',
    by(
      assessmentSchemes,
      assessmentSchemes.id,
      sql`${assessmentSchemes.year} || '年考核方案第' || ${assessmentSchemes.version} || '版'`,
    ),
  );
  registerSubjectLabels(
    'assessment_result',
    by(
      assessmentResults,
      assessmentResults.id,
      sql`${assessmentResults.year} || '年考核结果第' || ${assessmentResults.version} || '次发布'`,
    ),
  );
  registerSubjectLabels(
    'assessment_score',
    by(
      assessmentManualScores,
      assessmentManualScores.id,
      sql`${assessmentManualScores.year} || '年考核人工评分'`,
    ),
  );
  registerSubjectLabels('production_lot', by(productionLots, productionLots.id, productionLots.lotNo));
}
