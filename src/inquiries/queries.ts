// Inquiries from outside and inside the shop: companies asking for an account, and buyers
// asking for a product.
import type { Conn } from '../db/knex.ts';

export type Inquiry = {
  id: number;
  kind: 'account_request' | 'product_request' | 'general';
  organisation_id: number | null;
  status: 'open' | 'converted' | 'closed';
  company_name: string | null;
  organisation_number: string | null;
  contact_name: string;
  email: string;
  phone: string | null;
  country: string | null;
  message: string | null;
  locale: string;
  converted_organisation_id: number | null;
  created_at: Date;
  // A product request's customer, by name.
  customer_name?: string | null;
};

export async function insertInquiry(db: Conn, row: Omit<Inquiry, 'id' | 'status' | 'converted_organisation_id' | 'created_at' | 'organisation_id'> & { organisation_id?: number; user_id?: number }) {
  const [{ id }] = await db('inquiries').insert(row).returning('id');
  return id as number;
}

export function openInquiries(db: Conn): Promise<Inquiry[]> {
  return db('inquiries as i').leftJoin('organisations as o', 'o.id', 'i.organisation_id').where('i.status', 'open')
    .orderBy('i.created_at', 'desc').limit(200).select('i.*', 'o.name as customer_name');
}

export function inquiryById(db: Conn, id: number, lock = false): Promise<Inquiry | undefined> {
  const q = db('inquiries as i').leftJoin('organisations as o', 'o.id', 'i.organisation_id').where('i.id', id).first('i.*', 'o.name as customer_name');
  return lock ? q.forUpdate('i') : q;
}

export async function markConverted(db: Conn, id: number, organisationId: number, now: Date) {
  await db('inquiries').where({ id }).update({ status: 'converted', converted_organisation_id: organisationId, updated_at: now });
}

export async function markClosed(db: Conn, id: number, now: Date) {
  await db('inquiries').where({ id }).update({ status: 'closed', updated_at: now });
}

export async function openInquiryCount(db: Conn): Promise<number> {
  const row = await db('inquiries').where({ status: 'open' }).count<{ n: number }[]>('* as n').first();
  return Number(row?.n ?? 0);
}
