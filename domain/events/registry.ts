/**
 * The registry's changes after a person or unit is first recorded: a correction of what
 * the registry holds about a person, a transfer to another unit, a retirement, a death,
 * and a unit's new name. Each is a fact with its actor in the event's metadata (the log
 * keeps who changed the registry), folded into the registry's read models by
 * activities/projections/core.ts like the events they follow (events/core.ts). The
 * decisions that produce them are domain/registryDecider.ts.
 *
 * A unit merged into another (合乡并村) is OrgUnitDissolved with `mergedInto`, in core.ts.
 */
import type { LrmxForm } from '../lrmx/form';

/**
 * What the registry holds about a person beyond the fields every procedure reads (the
 * roster's other columns, 三龄二历): each optional, absent when not known. Months are
 * `YYYY-MM`. `idNumber` and `phone` are personal information: in the log and the read
 * models they are sealed text (`cfenc:v1:…`, client/crypto/columnCipher.ts, bound to
 * PERSONAL_DATA_FIELDS' names), never the number itself; the client seals them before an
 * append and opens them for a reader allowed to see them (domain/personalData.ts masks).
 */
export interface PersonDetails {
  /** 民族, one of the 56 (domain/roster/ethnicGroups.ts). */
  ethnicity?: string;
  /** 出生年月 when the month is known (birthYear always holds the year). */
  birthMonth?: string;
  /** 籍贯. */
  nativePlace?: string;
  /** 政治面貌. */
  politicalStatus?: string;
  /** 入党时间. */
  joinedParty?: string;
  /** 参加工作时间. */
  startedWork?: string;
  /** 全日制 学历 / 学位. */
  fullTimeEducation?: string;
  fullTimeDegree?: string;
  /** 在职 学历 / 学位. */
  partTimeEducation?: string;
  partTimeDegree?: string;
  /** 身份证号, sealed. */
  idNumber?: string;
  /** 联系电话, sealed. */
  phone?: string;
  /** 备注. */
  note?: string;
}

export type PersonDetailKey = keyof PersonDetails;

/** The detail fields in the order the roster and the read model list them. */
export const PERSON_DETAIL_KEYS: readonly PersonDetailKey[] = [
  'ethnicity',
  'birthMonth',
  'nativePlace',
  'politicalStatus',
  'joinedParty',
  'startedWork',
  'fullTimeEducation',
  'fullTimeDegree',
  'partTimeEducation',
  'partTimeDegree',
  'idNumber',
  'phone',
  'note',
];

/**
 * The person fields the registry holds (PersonRegistered's and its details), each given
 * only when it changes. A detail set to null was cleared (the cell left blank).
 */
export type PersonFields = {
  name?: string;
  gender?: 'male' | 'female';
  birthYear?: number;
  /** Rank held outside any trial post. */
  rank?: string;
} & { [K in PersonDetailKey]?: string | null };

/** What the registry recorded about a person was wrong, or is out of date: the new values. */
export interface PersonCorrected {
  type: 'PersonCorrected';
  data: { personId: string; fields: PersonFields; correctedOn: string };
}

/** The person now works in another unit (调动). Posts are assigned and ended by their own events. */
export interface PersonTransferred {
  type: 'PersonTransferred';
  data: { personId: string; fromOrgUnitId: string; toOrgUnitId: string; effectiveOn: string };
}

/** The person retired (退休): off the roster, their history kept. */
export interface PersonRetired {
  type: 'PersonRetired';
  data: { personId: string; retiredOn: string };
}

/** The person died (去世): off the roster, their history kept. */
export interface PersonDied {
  type: 'PersonDied';
  data: { personId: string; diedOn: string };
}

/**
 * A person's 干部任免审批表 as last imported from an LRMX file (docs/lrmx.md): the boxes
 * the registry has no field for (出生地, 简历, 奖惩情况, 家庭成员, 照片, …) and the
 * elements no one here knows, kept so that an export gives them back. Never the ID
 * number (the registry seals it in the person's details). No read model: the export
 * reads the latest one from the person's stream.
 */
export interface AppointmentFormRecorded {
  type: 'AppointmentFormRecorded';
  data: { personId: string; form: LrmxForm; recordedOn: string };
}

/** A unit's new name (更名); its code and history stay. */
export interface OrgUnitRenamed {
  type: 'OrgUnitRenamed';
  data: { orgUnitId: string; name: string; previousName: string; effectiveOn: string };
}

export type RegistryChangeEvent =
  PersonCorrected | PersonTransferred | PersonRetired | PersonDied | OrgUnitRenamed | AppointmentFormRecorded;
