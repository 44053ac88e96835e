/**
 * The demo's two selections (demo/selections.ts): which posts, people and steps, and that
 * every decision the demo sends is one the selection's own parsers and checks accept.
 * `cadreflow demo` taking them on a real worker is test/integration/cli.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { demoPromotedStaff, generateDemoCounty } from '../../demo/county';
import { demoSelections, demoSelectionSteps, type DemoDecision, type DemoSelection } from '../../demo/selections';
import { DEFAULT_POLICY, parsePolicy } from '../../domain/policy';
import {
  checkInspectionTeam,
  checkTargets,
  INSPECTION_CHECKS,
  parseCheckResult,
  parseMeetingRecommendation,
  parseTalkRecommendation,
  parseTargets,
  type InspectionCheck,
} from '../../domain/selection';
import {
  checkPlanApprovalDay,
  parseInspectionReport,
  parseInspectionTeam,
  parsePlanApproval,
  parseSelectionOpening,
} from '../../domain/selectionForms';
import { addWorkingDays } from '../../domain/calendar';

const county = generateDemoCounty();
const OPENED_ON = '2026-11-02';

function decision(phases: DemoDecision[][], step: string): unknown {
  const d = phases.flat().find((x) => x.step === step);
  if (!d) throw new Error(`no step ${step}`);
  return d.decision;
}

function ok<T>(parsed: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('the demo selections', () => {
  const [ordinary, competitive] = demoSelections(county, DEFAULT_POLICY) as [DemoSelection, DemoSelection];

  it('are an ordinary selection of a 乡党委委员 and a competitive one (差额) of a 副镇长, in a 乡 and a 镇', () => {
    expect(ordinary.opening).toMatchObject({ orgUnitId: 'ts-04', method: 'ordinary', post: { title: '乡党委委员', positions: 1 } });
    expect(competitive.opening).toMatchObject({ orgUnitId: 'ts-05', method: 'competitive', post: { title: '副镇长', positions: 1 } });
    const name = (id: string) => county.townships.find((t) => t.orgUnitId === id)!.name;
    expect(name('ts-04')).toMatch(/乡$/);
    expect(name('ts-05')).toMatch(/镇$/);
    expect(ordinary.targets).toHaveLength(1);
    expect(competitive.targets.length).toBeGreaterThan(competitive.opening.post.positions);
    for (const s of [ordinary, competitive]) expect(ok(parseSelectionOpening({ ...s.opening, openedOn: OPENED_ON }))).toBeTruthy();
  });

  it('name staff (科员) of the township, never the one the demo promotes on probation, and are the same every run', () => {
    for (const s of [ordinary, competitive]) {
      const promoted = demoPromotedStaff(county, s.opening.orgUnitId)!.personId;
      expect(s.nominees).not.toContain(promoted);
      expect(new Set(s.nominees).size).toBe(s.nominees.length);
      for (const id of s.nominees) {
        const j = county.people.findIndex((p) => p.personId === id);
        expect(county.people[j]).toMatchObject({ orgUnitId: s.opening.orgUnitId, rank: '科员' });
        expect(county.posts[j]!.title).toBe('科员');
      }
      expect(s.targets).toEqual(s.nominees.slice(0, s.targets.length));
    }
    expect(demoSelections(generateDemoCounty(), DEFAULT_POLICY)).toEqual([ordinary, competitive]);
    expect(demoSelectionSteps(competitive, OPENED_ON, DEFAULT_POLICY)).toEqual(demoSelectionSteps(competitive, OPENED_ON, DEFAULT_POLICY));
  });

  it('inspect as many more targets as the county’s policy asks of a competitive selection', () => {
    const policy = parsePolicy({ version: 'demo-test', selection: { competitiveExtraTargets: 2 } });
    const [o, c] = demoSelections(county, policy) as [DemoSelection, DemoSelection];
    expect(o.targets).toHaveLength(1);
    expect(c.targets).toHaveLength(3);
  });

  it('stop at the target list where the county posts it for working days (the case waits out the notice)', () => {
    const policy = parsePolicy({ version: 'demo-test', selection: { targetNoticeWorkingDays: 5 } });
    for (const s of demoSelections(county, policy)) {
      expect(s.waitsAt).toEqual([]);
      expect(demoSelectionSteps(s, OPENED_ON, policy).flat().at(-1)!.step).toBe('targets-1');
    }
  });

  it('stop where they wait: the ordinary one at the four checks of its target, the competitive one at the committee', () => {
    const [target] = ordinary.targets as [string];
    expect(ordinary.waitsAt).toEqual(INSPECTION_CHECKS.map((c) => `check-1-${target}-${c}`));
    expect(competitive.waitsAt).toEqual(['committee-1-1']);
    const steps = (s: DemoSelection) => demoSelectionSteps(s, OPENED_ON, DEFAULT_POLICY).map((phase) => phase.map((d) => d.step));
    expect(steps(ordinary)).toEqual([
      ['work-plan'],
      ['meeting-recommendation', 'talk-recommendation'],
      ['targets-1'],
      ['inspection-team-1'],
    ]);
    const [a, b] = competitive.targets as [string, string];
    expect(steps(competitive).slice(4)).toEqual([
      [...INSPECTION_CHECKS.map((c) => `check-1-${a}-${c}`), ...INSPECTION_CHECKS.map((c) => `check-1-${b}-${c}`)],
      [`report-1-${a}`, `report-1-${b}`],
    ]);
  });

  it('send decisions the selection accepts: the parsers, the targets against the recommendations (差额 included), the team', () => {
    for (const s of [ordinary, competitive]) {
      const phases = demoSelectionSteps(s, OPENED_ON, DEFAULT_POLICY);
      const plan = ok(parsePlanApproval(decision(phases, 'work-plan')));
      // After the opening and by the day the demo first runs (the case refuses a day outside).
      expect(checkPlanApprovalDay(plan, { openedOn: OPENED_ON, today: addWorkingDays(OPENED_ON, s.openedWorkingDaysAgo) }).ok).toBe(true);
      const meeting = ok(parseMeetingRecommendation(decision(phases, 'meeting-recommendation')));
      const talks = ok(parseTalkRecommendation(decision(phases, 'talk-recommendation')));
      // One post: a ballot names one nominee at most.
      expect(Object.values(meeting.votes).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(meeting.cast - meeting.invalid);
      expect(Object.values(talks.named).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(talks.talkedTo);
      const targets = ok(parseTargets(decision(phases, 'targets-1')));
      const checked = checkTargets(
        targets,
        { method: s.opening.method, positions: s.opening.post.positions, meeting, talks },
        DEFAULT_POLICY,
      );
      expect(checked).toEqual({ ok: true, value: targets });
      expect(targets.targets.map((t) => t.personId)).toEqual(s.targets);
      const team = ok(parseInspectionTeam(decision(phases, 'inspection-team-1')));
      expect(checkInspectionTeam(team.members, DEFAULT_POLICY).ok).toBe(true);
      for (const d of phases.flat().filter((x) => x.step.startsWith('check-'))) {
        const check = INSPECTION_CHECKS.find((c) => d.step.endsWith(c)) as InspectionCheck;
        expect(ok(parseCheckResult(check)(d.decision))).toMatchObject({ check, passed: true });
      }
      for (const d of phases.flat().filter((x) => x.step.startsWith('report-'))) expect(ok(parseInspectionReport(d.decision))).toBeTruthy();
    }
  });
});
