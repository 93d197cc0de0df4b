// What a service returns when the input can be refused: the value, or each field's message key.
export type Outcome<T = void> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };
