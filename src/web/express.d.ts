// What the web layer knows about the signed-in user and the request, for every handler.
import type { Locale } from './i18n.ts';
// req.session's type is express-session's (passport and csrf-sync expect it); web/session.ts
// makes the object.
import type {} from 'express-session';

declare global {
  namespace Express {
    interface User {
      id: number;
      email: string;
      name: string;
      locale: Locale | null;
      organisation_id: number | null;
      organisation_name: string | null;
      // Set when the user's organisation is a sub-customer: its main customer.
      parent_organisation_id: number | null;
      staff_role: 'staff' | 'staff_admin' | null;
      permissions: string[];
      // Set while a main customer's user acts as one of its sub-customers (A7): the main customer.
      acting_from?: { id: number; name: string };
    }
    interface Request {
      locale: Locale;
      // Set by acceptUpload when a file could not be taken (too large): a message key.
      uploadError?: string;
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    actingAs?: number;
  }
}

export {};
