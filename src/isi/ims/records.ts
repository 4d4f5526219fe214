// What the IMS Enterprise reader takes out of the file, before it is joined into SS 12000-shaped records: one object
// per <person>, <group> and <membership>/<member>, holding ids and the values of the fields we read. Staged as is
// (resources isi.persons, isi.groups, isi.members), so a retried assembly never parses the file again.

export interface ImsPerson {
  id: string;
  given?: string;
  family?: string;
  middle?: string;
  fn?: string;
  email?: string;
  /** <userid useridtype="…">: personnummer and user names, as sent. */
  userids: { type: string; value: string }[];
  bday?: string;
  /** <extension><securityMarking> (SS 12000 word), when the file carries it. */
  securityMarking?: string;
}

export interface ImsGroupType {
  scheme?: string;
  value: string;
}

export interface ImsGroup {
  id: string;
  types: ImsGroupType[];
  short?: string;
  long?: string;
  full?: string;
  begin?: string;
  end?: string;
  /** <relationship relation="1">: the parent group (a class's school unit, a school unit's owner). */
  parents: string[];
}

export interface ImsMember {
  groupId: string;
  personId: string;
  /** <idtype>: 1 person, 2 group. */
  idtype: string;
  roletype: string;
  subrole?: string;
  /** <status>: 1 active, 0 inactive. */
  status?: string;
  begin?: string;
  end?: string;
}

/** Counts of what the reader saw and what it left out for a stated reason (never silently). */
export interface ImsReadCounts {
  persons: number;
  groups: number;
  members: number;
  /** recstatus="3": records the file marks deleted. */
  deleted: number;
  /** Elements without a sourcedid/id: cannot be joined, counted. */
  withoutId: number;
}
