import type { Db } from './db.ts';

/** The pushed trigger of an ISI run and where its file stands. */
export interface IsiTriggerRow {
  triggerId: string;
  /** Set once the whole file is stored. */
  received: { messageId: string | null; bytes: number } | null;
}

/**
 * What the ISI route keeps between activities: the run's trigger (pushed once; every retry and every worker finds
 * it here) and the file ISI delivered (stored whole before staging starts, so parsing can be retried without asking
 * ISI again). The file holds roster data: it is dropped with the run's staging.
 */
export class IsiMessages {
  constructor(private readonly db: Db) {}

  async trigger(runId: string): Promise<IsiTriggerRow | undefined> {
    const [row] = await this.db.query<{ trigger_id: string; message_id: string | null; file_bytes: string | number | null; received_at: unknown }>(
      'SELECT trigger_id, message_id, file_bytes, received_at FROM isi_triggers WHERE run_id = $1',
      [runId],
    );
    if (!row) return undefined;
    return { triggerId: row.trigger_id, received: row.received_at ? { messageId: row.message_id, bytes: Number(row.file_bytes ?? 0) } : null };
  }

  /** Record the run's trigger; the first one recorded wins and is returned. */
  async saveTrigger(runId: string, triggerId: string): Promise<string> {
    await this.db.query('INSERT INTO isi_triggers (run_id, trigger_id) VALUES ($1, $2) ON CONFLICT (run_id) DO NOTHING', [runId, triggerId]);
    return (await this.trigger(runId))?.triggerId ?? triggerId;
  }

  /** Store the file chunk by chunk; it counts as received only once every chunk is in. */
  async saveFile(runId: string, messageId: string | undefined, chunks: AsyncIterable<Buffer>): Promise<number> {
    await this.db.query('UPDATE isi_triggers SET received_at = NULL, file_bytes = NULL WHERE run_id = $1', [runId]);
    await this.db.query('DELETE FROM isi_file_chunks WHERE run_id = $1', [runId]);
    let chunkNo = 0;
    let bytes = 0;
    for await (const chunk of chunks) {
      await this.db.query('INSERT INTO isi_file_chunks (run_id, chunk_no, bytes) VALUES ($1, $2, $3)', [runId, ++chunkNo, chunk]);
      bytes += chunk.length;
    }
    await this.db.query('UPDATE isi_triggers SET message_id = $2, file_bytes = $3, received_at = now() WHERE run_id = $1', [runId, messageId ?? null, bytes]);
    return bytes;
  }

  /** The stored file, chunk by chunk, one chunk in memory at a time. */
  async *file(runId: string): AsyncGenerator<Buffer> {
    const rows = await this.db.query<{ chunk_no: number }>('SELECT chunk_no FROM isi_file_chunks WHERE run_id = $1 ORDER BY chunk_no', [runId]);
    for (const { chunk_no } of rows) {
      const [row] = await this.db.query<{ bytes: Uint8Array }>('SELECT bytes FROM isi_file_chunks WHERE run_id = $1 AND chunk_no = $2', [runId, chunk_no]);
      if (row) yield Buffer.from(row.bytes);
    }
  }

  /** Nothing personal lingers: drop the file (the trigger row stays with the run, ids only). */
  async drop(runId: string): Promise<void> {
    await this.db.query('DELETE FROM isi_file_chunks WHERE run_id = $1', [runId]);
  }
}
