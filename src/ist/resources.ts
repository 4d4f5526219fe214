import type { z } from 'zod';
import * as wire from './wire/resources.ts';

/** How each SS 12000 list is read. One generic paginator walks them all (see paging.ts). */
export interface ResourceSpec<S extends z.ZodType = z.ZodType> {
  path: string;
  schema: S;
}

// No `expand`: the export joins the lists locally, so it stays correct on servers that ignore expand
// and never needs a call per person.
export const RESOURCE_SPECS = {
  organisations: { path: 'organisations', schema: wire.organisation },
  persons: { path: 'persons', schema: wire.person },
  duties: { path: 'duties', schema: wire.duty },
  groups: { path: 'groups', schema: wire.group },
  activities: { path: 'activities', schema: wire.activity },
  syllabuses: { path: 'syllabuses', schema: wire.syllabus },
} as const satisfies Record<string, ResourceSpec>;

export type IstResourceName = keyof typeof RESOURCE_SPECS;
