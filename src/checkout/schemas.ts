import { z } from 'zod';

const optionalText = (max: number) => z.string().trim().max(max, 'validation.too_long').default('').transform((v) => (v === '' ? null : v));

export const checkoutForm = z.object({
  delivery_address_id: z.string().default('').pipe(z.string().regex(/^\d{1,9}$/, 'checkout.address_required')).transform(Number),
  reference: optionalText(100),
  comment: optionalText(1000),
});

// The key the review page hands out: the same key twice is the same order.
export const confirmForm = checkoutForm.extend({
  idempotency_key: z.string().regex(/^[a-f0-9]{32}$/, 'validation.invalid'),
  cart_fingerprint: z.string().regex(/^[a-f0-9]{32}$/, 'validation.invalid'),
});
