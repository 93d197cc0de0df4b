// /my/employees (E3, for manage_employees, the "supervisor" role): "My employee list" (those I
// supervise) and "All employees", each with what they had bought in a period (from – to), a
// click through to the lines, and the list as CSV; adding, editing and deactivating employees.
import { Router, type Request, type Response } from 'express';
import { currencyOf } from '../catalog/index.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseForm, typedValues } from '../web/forms.ts';
import { requireCustomer, requireOwnAccount, requirePermission } from '../web/guards.ts';
import {
  addEmployee, editEmployee, employeeForm, employeeList, employeeOf, employeePage, employeesCsv, linesOf, peopleOf, rangeOf, setEmployeeActive, type Range,
} from './service.ts';

const FIELDS = ['name', 'employee_number', 'supervisor_id', 'user_id'];
const listOf = (req: Request) => (req.query.list === 'all' ? 'all' : 'mine');
// Where the list was when an employee was opened from it (which list, period, page), to go
// back there after a change: only those parameters, so the redirect stays on this list.
const listQueryOf = (value: unknown): string => {
  const kept = new URLSearchParams();
  for (const [key, v] of new URLSearchParams(typeof value === 'string' ? value : '')) if (['list', 'from', 'to', 'page'].includes(key) && !kept.has(key)) kept.set(key, v);
  return kept.toString() || 'list=all';
};
// A page number that is not one is the first page.
const pageOf = (req: Request) => (typeof req.query.page === 'string' && /^[1-9]\d{0,5}$/.test(req.query.page) ? Number(req.query.page) : 1);
const periodQuery = (req: Request) => ({ from: typeof req.query.from === 'string' ? req.query.from : undefined, to: typeof req.query.to === 'string' ? req.query.to : undefined });

export function employeeRoutes(deps: WebDeps): Router {
  const router = Router();
  router.use(['/my/employees', '/my/employees.csv'], requireCustomer(), requirePermission('manage_employees'), requireOwnAccount());

  // A bad period is said by its field; the list then shows this month.
  const period = (req: Request): { range: Range; errors: Record<string, string> } => {
    const { now } = contextFor(deps, req);
    const asked = rangeOf(now, periodQuery(req));
    if (asked.ok) return { range: asked.value, errors: {} };
    return { range: (rangeOf(now, {}) as { ok: true; value: Range }).value, errors: asked.errors };
  };

  const index = async (req: Request, res: Response, values: Record<string, string>, errors: Record<string, string>, status = 200) => {
    const ctx = contextFor(deps, req);
    const orgId = req.user!.organisation_id!;
    const list = listOf(req);
    const { range, errors: periodErrors } = period(req);
    const page = pageOf(req);
    const [{ employees, hasNext }, people, currency] = await Promise.all([employeePage(ctx, orgId, range, list === 'mine' ? req.user!.id : null, page), peopleOf(ctx, orgId), currencyOf(ctx, orgId)]);
    const top = Math.max(1, ...employees.map((e) => e.total));
    const query = new URLSearchParams({ list, from: periodQuery(req).from || range.fromDay, to: periodQuery(req).to || range.toDay }).toString();
    res.status(Object.keys(periodErrors).length > 0 ? 422 : status).render('employees/index', {
      list, employees, people, top, range, query, page, hasNext, period: periodQuery(req), periodErrors, values, errors, currency,
    });
  };

  router.get('/my/employees', (req, res) => index(req, res, { name: '', employee_number: '', supervisor_id: String(req.user!.id), user_id: '' }, {}));
  router.post('/my/employees', async (req, res) => {
    const form = parseForm(employeeForm, req.body);
    const outcome = form.ok ? await addEmployee(contextFor(deps, req), req.user!.organisation_id!, form.data) : form;
    if (!outcome.ok) return index(req, res, typedValues(req.body, FIELDS), outcome.errors, 422);
    flash(req, 'success', 'employees.added');
    res.redirect('/my/employees?list=all');
  });

  router.get('/my/employees.csv', async (req, res) => {
    const { range, errors } = period(req);
    if (Object.keys(errors).length > 0) return index(req, res, typedValues({}, FIELDS), {}, 422);
    const list = listOf(req);
    const rows = await employeeList(contextFor(deps, req), req.user!.organisation_id!, range, list === 'mine' ? req.user!.id : null);
    const t = res.locals.t;
    const header = ['employee_number', 'name', 'supervisor', 'active', 'from', 'to', 'lines', 'total'].map((c) => t(`employees.csv.${c}`));
    const words = { header, yes: t('employees.csv.yes'), no: t('employees.csv.no') };
    res.attachment(`employees-${range.fromDay}-${range.toDay}.csv`).type('text/csv; charset=utf-8').send(employeesCsv(rows, range, words, req.locale));
  });

  const editPage = async (req: Request, res: Response, values: Record<string, string> | null, errors: Record<string, string>, status = 200) => {
    const ctx = contextFor(deps, req);
    const found = await employeeOf(ctx, req.user!.organisation_id!, idFrom(req.params.id));
    const shown = values ?? { name: found.name, employee_number: found.employee_number, supervisor_id: String(found.supervisor_id ?? ''), user_id: String(found.user_id ?? '') };
    const back = listQueryOf(req.method === 'POST' ? req.body?.back : req.query.back);
    res.status(status).render('employees/edit', { employee: found, people: await peopleOf(ctx, req.user!.organisation_id!), values: shown, errors, back });
  };
  router.get('/my/employees/:id/edit', (req, res) => editPage(req, res, null, {}));
  router.post('/my/employees/:id', async (req, res) => {
    const form = parseForm(employeeForm, req.body);
    const outcome = form.ok ? await editEmployee(contextFor(deps, req), req.user!.organisation_id!, idFrom(req.params.id), form.data) : form;
    if (!outcome.ok) return editPage(req, res, typedValues(req.body, FIELDS), outcome.errors, 422);
    flash(req, 'success', 'employees.saved');
    res.redirect(`/my/employees?${listQueryOf(req.body?.back)}`);
  });
  for (const [path, active] of [['deactivation', false], ['activation', true]] as const) {
    router.post(`/my/employees/:id/${path}`, async (req, res) => {
      await setEmployeeActive(contextFor(deps, req), req.user!.organisation_id!, idFrom(req.params.id), active);
      flash(req, 'success', active ? 'employees.activated' : 'employees.deactivated');
      res.redirect(`/my/employees?${listQueryOf(req.body?.back)}`);
    });
  }

  router.get('/my/employees/:id/lines', async (req, res) => {
    const { range, errors } = period(req);
    const found = await linesOf(contextFor(deps, req), req.user!.organisation_id!, idFrom(req.params.id), range);
    res.status(Object.keys(errors).length > 0 ? 422 : 200).render('employees/lines', { ...found, range, period: periodQuery(req), periodErrors: errors });
  });
  return router;
}
