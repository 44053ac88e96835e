/**
 * The documents' pure rules (domain/documents/): the result sheet's quota line and row
 * order, the ledger's words, the notice's text, a township's part of the registry; and the
 * writers' pinned dates: a document written twice reads the same.
 */
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { quotaLine, resultLines, scopeText, type ResultUnit } from '../../domain/documents/evaluationResults';
import { ledgerRows, stageZh, type LedgerCase } from '../../domain/documents/rectificationLedger';
import { chineseDate, noticeParts, noticeText, selectionNoticePeople, type NoticeFacts } from '../../domain/documents/publicNotice';
import { COMPETITIVE, competitiveSelection, domainEvents } from '../support/selectionEvents';
import { townshipRegistry } from '../../domain/documents/townshipRoster';
import { docxCoreXml, latestInstant, FIXED_DOCUMENT_DATE } from '../../client/documents/pinned';
import { writeNoticeDocx } from '../../client/documents/publicNotice';
import { writeResultSheet } from '../../client/documents/evaluationResults';
import { parseTownshipOption, parseYearOption } from '../../client/commands/export';
import { demoRegistry } from '../support/demoRegistry';

const names = new Map([
  ['ts-01', '东山镇'],
  ['ts-02', '西河乡'],
]);

const unit = (over: Partial<ResultUnit> = {}): ResultUnit => ({
  unitId: 'ts-01/township',
  unitKind: 'organ',
  townshipId: 'ts-01',
  assessed: 8,
  allowedExcellent: 1,
  approval: null,
  ...over,
});

describe('the result sheet’s quota line', () => {
  it('given a unit at the policy percent, when one 优秀 stands, then it reads allowed against granted', () => {
    expect(quotaLine(unit(), 1, 20)).toEqual({ text: '优秀名额：参加考核 8 人，按 20% 计，可评优秀 1 名；已评优秀 1 名。', over: false });
  });

  it('given an approval, then the line names it; given more 优秀 than allowed, then it says by how many', () => {
    const approved = unit({ allowedExcellent: 2, approval: { percent: 25, reference: '县委组字〔2026〕12号', approvedOn: '2026-12-18' } });
    expect(quotaLine(approved, 3, 20)).toEqual({
      text: '优秀名额：参加考核 8 人，经批复（县委组字〔2026〕12号，2026-12-18）按 25% 计，可评优秀 2 名；已评优秀 3 名，超出 1 名。',
      over: true,
    });
  });

  it('given units and cadres in any order, then the lines come by unit id, then person id, each unit closed by its quota line', () => {
    const round = { roundId: 'evaluation-round/2026/ts-01+ts-02', year: 2026, scope: 'ts-01+ts-02', quotaPercent: 20 };
    const cadre = (personId: string, unitId: string, grade: 'excellent' | 'competent' | null) => ({
      personId,
      name: personId.toUpperCase(),
      unitId,
      unitKind: 'organ' as const,
      orgUnitName: '东山镇',
      title: null,
      grade,
      gradeStatus: grade ? ('fixed' as const) : ('pending' as const),
    });
    const lines = resultLines(
      round,
      [unit({ unitId: 'ts-02/township', townshipId: 'ts-02', assessed: 1, allowedExcellent: 0 }), unit()],
      [cadre('p-2', 'ts-01/township', 'competent'), cadre('p-3', 'ts-02/township', null), cadre('p-1', 'ts-01/township', 'excellent')],
      names,
    );
    expect(lines.map((l) => (l.kind === 'person' ? l.cells.join('|') : l.text))).toEqual([
      '考核单位：东山镇乡镇机关（ts-01/township）',
      '1|P-1|东山镇||优秀|已评定（复核申诉期内）',
      '2|P-2|东山镇||称职|已评定（复核申诉期内）',
      '优秀名额：参加考核 8 人，按 20% 计，可评优秀 1 名；已评优秀 1 名。',
      '考核单位：西河乡乡镇机关（ts-02/township）',
      '1|P-3|东山镇|||未评定',
      '优秀名额：参加考核 1 人，按 20% 计，可评优秀 0 名；已评优秀 0 名。',
    ]);
    expect(scopeText('ts-01+ts-02', names)).toBe('东山镇、西河乡');
    expect(scopeText('county', names)).toBe('全县');
  });
});

describe('the rectification ledger’s words', () => {
  it('given stages as the case names them, then the ledger says them in Chinese', () => {
    expect(stageZh('round-2:reports')).toBe('第2轮·整改推进（定期报告）');
    expect(stageZh('round-1:inspection-1')).toBe('第1轮·第1次验收');
    expect(stageZh('round-1:plan-2')).toBe('第1轮·整改方案第2稿');
    expect(stageZh('follow-up')).toBe('销号后跟踪');
    expect(stageZh('something-new')).toBe('something-new');
  });

  it('given cases of two townships, then rows come by township and branch, with reasons, plan and outcome', () => {
    const c = (over: Partial<LedgerCase>): LedgerCase => ({
      caseId: 'rectification/ts-02-v01/2026',
      branchId: 'ts-02-v01',
      branchName: '西河村党支部',
      townshipId: 'ts-02',
      year: 2026,
      listedOn: '2026-03-01',
      reasons: [{ kind: 'bottom-of-ranking', position: 184, of: 184, bottomPlaces: 3 }],
      round: 1,
      stage: 'round-1:reports',
      status: 'rectifying',
      planStatus: 'approved',
      planCompleteBy: '2026-06-01',
      reportsDue: 3,
      reportsFiled: 1,
      reportsLate: 1,
      lastInspection: null,
      consolidateUntil: null,
      signedOffOn: null,
      followUpUntil: null,
      followedUpOn: null,
      problems: ['班子软弱涣散'],
      measures: [{ measure: '选优配强班子', responsible: '组织委员', deadline: '2026-05-01' }],
      ...over,
    });
    const rows = ledgerRows(
      [
        c({}),
        c({
          caseId: 'rectification/ts-01-v02/2026',
          branchId: 'ts-01-v02',
          branchName: '东山村党支部',
          townshipId: 'ts-01',
          reasons: [],
          status: 'consolidating',
          consolidateUntil: '2026-09-01',
          lastInspection: {
            result: 'basic-pass',
            consolidateUntil: '2026-09-01',
            scoreHundredths: 7250,
            raters: 20,
            dissatisfied: 3,
            round: 1,
            inspectedOn: '2026-06-10',
          },
        }),
      ],
      names,
    );
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      [1, '东山镇', '东山村党支部'],
      [2, '西河乡', '西河村党支部'],
    ]);
    expect(rows[0]![11]).toBe('2026-06-10 第1轮验收：基本合格，得分 72.50，20 名代表中不满意 3 名');
    expect(rows[0]![14]).toBe('巩固提升中（至 2026-09-01）');
    expect(rows[1]!.slice(4, 7)).toEqual([
      '年度排名末位（184 个中第 184 名）',
      '1. 班子软弱涣散',
      '1. 选优配强班子（组织委员，2026-05-01）',
    ]);
    expect(rows[1]![10]).toBe('3/1/1');
  });
});

describe('the public notice’s text', () => {
  const facts: NoticeFacts = {
    caseId: 'probation/p-0010/demo',
    noticeId: 'probation/p-0010/demo:pre-appointment-notice',
    subject: '任前公示：张三 拟任 副乡长',
    fromDay: '2026-03-02',
    toDay: '2026-03-06',
    workingDays: 5,
    people: [{ name: '张三', gender: 'male', birthYear: 1985, currentPost: '东山镇党政办主任' }],
    issuer: '中共清河县委组织部',
    contact: null,
  };

  it('given a notice, then it names who, what, the window and where objections go, and is signed and dated', () => {
    const t = noticeText(facts);
    expect(t.paragraphs).toEqual([
      '根据有关规定，现对以下事项进行公示（任前公示）：张三 拟任 副乡长。',
      '张三，男，1985年出生，现任东山镇党政办主任。',
      '公示时间：2026年3月2日至2026年3月6日（5个工作日）。',
      '公示期间，个人或单位可通过来信、来电、来访等方式向中共清河县委组织部反映情况。反映问题应实事求是，以个人名义反映的请署真实姓名，以单位名义反映的请加盖公章。',
    ]);
    expect([t.title, t.signature, t.dateLine]).toEqual(['公 示', '中共清河县委组织部', '2026年3月2日']);
    expect(noticeText({ ...facts, contact: '联系人：县委组织部干部监督科，地址：县政府大院3号楼' }).paragraphs.at(-1)).toBe(
      '联系人：县委组织部干部监督科，地址：县政府大院3号楼',
    );
    expect(chineseDate('2026-11-09')).toBe('2026年11月9日');
    expect(noticeParts('考察对象公示：李四、王五')).toEqual({ kind: '考察对象公示', matter: '李四、王五' });
    expect(noticeParts('候选人名单')).toEqual({ kind: null, matter: '候选人名单' });
  });

  it('written twice as a .docx, every part reads the same, dated by the notice rather than the clock', async () => {
    const doc = { facts, townshipId: 'ts-01', date: '2026-03-02T01:00:00.000Z' };
    const text = async (b: Buffer) => {
      const zip = await JSZip.loadAsync(b);
      return Object.fromEntries(await Promise.all(Object.keys(zip.files).map(async (p) => [p, await zip.file(p)?.async('string')])));
    };
    const [a, b] = await Promise.all([writeNoticeDocx(doc), writeNoticeDocx(doc)]);
    const first = await text(a);
    expect(first).toEqual(await text(b));
    expect(first['docProps/core.xml']).toBe(docxCoreXml(facts.subject, doc.date));
    expect(first['word/document.xml']).toContain('张三，男，1985年出生');
  });
});

describe('whom a selection’s notice names', () => {
  const posted = (subject: string) => ({
    type: 'PublicNoticePosted',
    data: { caseId: COMPETITIVE, noticeId: `${COMPETITIVE}:${subject}`, subject, postedAt: '', closesAt: '', workingDays: 5 },
  });
  const events = domainEvents(competitiveSelection());
  const upTo = (type: string, nth = 1) => {
    let seen = 0;
    return events.slice(0, events.findIndex((e) => e.type === type && ++seen === nth) + 1);
  };

  it('given a 考察对象公示 after the targets were chosen, then it names the targets', () => {
    const log = [...upTo('InspectionTargetsChosen'), posted('考察对象公示：三人')];
    expect(selectionNoticePeople(log, `${COMPETITIVE}:考察对象公示：三人`)).toEqual(['p-1', 'p-2', 'p-3']);
  });

  it('given a 任前公示 after the committee’s votes, then it names whom the latest vote approved', () => {
    const log = [...upTo('CommitteeVoteHeld', 2), posted('任前公示：p-1 拟任 副镇长')];
    expect(selectionNoticePeople(log, `${COMPETITIVE}:任前公示：p-1 拟任 副镇长`)).toEqual(['p-1']);
    expect(selectionNoticePeople(log, 'no such notice')).toEqual([]);
  });
});

describe('pinned dates and parsers', () => {
  it('given instants, then the latest; given none, then the fixed date', () => {
    expect(latestInstant(['2026-01-02T00:00:00.000Z', new Date('2026-03-01T00:00:00Z'), null])).toBe('2026-03-01T00:00:00.000Z');
    expect(latestInstant([])).toBe(FIXED_DOCUMENT_DATE);
  });

  it('a result sheet written twice reads the same', async () => {
    const sheet = { roundId: 'r', title: '2026年度考核结果汇总表（全县）', lines: [], date: '2026-12-20T02:00:00.000Z' };
    const [a, b] = await Promise.all([writeResultSheet(sheet), writeResultSheet(sheet)]);
    const core = async (x: Buffer) => (await JSZip.loadAsync(x)).file('docProps/core.xml')!.async('string');
    expect(await core(a)).toBe(await core(b));
    expect(await core(a)).toContain('2026-12-20T02:00:00Z');
  });

  it('the CLI refuses a township or year the API would, in both languages', () => {
    expect(parseTownshipOption('ts-01')).toBe('ts-01');
    expect(parseTownshipOption(undefined)).toBeNull();
    expect(() => parseTownshipOption('../ts-01')).toThrow('乡镇编号无效：../ts-01 / not a township id: ../ts-01');
    expect(parseYearOption('2026')).toBe(2026);
    expect(() => parseYearOption('26')).toThrow(/年份无效：26.*not a year from 2000 to 2100: 26/);
    expect(() => parseYearOption('2101')).toThrow(/not a year/);
  });
});

describe('a township’s part of the registry', () => {
  it('given the demo county, then ts-01’s part holds its units and villages and only their people', () => {
    const registry = demoRegistry();
    const part = townshipRegistry(registry, 'ts-01');
    expect(part.orgUnits.map((u) => u.orgUnitId)).toContain('ts-01');
    expect(part.orgUnits.every((u) => u.orgUnitId === 'ts-01' || u.orgUnitId.startsWith('ts-01-'))).toBe(true);
    expect(part.people.length).toBeGreaterThan(0);
    expect(part.people.every((p) => p.orgUnitId === 'ts-01' || p.orgUnitId.startsWith('ts-01-'))).toBe(true);
    expect(part.people.length).toBe(registry.people.filter((p) => p.orgUnitId === 'ts-01' || p.orgUnitId.startsWith('ts-01-')).length);
  });
});
