// PostgreSQL's answer when a UNIQUE constraint refused a row (a race the code's own check lost).
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}
