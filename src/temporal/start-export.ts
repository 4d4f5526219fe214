import type { Client, WorkflowHandle } from '@temporalio/client';
import { exportWorkflowId, SEARCH_ATTRIBUTES, TASK_QUEUE, type ExportCustomerInput } from '../../workflows/contract.ts';
import type { exportCustomer } from '../../workflows/export-customer.ts';

/** Start one export run now; the workflow id names the customer and the moment. */
export async function startExport(client: Client, customerId: string, options: { taskQueue?: string } = {}): Promise<WorkflowHandle<typeof exportCustomer>> {
  const input: ExportCustomerInput = { version: 1, customerId };
  return client.workflow.start<typeof exportCustomer>('exportCustomer', {
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowId: exportWorkflowId(customerId, new Date().toISOString()),
    args: [input],
    typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.customerId, value: customerId }],
  });
}
