// Every table, for drizzle-kit and the typed client. Tables live in their domains.
export * from '../domains/accounts/table.ts';
export * from '../domains/audit/table.ts';
export * from '../domains/campaigns/table.ts';
export * from '../domains/cases/table.ts';
export * from '../domains/certificates/table.ts';
export * from '../domains/complaints/table.ts';
export * from '../domains/entities/table.ts';
export * from '../domains/inspections/table.ts';
export * from '../domains/regions/table.ts';
export * from '../domains/risk/table.ts';
export * from '../domains/sampling/plan-table.ts';
export * from '../domains/sampling/sample-table.ts';
export * from '../domains/standards/table.ts';
export * from '../domains/trace/table.ts';
export * from '../domains/warnings/table.ts';
export * from '../platform/outbox-table.ts';
export * from '../platform/serial-table.ts';
