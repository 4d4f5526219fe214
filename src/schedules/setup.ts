import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/contract.ts';

/** temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD (@temporalio/proto is not a direct dependency). */
const KEYWORD = 2;

/**
 * What an external server needs before schedules and runs can carry our search attributes; the dev server
 * gets them at start (src/temporal/dev-server.ts). Same as `temporal operator search-attribute create`.
 */
export async function ensureNamespace(connection: Connection, namespace: string, retentionDays: number): Promise<{ namespaceCreated: boolean; searchAttributesAdded: string[] }> {
  let namespaceCreated = false;
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (err) {
    if ((err as { code?: number }).code !== 5 /* NOT_FOUND */) throw err;
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retentionDays * 86_400_000) });
    namespaceCreated = true;
  }
  const { customAttributes } = await listAttributes(connection, namespace);
  const missing = Object.values(SEARCH_ATTRIBUTES).filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((key) => [key.name, KEYWORD])) });
  }
  return { namespaceCreated, searchAttributesAdded: missing.map((key) => key.name) };
}

/** A namespace just registered may take a moment to be readable. */
async function listAttributes(connection: Connection, namespace: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connection.operatorService.listSearchAttributes({ namespace });
    } catch (err) {
      if (attempt >= 20) throw err;
      await sleep(250);
    }
  }
}
