export { recordAudit, auditRow, auditTrailOf, staffAuditTrailOf, type AuditEntry } from './service.ts';
export type { AuditEventRow } from './queries.ts';
