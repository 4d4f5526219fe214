// The workflow bundle's entry: every workflow the worker registers.
export { exportCustomer } from './export-customer.ts';
export { maintenance } from './maintenance.ts';
