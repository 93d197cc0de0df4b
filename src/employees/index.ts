export { employeeRoutes } from './routes.ts';
export { activeEmployees, employeesSupervisedBy, employeesToChoose } from './service.ts';
