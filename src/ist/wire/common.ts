import { z } from 'zod';

// Wire schemas are lenient on purpose: extra fields pass through, enum-like fields are plain strings
// (SS 12000 2.1 grew dutyRole from 6 to 19 values); code lists in ./code-lists.ts tell known from unknown.

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const objectReference = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().optional(),
});
export type ObjectReference = z.infer<typeof objectReference>;

export const meta = z.looseObject({
  created: z.string().optional(),
  modified: z.string().optional(),
});

/** IST's list envelope: `pageToken` null or absent means the last page. */
export const listEnvelope = z.looseObject({
  data: z.array(z.unknown()),
  pageToken: z.string().nullish(),
});

/** SS 12000's Error: `{code, message}`. Servers also wrap it (`{"error": {code, message}}`) or send plain text. */
export const istErrorBody = z.looseObject({
  code: z.string(),
  message: z.string(),
});
export const wrappedIstErrorBody = z.looseObject({ error: istErrorBody });
