export { employeeRoutes } from './routes.ts';
export { activeEmployees, employeesSupervisedBy, employeesToChoose, staleMarks } from './service.ts';
