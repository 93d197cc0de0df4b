export { employeeRoutes } from './routes.ts';
export { activeEmployeeIds, employeesSupervisedBy, employeesToChoose, markLinesFor } from './service.ts';
