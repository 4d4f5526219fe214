import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { checkRecords, type QuarantinedRecord } from '../ist/records.ts';
import { protectStagedRecords } from '../map/civic-no-staging.ts';
import type { Staging } from '../store/staging.ts';
import { IST_RESOURCES, type IstResource, type ResourceFetchResult, type UnknownCodeValue } from '../../workflows/contract.ts';
import { assembleIms, type AssembleCounts } from './ims/assemble.ts';
import { ImsDocumentError, ImsReader } from './ims/reader.ts';
import type { ImsGroup, ImsMember, ImsPerson, ImsReadCounts } from './ims/records.ts';

// The received file → staging, in two steps, each in bounded memory for the parse:
//  1. gunzip → streaming XML reader → IMS records, staged in pages as they come (isi.persons, isi.groups, isi.members);
//  2. those pages → SS 12000-shaped lists (organisations, persons, duties, groups, activities, syllabuses), staged in
//     pages like the REST route's, checked against the same wire schemas (quarantine) and with personnummer protected.
// Retrying starts both steps over from the stored file: the staged pages of an earlier attempt are replaced.

/** A payload format: reads one messageClass's document. IMS Enterprise is the one there is. */
export interface IsiPayloadFormat {
  /** A reader fed decoded text; it hands records to the sink. */
  reader(sink: { person(p: ImsPerson): void; group(g: ImsGroup): void; member(m: ImsMember): void }): { write(text: string): void; close(): void; readonly counts: ImsReadCounts };
}

export const PAYLOAD_FORMATS: Record<string, IsiPayloadFormat> = {
  IMS2013: { reader: (sink) => new ImsReader(sink) },
  IMS: { reader: (sink) => new ImsReader(sink) },
};

const RAW = { persons: 'isi.persons', groups: 'isi.groups', members: 'isi.members' } as const;

/** Thrown when the stored file cannot be read; `part` says where (the activity turns it into IsiFileCorruptError). */
export class StoredFileUnreadableError extends Error {
  override readonly name = 'StoredFileUnreadableError';
  constructor(readonly part: 'gzip' | 'xml' | 'format', detail: string) {
    super(detail);
  }
}

export interface StageFileOptions {
  /** Records per staged page. Default 500. */
  pageSize?: number;
  forwardCivicNo: boolean;
  env?: NodeJS.ProcessEnv;
  /** Called after each staged page: the activity heartbeats. */
  onProgress?: () => void;
}

export interface StageFileResult {
  resources: ResourceFetchResult[];
  read: ImsReadCounts;
  assembled: AssembleCounts;
}

/** Pages of one staged list: buffered up to pageSize, written in order from page 1. */
class PageWriter {
  private records: unknown[] = [];
  private quarantined: QuarantinedRecord[] = [];
  pages = 0;
  count = 0;
  quarantinedCount = 0;
  constructor(
    private readonly staging: Staging,
    private readonly runId: string,
    private readonly resource: string,
    private readonly pageSize: number,
    private readonly prepare: (records: unknown[]) => { valid: unknown[]; quarantined: QuarantinedRecord[] },
    private readonly onProgress: () => void,
  ) {}

  async add(record: unknown): Promise<void> {
    this.records.push(record);
    if (this.records.length >= this.pageSize) await this.flush(false);
  }

  async quarantine(q: QuarantinedRecord): Promise<void> {
    this.quarantined.push(q);
    if (this.quarantined.length >= this.pageSize) await this.flush(false);
  }

  /** `last`: write even an empty page and mark the list complete (no next page). */
  async flush(last: boolean): Promise<void> {
    if (!last && this.records.length === 0 && this.quarantined.length === 0) return;
    const { valid, quarantined } = this.prepare(this.records);
    const allQuarantined = [...this.quarantined, ...quarantined];
    await this.staging.putPage(this.runId, this.resource, ++this.pages, valid, last ? null : 'isi-more', allQuarantined);
    this.count += valid.length;
    this.quarantinedCount += allQuarantined.length;
    this.records = [];
    this.quarantined = [];
    this.onProgress();
  }
}

export async function stageIsiFile(
  file: AsyncIterable<Buffer>,
  format: IsiPayloadFormat,
  staging: Staging,
  runId: string,
  options: StageFileOptions,
): Promise<StageFileResult> {
  const pageSize = options.pageSize ?? 500;
  const onProgress = options.onProgress ?? (() => {});
  for (const resource of [...Object.values(RAW), ...IST_RESOURCES]) await staging.resetResource(runId, resource);

  // Step 1: the file → IMS records in raw pages.
  const raw = {
    persons: new PageWriter(staging, runId, RAW.persons, pageSize, (r) => ({ valid: r, quarantined: [] }), onProgress),
    groups: new PageWriter(staging, runId, RAW.groups, pageSize, (r) => ({ valid: r, quarantined: [] }), onProgress),
    members: new PageWriter(staging, runId, RAW.members, pageSize * 4, (r) => ({ valid: r, quarantined: [] }), onProgress),
  };
  const pending: { writer: PageWriter; record: unknown }[] = [];
  const reader = format.reader({
    person: (p) => pending.push({ writer: raw.persons, record: p }),
    group: (g) => pending.push({ writer: raw.groups, record: g }),
    member: (m) => pending.push({ writer: raw.members, record: m }),
  });
  const gunzip = Readable.from(file).pipe(createGunzip());
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of gunzip) {
      try {
        reader.write(decoder.decode(chunk as Buffer, { stream: true }));
      } catch (err) {
        throw new StoredFileUnreadableError(err instanceof ImsDocumentError && /root element|empty/.test(err.message) ? 'format' : 'xml', (err as Error).message);
      }
      // The reader is synchronous: what one chunk yielded is written before the next chunk is read.
      for (const { writer, record } of pending.splice(0)) await writer.add(record);
    }
  } catch (err) {
    gunzip.destroy();
    if (err instanceof StoredFileUnreadableError) throw err;
    throw new StoredFileUnreadableError('gzip', (err as Error).message);
  }
  try {
    reader.write(decoder.decode());
    reader.close();
  } catch (err) {
    throw new StoredFileUnreadableError(/root element|empty/.test((err as Error).message) ? 'format' : 'xml', (err as Error).message);
  }
  for (const { writer, record } of pending.splice(0)) await writer.add(record);
  for (const writer of Object.values(raw)) await writer.flush(true);

  // Step 2: IMS records → SS 12000-shaped lists.
  const lists = Object.fromEntries(
    IST_RESOURCES.map((resource) => [
      resource,
      new PageWriter(staging, runId, resource, pageSize, (records) => {
        const checked = checkRecords(resource, records);
        return { valid: protectStagedRecords(resource, checked.valid, options.forwardCivicNo, options.env), quarantined: checked.quarantined };
      }, onProgress),
    ]),
  ) as Record<IstResource, PageWriter>;
  const pagesOf = <T>(resource: string) => staging.records(runId, resource) as AsyncIterable<T[]>;
  const assembled = await assembleIms(
    { persons: () => pagesOf<ImsPerson>(RAW.persons), groups: () => pagesOf<ImsGroup>(RAW.groups), members: () => pagesOf<ImsMember>(RAW.members) },
    {
      add: (resource, record) => lists[resource].add(record),
      quarantine: (resource, istId, field, reason) => lists[resource].quarantine({ resource, istId, field, reason }),
    },
  );
  for (const writer of Object.values(lists)) await writer.flush(true);
  // The raw IMS pages are no longer needed; the lists are what the snapshot is built from.
  for (const resource of Object.values(RAW)) await staging.resetResource(runId, resource);

  const unknownCodes: Partial<Record<IstResource, UnknownCodeValue[]>> = {
    groups: Object.entries(assembled.unknownGroupTypes).map(([value, records]) => ({ field: 'ims.group.grouptype.typevalue', value, records })),
    persons: Object.entries(assembled.unknownRoleTypes).map(([value, records]) => ({ field: 'ims.membership.member.role.roletype', value, records })),
  };
  return {
    read: reader.counts,
    assembled,
    resources: IST_RESOURCES.map((resource) => {
      const w = lists[resource];
      const codes = unknownCodes[resource] ?? [];
      return { resource, pages: w.pages, records: w.count, quarantined: w.quarantinedCount, ...(codes.length > 0 ? { unknownCodes: codes } : {}) };
    }),
  };
}
