export { recordAudit, auditRow, auditTrailOf, type AuditEntry } from './service.ts';
export type { AuditEventRow } from './queries.ts';
