import { z } from 'zod';
import { MAX_QTY } from './service.ts';

export const quantity = z
  .string('cart.qty_whole')
  .trim()
  // A whole number, negative or past what a number holds too: that one is then told the range,
  // as quick order tells it.
  .regex(/^-?\d+$/, 'cart.qty_whole')
  .transform(Number)
  .pipe(z.number().int('cart.qty_range').min(1, 'cart.qty_range').max(MAX_QTY, 'cart.qty_range'));

export const addForm = z.object({
  sku: z.string().trim().min(1, 'validation.required').max(64, 'cart.unknown_sku'),
  qty: quantity,
});

export const quantityForm = z.object({ qty: quantity });
