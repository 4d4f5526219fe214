import type { Position } from './page-token.ts';
import type { RenderContext, ResourceDef } from './resources.ts';

export interface ListingPage {
  records: Record<string, unknown>[];
  /** Where the next page starts; undefined on the last page. */
  next?: Position;
}

/**
 * One page of a resource: walks its segments from `from`, fetching source rows in keyset batches of
 * `limit + 1` and rendering them, until `limit` records are collected and one more is known to exist.
 * Memory is bounded by the batch, never by the size of the list.
 */
export async function listPage(def: ResourceDef, ctx: RenderContext, limit: number, from: Position | undefined, modifiedAfter: Date | undefined): Promise<ListingPage> {
  const out: { record: Record<string, unknown>; at: Position }[] = [];
  for (let i = from?.i ?? 0; i < def.segments.length; i++) {
    const segment = def.segments[i]!;
    const resume = from && from.i === i ? from : undefined;
    let after = resume?.a;
    let inclusive = resume !== undefined;
    for (;;) {
      const rows = await segment.fetch(ctx.view, { after, inclusive, limit: limit + 1, ...(modifiedAfter ? { modifiedAfter } : {}) });
      if (rows.length === 0) break;
      const items = await segment.render(rows, ctx);
      for (const [r, row] of rows.entries()) {
        for (const item of items[r] ?? []) {
          // The row the previous page stopped in: skip what it already gave.
          if (resume && row.id === resume.a && item.key <= resume.k) continue;
          if (out.length === limit) return { records: out.map((o) => o.record), next: out[limit - 1]!.at };
          out.push({ record: item.record, at: { i, a: row.id, k: item.key } });
        }
      }
      if (rows.length < limit + 1) break;
      after = rows[rows.length - 1]!.id;
      inclusive = false;
    }
  }
  return { records: out.map((o) => o.record) };
}
