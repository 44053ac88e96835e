/**
 * The demo county's selections (选拔任用): two cases at different steps, so that county
 * staff find selection work in their inbox and on the dashboard. An ordinary selection of
 * a 乡党委委员 waits at the inspection's four checks (凡提四必); a competitive one of a
 * 副镇长 (差额: more targets than posts) waits at the county standing committee's vote.
 *
 * Pure and deterministic (own PRNG, no clock, no I/O): the candidates, the counts and the
 * names come from the seed, and every date from the day the selection was opened, so a
 * selection the demo opened on an earlier day is taken on with the same decisions. The
 * client (client/selectionDemo.ts) starts the cases and takes these steps.
 */
import { addWorkingDays } from '../domain/calendar';
import type { Policy } from '../domain/policy';
import { RANK_STAFF } from '../domain/posts';
import { INSPECTION_CHECKS, minimumTargets, type InspectionCheck, type SelectionMethod } from '../domain/selection';
import type { SelectionOpening } from '../domain/selectionForms';
import { DEFAULT_DEMO_SEED, demoPromotedStaff, personName, type DemoCounty } from './county';
import { Rng } from './seededRandom';

/** One step's decision, as `cadreflow decide` would send it. */
export interface DemoDecision {
  step: string;
  decision: Record<string, unknown>;
}

export interface DemoSelection {
  /** The opening but its day: `openedOn` is the day the demo opens it (see `demoSelectionSteps`). */
  opening: Omit<SelectionOpening, 'openedOn'>;
  /** Working days before the demo's day that the selection was opened. */
  openedWorkingDaysAgo: number;
  /** The recommended nominees, most votes first; the first of them are the targets. */
  nominees: string[];
  targets: string[];
  /** The steps the demo leaves open: where the case waits. */
  waitsAt: string[];
  /** Seeds the counts and names of its decisions. */
  seed: number;
}

/** Which township and post each demo selection fills, and how far the demo takes it. */
interface SelectionSpec {
  townshipId: string;
  postId: string;
  title: string;
  method: SelectionMethod;
  openedWorkingDaysAgo: number;
  /** How far: to the inspection's checks, or through the reports to the committee's vote. */
  until: 'checks' | 'committee';
}

const SPECS: readonly SelectionSpec[] = [
  // 鹿溪乡 and 杨坝镇: townships no other demo step or test inbox leans on.
  { townshipId: 'ts-04', postId: 'committee-member', title: '乡党委委员', method: 'ordinary', openedWorkingDaysAgo: 12, until: 'checks' },
  { townshipId: 'ts-05', postId: 'deputy-head', title: '副镇长', method: 'competitive', openedWorkingDaysAgo: 25, until: 'committee' },
];

/** Nominees beyond the targets: recommended, with fewer votes. */
const OTHER_NOMINEES = 2;

const SEED = DEFAULT_DEMO_SEED + 13;

/** Each nominee's share of the ballots and of the people talked to, most recommended first. */
const NOMINEE_SHARES = [0.42, 0.26, 0.14, 0.08] as const;

/** Whether the county posts the target list for working days before the inspection: the demo stops at the list then. */
const listPosted = (policy: Pick<Policy, 'selection'>): boolean => policy.selection.targetNoticeWorkingDays > 0;

/** The demo's selections over the county (the same county and policy give the same selections). */
export function demoSelections(county: DemoCounty, policy: Pick<Policy, 'selection'>): DemoSelection[] {
  const rng = new Rng(SEED);
  return SPECS.map((spec, i) => {
    const township = county.townships.find((t) => t.orgUnitId === spec.townshipId);
    if (!township) throw new Error(`the demo county has no township ${spec.townshipId}`);
    const promoted = demoPromotedStaff(county, spec.townshipId)?.personId;
    // Staff of the township with two years in post or more (科员 by title, not 办事员), the promoted one aside.
    const eligible = county.people
      .filter((p, j) => p.orgUnitId === spec.townshipId && p.rank === RANK_STAFF && county.posts[j]?.title === RANK_STAFF)
      .filter((p) => p.personId !== promoted)
      .map((p) => p.personId);
    const positions = 1;
    const targetCount = minimumTargets(spec.method, positions, policy);
    const nominees = rng.sample(eligible, targetCount + OTHER_NOMINEES);
    if (nominees.length < targetCount + OTHER_NOMINEES) throw new Error(`${spec.townshipId} has too few staff for the demo's selection`);
    const targets = nominees.slice(0, targetCount);
    return {
      opening: {
        orgUnitId: spec.townshipId,
        post: { postId: spec.postId, title: spec.title, rank: '副科级', positions, nonElected: true },
        method: spec.method,
        qualifications: '大学本科以上学历，任科员两年以上，具有两年以上乡镇工作经历',
        scope: spec.method === 'competitive' ? '全县乡镇在职科员，公开报名与组织推荐相结合' : `${township.name}在职科员`,
      },
      openedWorkingDaysAgo: spec.openedWorkingDaysAgo,
      nominees,
      targets,
      // A county that posts the target list (targetNoticeWorkingDays > 0) waits out its notice first.
      waitsAt: listPosted(policy)
        ? []
        : spec.until === 'checks'
          ? targets.flatMap((p) => INSPECTION_CHECKS.map((c) => `check-1-${p}-${c}`))
          : ['committee-1-1'],
      seed: SEED + i + 1,
    };
  });
}

const CHECK_FINDINGS: Record<InspectionCheck, string> = {
  'personnel-file': '干部人事档案经专项审核，“三龄二历一身份”认定准确，无涂改造假',
  'personal-matters': '个人有关事项报告经查核，填报如实，无漏报瞒报',
  'discipline-opinion': '县纪委监委回复：无正在核查的问题线索，未受过党纪政务处分',
  petitions: '未收到反映该同志问题的信访举报',
};

/**
 * The decisions that take a demo selection opened on `openedOn` to where it waits, in
 * phases: the steps of a phase are open together and may be decided in any order; the
 * next phase's steps open once they are all decided.
 */
export function demoSelectionSteps(s: DemoSelection, openedOn: string, policy: Pick<Policy, 'selection'>): DemoDecision[][] {
  const rng = new Rng(s.seed);
  const day = (workingDays: number) => addWorkingDays(openedOn, workingDays);
  const due = rng.int(36, 44);
  const attended = due - rng.int(1, 4);
  const invalid = rng.int(0, 1);
  const valid = attended - invalid;
  const talkedTo = rng.int(22, 30);
  // Most votes first, so the targets are the most recommended; one post, so a ballot (and
  // a person talked to) names one nominee at most and the shares add up to less than all.
  const votes: Record<string, number> = {};
  const named: Record<string, number> = {};
  s.nominees.forEach((p, i) => {
    const share = NOMINEE_SHARES[i] ?? NOMINEE_SHARES.at(-1)!;
    votes[p] = Math.max(1, Math.round(valid * share) - rng.int(0, 1));
    named[p] = Math.max(1, Math.round(talkedTo * share) - rng.int(0, 1));
  });
  const team = Math.max(3, policy.selection.minInspectionTeam);
  const inspectors: string[] = [];
  while (inspectors.length < team) {
    const name = personName(rng, rng.chance(0.4) ? 'female' : 'male');
    if (!inspectors.includes(name)) inspectors.push(name);
  }
  const phases: DemoDecision[][] = [
    [{ step: 'work-plan', decision: { approvedBy: '县委书记专题会议', approvedOn: day(2), notes: '同意组织部提出的工作方案' } }],
    [
      {
        step: 'meeting-recommendation',
        decision: { due, attended, cast: attended, invalid, votes },
      },
      { step: 'talk-recommendation', decision: { talkedTo, named } },
    ],
    [
      {
        step: 'targets-1',
        decision: {
          targets: s.targets.map((p) => ({
            personId: p,
            reason: `会议推荐${votes[p]}票、谈话推荐${named[p]}人，均居前列；任现职以来工作扎实，群众公认度较高`,
          })),
        },
      },
    ],
    [{ step: 'inspection-team-1', decision: { members: inspectors } }],
  ];
  if (listPosted(policy)) return phases.slice(0, 3);
  if (s.waitsAt.some((step) => step.startsWith('check-'))) return phases;
  phases.push(
    s.targets.flatMap((p) =>
      INSPECTION_CHECKS.map((check) => ({ step: `check-1-${p}-${check}`, decision: { outcome: 'pass', findings: CHECK_FINDINGS[check] } })),
    ),
    s.targets.map((p) => {
      const conversations = rng.int(25, 35);
      const excellent = conversations - rng.int(3, 8);
      return {
        step: `report-1-${p}`,
        decision: {
          conversations,
          rating: `民主测评${conversations}份：优秀${excellent}票、称职${conversations - excellent}票`,
          report: '该同志政治立场坚定，工作思路清晰，熟悉乡镇经济和社会事务，作风扎实，廉洁自律，群众基础较好。',
        },
      };
    }),
  );
  return phases;
}
