import type { Migration } from 'kysely';
import * as m0001 from './0001_event_store';
import * as m0002 from './0002_read_models';
import * as m0003 from './0003_accounts';
import * as m0004 from './0004_audit';
import * as m0006 from './0006_membership';
import * as m0008 from './0008_rectification';
import * as m0009 from './0009_election';
import * as m0010 from './0010_evaluation';
import * as m0011 from './0011_evaluation_quota_approval';
import * as m0012 from './0012_evaluation_appeal';
import * as m0013 from './0013_sessions_hashed_access_log';
import * as m0014 from './0014_event_hash_algorithm';
import * as m0016 from './0016_append_function';
import * as m0017 from './0017_selection';
import * as m0018 from './0018_person_departures';
import * as m0019 from './0019_person_details';
import * as m0020 from './0020_task_assignee';
import * as m0021 from './0021_attachments';
import * as m0022 from './0022_event_canonical_text';
import * as m0025 from './0025_pending_tasks_due';
import * as m0026 from './0026_ballots';
import * as m0027 from './0027_append_one_insert';

/**
 * Every migration, by name. A static record instead of `FileMigrationProvider` so the
 * set is fixed at build time and works under tsx, bundlers and single-file builds,
 * where there is no migrations folder to read. Names sort in the order they run.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_event_store': m0001,
  '0002_read_models': m0002,
  '0003_accounts': m0003,
  '0004_audit': m0004,
  '0006_membership': m0006,
  '0008_rectification': m0008,
  '0009_election': m0009,
  '0010_evaluation': m0010,
  '0011_evaluation_quota_approval': m0011,
  '0012_evaluation_appeal': m0012,
  '0013_sessions_hashed_access_log': m0013,
  '0014_event_hash_algorithm': m0014,
  '0016_append_function': m0016,
  '0017_selection': m0017,
  '0018_person_departures': m0018,
  '0019_person_details': m0019,
  '0020_task_assignee': m0020,
  '0021_attachments': m0021,
  '0022_event_canonical_text': m0022,
  '0025_pending_tasks_due': m0025,
  '0026_ballots': m0026,
  '0027_append_one_insert': m0027,
};
