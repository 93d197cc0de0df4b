// Who may see what. Login is required by default (mounted after the public pages);
// staff pages and permission-bound pages add their guard on top.
import type { RequestHandler } from 'express';
import { Forbidden } from '../lib/errors.ts';

export function requireLogin(): RequestHandler {
  return (req, res, next) => {
    if (req.user) return next();
    if (req.method === 'GET') return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    return res.redirect('/login');
  };
}

export function requireStaff(role: 'staff' | 'staff_admin' = 'staff'): RequestHandler {
  return (req, _res, next) => {
    const staffRole = req.user?.staff_role;
    if (!staffRole || (role === 'staff_admin' && staffRole !== 'staff_admin')) throw Forbidden();
    next();
  };
}

export function requirePermission(permission: string): RequestHandler {
  return (req, _res, next) => {
    if (!req.user?.permissions.includes(permission)) throw Forbidden();
    next();
  };
}

// Managing a customer (its people, budgets, approvals, rules) is done from one's own account:
// acting for a sub-customer is for ordering only (A7).
export function requireOwnAccount(): RequestHandler {
  return (req, _res, next) => {
    if (req.user?.acting_from) throw Forbidden();
    next();
  };
}

// Pages of a customer account (My page's company parts): shop staff have none.
export function requireCustomer(): RequestHandler {
  return (req, _res, next) => {
    if (!req.user?.organisation_id) throw Forbidden();
    next();
  };
}
