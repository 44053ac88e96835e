/**
 * The wire types (domain/wire/, written once for the server and the web UI) against the
 * API's response schemas (client/api/*Schemas.ts). Fastify serializes an answer by its
 * schema and drops what the schema does not name, so a field added to a wire type and
 * not to its schema never reaches the UI; and a field the schema names that the type
 * lacks is one the UI cannot read. Each expected shape below is checked by the compiler
 * against the type (every key, and whether it is optional), and by this test against the
 * schema (the same keys, `required` exactly the keys that are not optional).
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../domain/wire/problem';
import type { User } from '../../domain/wire/user';
import type { Task } from '../../domain/wire/task';
import type { CaseView, TimelineEntry } from '../../domain/wire/caseView';
import type { BallotSessionFinding, DecisionBallotFinding } from '../../domain/wire/ballotCheck';
import type { CaseHeading, CaseSummary } from '../../domain/wire/caseSummary';
import type { DecisionReceipt } from '../../domain/wire/decisionReceipt';
import type { PersonListItem } from '../../domain/wire/personListItem';
import type { Dashboard, RectificationSummary } from '../../domain/wire/dashboard';
import type { FlaggedCadre, RoundCounts, RoundDashboard, TownshipLine, UnitLine } from '../../domain/wire/roundDashboard';
import type { RoundProgress, RoundStart, RoundView } from '../../domain/wire/roundProgress';
import type { UnitMemberLine } from '../../domain/wire/unitMemberLine';
import type { AccessChainReport, AccessEntry } from '../../domain/wire/accessLog';
import type {
  CaseVerification,
  VerifiedChain,
  VerifiedDecisions,
  VerifiedExecutionFinding,
  VerifiedExecutions,
  VerifiedRun,
  VerifiedUnsealed,
} from '../../domain/wire/caseVerification';
import type { DecisionFinding } from '../../domain/wire/decisionFinding';
import type { Assignable } from '../../domain/wire/assignable';
import type { BulkAccepted, BulkRefused } from '../../domain/wire/bulkOutcome';
import type { OrgUnit } from '../../domain/wire/orgUnit';
import type { PersonView } from '../../domain/wire/personView';
import type { PostLine } from '../../domain/wire/postLine';
import type { RegistryChangeResult } from '../../domain/wire/registryChangeResult';
import type { PersonDetails } from '../../domain/events/registry';
import type { RosterImportReport } from '../../domain/wire/rosterImport';
import type { ChangeSummary, FieldChange, RosterChange } from '../../domain/roster/changes';
import type { RosterProblem } from '../../domain/roster/problems';
import type { CadreHit } from '../../domain/cadres/search';
import type { StructureStats } from '../../domain/cadres/statistics';
import { CASE_LIST_ITEM, CASE_VIEW, ORG_UNIT, PERSON, POST, PROBLEM, RECEIPT, TASK, TIMELINE_ENTRY, USER } from '../../client/api/schemas';
import { DASHBOARD, ROUND_DASHBOARD, ROUND_PROGRESS, ROUND_STARTED, ROUND_VIEW, UNIT_MEMBERS } from '../../client/api/dashboardSchemas';
import type { ElectionResultRow, ElectionResults, ElectionView } from '../../domain/wire/electionResults';
import type { PipelineAnswer } from '../../domain/wire/pipeline';
import type { RoundScheduleLine, ScheduleList, ScheduleResult } from '../../domain/wire/roundSchedule';
import { ELECTION_RESULTS, ELECTION_VIEW, PIPELINE_VIEW, SCHEDULE_LIST, SCHEDULE_RESULT } from '../../client/api/paritySchemas';
import { ACCESS_CHAIN, ACCESS_ENTRY, CASE_VERIFICATION } from '../../client/api/auditSchemas';
import { ASSIGNABLE, BULK_OUTCOME } from '../../client/api/routes/tasks';
import { PERSON_VIEW } from '../../client/api/routes/registry';
import { REGISTRY_CHANGE_RESULT } from '../../client/api/routes/registryChanges';
import { ROSTER_IMPORT_REPORT } from '../../client/api/routes/registryImports';
import { HIT, STATS } from '../../client/api/routes/registrySearch';
import { at, O, R, schemaShape, shape, unionShape, type Presence, type Shape } from '../support/wireShape';

const TASK_SHAPE = shape<Task>({
  taskId: R,
  caseId: R,
  step: R,
  title: R,
  role: R,
  townshipId: R,
  dueAt: R,
  remindAt: R,
  escalated: R,
  form: R,
  assignee: R,
});

const CASE_HEADING_SHAPE: Shape<CaseHeading> = {
  caseId: R,
  kind: R,
  summary: R,
  townshipId: R,
  stage: R,
  status: R,
  outcome: R,
  policyVersion: R,
  startedAt: R,
};

const ROUND_COUNTS_SHAPE: Shape<RoundCounts> = {
  cadres: R,
  done: R,
  final: R,
  pending: R,
  overdue: R,
  grades: R,
  warnings: R,
  removalFlags: R,
};

describe('wire types and the response schemas name the same fields', () => {
  it('accounts and problems', () => {
    expect(schemaShape(USER)).toEqual(shape<User>({ id: R, login: R, displayName: R, role: R, townshipId: R, disabled: R, createdAt: R }));
    // `instance` is in the type for RFC 9457's sake; no route sets it, so the schema leaves it out.
    const { instance: _unset, ...problem } = shape<Problem>({
      type: R,
      title: R,
      status: R,
      detail: R,
      instance: O,
      requestId: O,
      reason: O,
      errors: O,
      zh: O,
      en: O,
    });
    expect(schemaShape(PROBLEM)).toEqual(problem);
  });

  it('tasks, cases and receipts', () => {
    expect(schemaShape(TASK)).toEqual(TASK_SHAPE);
    expect(schemaShape(TIMELINE_ENTRY)).toEqual(
      shape<TimelineEntry>({ version: R, position: R, recordedAt: R, type: R, actor: O, step: O, data: R }),
    );
    expect(schemaShape(CASE_LIST_ITEM)).toEqual(
      shape<CaseSummary>({ ...CASE_HEADING_SHAPE, subjectId: R, updatedAt: R, closedAt: R, nextDueAt: R }),
    );
    // A selection's facts are read off its events in the UI until the server serves them (web/src/forms/selectionFacts.ts).
    const { selection: _notServedYet, ...caseView } = shape<CaseView>({
      ...CASE_HEADING_SHAPE,
      probation: O,
      election: O,
      selection: O,
      tasks: R,
      timeline: R,
    });
    expect(schemaShape(CASE_VIEW)).toEqual(caseView);
    expect(schemaShape(at(CASE_VIEW, 'tasks', '[]'))).toEqual({ ...TASK_SHAPE, status: R, decidedBy: R, decidedAt: R });
    expect(schemaShape(RECEIPT)).toEqual(shape<DecisionReceipt>({ caseId: R, step: R, taskId: R, position: R }));
  });

  it('the inbox: assignees and bulk decisions', () => {
    expect(schemaShape(ASSIGNABLE)).toEqual(shape<Assignable>({ login: R, displayName: R, role: R }));
    expect(schemaShape(BULK_OUTCOME)).toEqual(
      unionShape(
        shape<BulkAccepted>({ caseId: R, accepted: R, receipt: R }),
        shape<BulkRefused>({ caseId: R, accepted: R, reason: R, detail: R }),
      ),
    );
    expect(schemaShape(at(BULK_OUTCOME, 'receipt'))).toEqual(shape<DecisionReceipt>({ caseId: R, step: R, taskId: R, position: R }));
  });

  it('a registry person in a list', () => {
    expect(schemaShape(PERSON)).toEqual(
      shape<PersonListItem>({
        personId: R,
        name: R,
        gender: R,
        birthYear: R,
        orgUnitId: R,
        townshipId: R,
        rank: R,
        currentPost: R,
        probation: R,
      }),
    );
  });

  it('the registry: units, posts, one person and a change', () => {
    expect(schemaShape(ORG_UNIT)).toEqual(
      shape<OrgUnit>({
        orgUnitId: R,
        name: R,
        kind: R,
        parentId: R,
        townshipId: R,
        effectiveFrom: R,
        effectiveTo: R,
        mergedInto: R,
      }),
    );
    const post = shape<PostLine>({
      assignmentId: R,
      personId: R,
      personName: R,
      orgUnitId: R,
      townshipId: R,
      title: R,
      rank: R,
      startedOn: R,
      endedOn: R,
      onTrial: R,
      confirmedOn: R,
      endReason: R,
    });
    expect(schemaShape(POST)).toEqual(post);
    expect(schemaShape(at(PERSON_VIEW, 'posts', '[]'))).toEqual(post);
    expect(schemaShape(PERSON_VIEW)).toEqual(
      shape<PersonView>({
        personId: R,
        name: R,
        gender: R,
        birthYear: R,
        orgUnitId: R,
        townshipId: R,
        rank: R,
        currentPost: R,
        probation: R,
        details: R,
        posts: R,
      }),
    );
    expect(schemaShape(at(PERSON_VIEW, 'details'))).toEqual(
      shape<PersonDetails>({
        ethnicity: O,
        birthMonth: O,
        nativePlace: O,
        politicalStatus: O,
        joinedParty: O,
        startedWork: O,
        fullTimeEducation: O,
        fullTimeDegree: O,
        partTimeEducation: O,
        partTimeDegree: O,
        idNumber: O,
        phone: O,
        note: O,
      }),
    );
    expect(schemaShape(REGISTRY_CHANGE_RESULT)).toEqual(shape<RegistryChangeResult>({ id: R, events: R, duplicate: R }));
  });

  it('a roster upload', () => {
    expect(schemaShape(ROSTER_IMPORT_REPORT)).toEqual(
      shape<RosterImportReport>({ dryRun: R, rows: R, problems: R, changes: R, written: R }),
    );
    expect(schemaShape(at(ROSTER_IMPORT_REPORT, 'rows'))).toEqual(shape<RosterImportReport['rows']>({ orgUnits: R, people: R }));
    expect(schemaShape(at(ROSTER_IMPORT_REPORT, 'written'))).toEqual(
      shape<NonNullable<RosterImportReport['written']>>({ events: R, duplicates: R }),
    );
    expect(schemaShape(at(ROSTER_IMPORT_REPORT, 'problems', '[]'))).toEqual(
      shape<RosterProblem>({ sheet: R, row: R, column: R, value: R, kind: R, problem: R, expected: R }),
    );
    expect(schemaShape(at(ROSTER_IMPORT_REPORT, 'changes'))).toEqual(shape<RosterImportReport['changes']>({ orgUnits: R, people: R }));
    for (const sheet of ['orgUnits', 'people']) {
      expect(schemaShape(at(ROSTER_IMPORT_REPORT, 'changes', sheet))).toEqual(
        shape<ChangeSummary>({ new: R, changed: R, unchanged: R, notInFile: R, items: R }),
      );
      expect(schemaShape(at(ROSTER_IMPORT_REPORT, 'changes', sheet, 'items', '[]'))).toEqual(
        shape<RosterChange>({ kind: R, row: R, id: R, name: R, changes: R }),
      );
      expect(schemaShape(at(ROSTER_IMPORT_REPORT, 'changes', sheet, 'items', '[]', 'changes', '[]'))).toEqual(
        shape<FieldChange>({ column: R, before: R, after: R }),
      );
    }
  });

  it('cadre search and team-structure statistics', () => {
    expect(schemaShape(HIT)).toEqual(
      shape<CadreHit>({
        personId: R,
        name: R,
        gender: R,
        birthYear: R,
        age: R,
        orgUnitId: R,
        orgUnitName: R,
        townshipId: R,
        rank: R,
        title: R,
        ethnicity: R,
        politicalStatus: R,
        partyYears: R,
        workYears: R,
        education: R,
        probation: R,
        grades: R,
        departed: R,
      }),
    );
    expect(schemaShape(at(HIT, 'grades', '[]'))).toEqual(shape<CadreHit['grades'][number]>({ year: R, grade: R }));
    expect(schemaShape(STATS)).toEqual(
      shape<StructureStats>({
        townshipId: R,
        name: R,
        people: R,
        ageBands: R,
        education: R,
        gender: R,
        ethnicity: R,
        crossAppointed: R,
      }),
    );
    expect(schemaShape(at(STATS, 'gender'))).toEqual(shape<StructureStats['gender']>({ male: R, female: R }));
    expect(schemaShape(at(STATS, 'ethnicity'))).toEqual(
      shape<StructureStats['ethnicity']>({ han: R, minority: R, notRecorded: R, groups: R }),
    );
    expect(schemaShape(at(STATS, 'crossAppointed'))).toEqual(
      shape<StructureStats['crossAppointed']>({ villages: R, crossAppointed: R, share: R }),
    );
  });

  it('evaluation rounds', () => {
    expect(schemaShape(ROUND_DASHBOARD)).toEqual(
      shape<RoundDashboard>({
        roundId: R,
        year: R,
        scope: R,
        status: R,
        cadres: R,
        started: R,
        skipped: R,
        quotaPercent: R,
        startedAt: R,
        completedAt: R,
        townships: R,
        units: R,
        totals: R,
        flagged: R,
      }),
    );
    expect(schemaShape(at(ROUND_DASHBOARD, 'totals'))).toEqual(ROUND_COUNTS_SHAPE);
    expect(schemaShape(at(ROUND_DASHBOARD, 'townships', '[]'))).toEqual(
      shape<TownshipLine>({ ...ROUND_COUNTS_SHAPE, townshipId: R, name: R }),
    );
    expect(schemaShape(at(ROUND_DASHBOARD, 'units', '[]'))).toEqual(
      shape<UnitLine>({
        unitId: R,
        townshipId: R,
        assessed: R,
        allowedExcellent: R,
        excellentNow: R,
        gradedAt: R,
        gradedBy: R,
        overdue: R,
      }),
    );
    expect(schemaShape(at(ROUND_DASHBOARD, 'flagged', '[]'))).toEqual(
      shape<FlaggedCadre>({ caseId: R, personId: R, name: R, townshipId: R, warning: R, removalFlag: R }),
    );
    expect(schemaShape(ROUND_PROGRESS)).toEqual(
      shape<RoundProgress>({ roundId: R, known: R, status: R, cadres: R, casesStarted: R, started: R, skipped: R, units: R }),
    );
    expect(schemaShape(ROUND_STARTED)).toEqual(shape<RoundStart>({ roundId: R, started: R }));
    expect(schemaShape(ROUND_VIEW)).toEqual(shape<RoundView>({ roundId: R, township: R, progress: R, dashboard: R }));
    expect(schemaShape(at(UNIT_MEMBERS, 'members', '[]'))).toEqual(
      shape<UnitMemberLine>({ personId: R, name: R, recommended: R, voteProposal: R }),
    );
  });

  it('the dashboard', () => {
    expect(schemaShape(DASHBOARD)).toEqual(
      shape<Dashboard>({ township: R, generatedAt: R, cases: R, overdue: R, evaluation: R, rectification: R }),
    );
    expect(schemaShape(at(DASHBOARD, 'overdue', 'items', '[]'))).toEqual(TASK_SHAPE);
    expect(schemaShape(at(DASHBOARD, 'rectification', 'items', '[]'))).toEqual(
      shape<RectificationSummary>({
        caseId: R,
        branchId: R,
        branchName: R,
        townshipId: R,
        year: R,
        round: R,
        stage: R,
        status: R,
        support: R,
        planStatus: R,
        planCompleteBy: R,
        reportsDue: R,
        reportsFiled: R,
        reportsLate: R,
        inspections: R,
        lastInspection: R,
        signedOffOn: R,
        followUpUntil: R,
      }),
    );
  });

  it('the access log', () => {
    expect(schemaShape(ACCESS_ENTRY)).toEqual(
      shape<AccessEntry>({
        position: R,
        recordedAt: R,
        kind: R,
        actor: R,
        actorId: R,
        subject: R,
        detail: R,
        channel: R,
        requestId: R,
        hash: R,
      }),
    );
    expect(schemaShape(ACCESS_CHAIN)).toEqual(
      shape<AccessChainReport>({ ok: R, checked: R, from: R, head: R, firstBadPosition: O, reason: O }),
    );
  });

  it('the procedures’ read views: election results, the member pipeline, the round Schedules', () => {
    const row = shape<ElectionResultRow>({
      caseId: R,
      orgUnitId: R,
      orgUnitName: R,
      townshipId: R,
      form: R,
      term: R,
      seats: R,
      status: R,
      stage: R,
      elected: R,
      secretary: R,
      deputy: R,
      meetingsHeld: R,
      approvedOn: R,
      filedOn: R,
    });
    expect(schemaShape(ELECTION_RESULTS)).toEqual(shape<ElectionResults>({ township: R, elections: R, names: R }));
    expect(schemaShape(at(ELECTION_RESULTS, 'elections', '[]'))).toEqual(row);
    // One election's schema is open (additionalProperties): what it names, the type has, required alike.
    const view = shape<ElectionView>({
      ...(row as Shape<ElectionResultRow>),
      seatsRequested: R,
      electionDate: R,
      method: R,
      eligibleVoters: R,
      nominees: R,
      slate: R,
      struck: R,
      vacant: R,
      meetings: R,
      pending: R,
      names: R,
    }) as Record<string, Presence>;
    for (const [k, presence] of Object.entries(schemaShape(ELECTION_VIEW))) expect([k, view[k]]).toEqual([k, presence]);
    expect(schemaShape(PIPELINE_VIEW)).toEqual(shape<PipelineAnswer>({ township: R, asOf: R, year: R, villages: R, atRisk: R }));
    expect(schemaShape(SCHEDULE_LIST)).toEqual(shape<ScheduleList>({ township: R, schedules: R }));
    expect(schemaShape(at(SCHEDULE_LIST, 'schedules', '[]'))).toEqual(
      shape<RoundScheduleLine>({
        scheduleId: R,
        scope: R,
        townshipIds: R,
        cron: R,
        timezone: R,
        paused: R,
        nextRuns: R,
        recentRuns: R,
      }),
    );
    expect(schemaShape(SCHEDULE_RESULT)).toEqual(shape<ScheduleResult>({ scheduleId: R, created: R, cron: R, timezone: R, nextRuns: R }));
  });

  it('a case verified', () => {
    expect(schemaShape(CASE_VERIFICATION)).toEqual(
      shape<CaseVerification>({
        caseId: R,
        ok: R,
        checkedAt: R,
        events: R,
        note: O,
        runs: R,
        decisions: R,
        chain: R,
        unsealed: R,
        executions: R,
        ballots: R,
      }),
    );
    expect(schemaShape(at(CASE_VERIFICATION, 'ballots', 'sessionFindings', '[]'))).toEqual(
      shape<BallotSessionFinding>({ sessionId: R, caseId: R, step: R, position: O, zh: R, en: R }),
    );
    expect(schemaShape(at(CASE_VERIFICATION, 'ballots', 'decisionFindings', '[]'))).toEqual(
      shape<DecisionBallotFinding>({ position: R, caseId: R, step: R, sessionId: O, zh: R, en: R }),
    );
    expect(schemaShape(at(CASE_VERIFICATION, 'runs', '[]'))).toEqual(
      shape<VerifiedRun>({ runId: R, workflowType: R, historyEvents: R, ok: R, status: R, divergence: O, error: O }),
    );
    expect(schemaShape(at(CASE_VERIFICATION, 'decisions'))).toEqual(
      shape<VerifiedDecisions>({
        checked: R,
        why: O,
        updates: O,
        matched: O,
        inFlight: O,
        decisionsWithoutEvents: O,
        eventsWithoutDecisions: O,
        receiptMismatches: O,
      }),
    );
    expect(schemaShape(at(CASE_VERIFICATION, 'decisions', 'inFlight', '[]'))).toEqual(
      shape<DecisionFinding>({
        caseId: R,
        step: O,
        updateName: O,
        updateId: O,
        historyEventId: O,
        position: O,
        eventType: O,
        reason: R,
      }),
    );
    expect(schemaShape(at(CASE_VERIFICATION, 'chain'))).toEqual(
      shape<VerifiedChain>({ ok: R, checked: R, head: R, firstBadPosition: O, reason: O }),
    );
    expect(schemaShape(at(CASE_VERIFICATION, 'chain', 'head'))).toEqual(
      shape<NonNullable<VerifiedChain['head']>>({ position: R, hash: R }),
    );
    expect(schemaShape(at(CASE_VERIFICATION, 'unsealed', '[]'))).toEqual(
      shape<VerifiedUnsealed>({ runId: R, eventId: R, eventType: R, name: O, encoding: R }),
    );
    expect(schemaShape(at(CASE_VERIFICATION, 'executions'))).toEqual(
      shape<VerifiedExecutions>({ checked: R, why: O, runs: O, findings: O }),
    );
    expect(schemaShape(at(CASE_VERIFICATION, 'executions', 'findings', '[]'))).toEqual(
      shape<VerifiedExecutionFinding>({ caseId: R, runId: O, status: R, readModelStatus: O, reason: R }),
    );
  });
});
