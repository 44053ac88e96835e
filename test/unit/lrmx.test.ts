/**
 * LRMX (docs/lrmx.md): a file the test writes read, written and read again to the same
 * form, unknown elements kept; malformed and unsafe files refused with a zh/en message;
 * the form in the registry's terms and back; and what an import records, given/when/then
 * (domain/lrmx/importDecision.ts).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseLrmx, writeLrmx } from '../../client/lrmx/lrmxXml';
import JSZip from 'jszip';
import { appointmentFormDocx, birthWithAge } from '../../client/lrmx/appointmentForm';
import type { FormFacts } from '../../client/lrmx/lrmxRegistry';
import { LrmxError, LRMX_LIMITS, type LrmxForm } from '../../domain/lrmx/form';
import { decideLrmxImport, type LrmxImportInput } from '../../domain/lrmx/importDecision';
import { formOfRegistry, registryFieldsOfForm } from '../../domain/lrmx/registryForm';
import { idNumberCheckChar } from '../../domain/roster/idNumber';
import type { RegistryPerson, RegistrySnapshot } from '../../domain/roster/registry';

const ID17 = '11010519850307123';
const ID = ID17 + idNumberCheckChar(ID17);
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64');

const FILE = `<?xml version="1.0" encoding="UTF-8"?>
<Person>
  <XingMing>张三</XingMing>
  <XingBie>男</XingBie>
  <ChuShengNianYue>198503</ChuShengNianYue>
  <MinZu>汉</MinZu>
  <JiGuan>河南郑州</JiGuan>
  <ChuShengDi>河南郑州</ChuShengDi>
  <RuDangShiJian>2006.07</RuDangShiJian>
  <CanJiaGongZuoShiJian>200707</CanJiaGongZuoShiJian>
  <JianKangZhuangKuang>健康</JianKangZhuangKuang>
  <QuanRiZhiJiaoYu_XueLi>大学</QuanRiZhiJiaoYu_XueLi>
  <QuanRiZhiJiaoYu_XueWei>法学学士</QuanRiZhiJiaoYu_XueWei>
  <QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi>郑州大学法学院法学专业</QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi>
  <ZaiZhiJiaoYu_XueLi>中央党校研究生</ZaiZhiJiaoYu_XueLi>
  <XianRenZhiWu>城关镇副镇长</XianRenZhiWu>
  <NiRenZhiWu>城关镇党委副书记</NiRenZhiWu>
  <JianLi>2003.09--2007.07  郑州大学法学院法学专业学习
2007.07--  城关镇工作 &amp; 学习 &lt;在职&gt;</JianLi>
  <RenMianLiYou>工作需要</RenMianLiYou>
  <JiaTingChengYuan>
    <Item><ChengWei>妻子</ChengWei><XingMing>李四</XingMing><ChuShengRiQi>198601</ChuShengRiQi><ZhengZhiMianMao>群众</ZhengZhiMianMao><GongZuoDanWeiJiZhiWu>城关小学教师</GongZuoDanWeiJiZhiWu><NianLing>40</NianLing></Item>
    <Item><ChengWei></ChengWei><XingMing></XingMing></Item>
  </JiaTingChengYuan>
  <ShenFenZheng>${ID}</ShenFenZheng>
  <ZhaoPian>${PHOTO}</ZhaoPian>
  <Version>3.2.1.16</Version>
  <GuanLiLeiBie code="1">县管干部</GuanLiLeiBie>
  <KuoZhan><A>1</A><B x="y"/></KuoZhan>
</Person>
`;

const refusal = (f: () => unknown): LrmxError => {
  try {
    f();
  } catch (e) {
    if (e instanceof LrmxError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('an LRMX file read and written', () => {
  it('reads every known element, the family without its empty rows, and the unknown elements as XML', () => {
    const form = parseLrmx(Buffer.from(FILE));
    expect(form.fields.XingMing).toBe('张三');
    expect(form.fields.JianLi).toBe('2003.09--2007.07  郑州大学法学院法学专业学习\n2007.07--  城关镇工作 & 学习 <在职>');
    expect(form.family).toEqual([
      {
        fields: {
          ChengWei: '妻子',
          XingMing: '李四',
          ChuShengRiQi: '198601',
          ZhengZhiMianMao: '群众',
          GongZuoDanWeiJiZhiWu: '城关小学教师',
        },
        extra: ['<NianLing>40</NianLing>'],
      },
    ]);
    expect(form.extra).toEqual(['<GuanLiLeiBie code="1">县管干部</GuanLiLeiBie>', '<KuoZhan><A>1</A><B x="y"/></KuoZhan>']);
  });

  it('read → written → read gives the same form, unknown elements included', () => {
    const first = parseLrmx(Buffer.from(FILE));
    const again = parseLrmx(writeLrmx(first));
    expect(again).toEqual(first);
    expect(parseLrmx(writeLrmx(again))).toEqual(first);
  });

  it('reads character references, and an escaped one stays text', () => {
    const form = parseLrmx(Buffer.from('<Person><XingMing>&#24352;&#x4E09;</XingMing><JianLi>&amp;#24352; &amp;amp;</JianLi></Person>'));
    expect(form.fields).toEqual({ XingMing: '张三', JianLi: '&#24352; &amp;' });
    expect(parseLrmx(writeLrmx(form))).toEqual(form);
  });

  it('reads a file declared GB2312 in its encoding', () => {
    const text = '<?xml version="1.0" encoding="GB2312"?><Person><XingMing>张三</XingMing></Person>';
    // 张三 in GB2312: D5C5 C8FD.
    const bytes = Buffer.concat([
      Buffer.from(text.slice(0, text.indexOf('张')), 'latin1'),
      Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
      Buffer.from(text.slice(text.indexOf('三') + 1), 'latin1'),
    ]);
    expect(parseLrmx(bytes).fields.XingMing).toBe('张三');
  });
});

describe('a file that is not a form is refused, in Chinese and English', () => {
  it.each([
    ['malformed XML', '<Person><XingMing>张三</Person>', '不是格式正确的 XML', 'not well-formed XML'],
    // The validator passes it, the parser refuses it: found by the API's fuzz as a 500.
    ['markup the parser refuses', '<Person><XingMing><!D</XingMing></Person>', '不是格式正确的 XML', 'not well-formed XML'],
    [
      'a DOCTYPE (external entity)',
      '<!DOCTYPE Person [<!ENTITY x SYSTEM "file:///etc/passwd">]><Person><XingMing>&x;</XingMing></Person>',
      'DOCTYPE',
      'document type declaration',
    ],
    ['another root', '<Root><XingMing>张三</XingMing></Root>', '根元素不是 <Person>', 'root element is not <Person>'],
    ['two roots', '<Person/><Person/>', '根元素不是 <Person>', 'root element is not <Person>'],
    ['loose text', '<Person>hello<XingMing>张三</XingMing></Person>', '散落的文字', 'loose text'],
    ['a photo that is not base64', '<Person><ZhaoPian>&lt;script&gt;</ZhaoPian></Person>', '不是 base64', 'not base64'],
  ])('%s', (_what, xml, zh, en) => {
    const e = refusal(() => parseLrmx(Buffer.from(xml)));
    expect(e.zh).toContain(zh);
    expect(e.en).toContain(en);
  });

  it('a file over the size limit, before it is read', () => {
    const e = refusal(() => parseLrmx(Buffer.alloc(LRMX_LIMITS.maxFileBytes + 1, 0x20)));
    expect(e.en).toContain('larger than');
  });

  it('a file that is not UTF-8 text', () => {
    const e = refusal(() => parseLrmx(Buffer.from([0x3c, 0x50, 0xff, 0xfe, 0xfd])));
    expect(e.en).toContain('not valid UTF-8');
  });
});

const MONTH = { year: 2026, month: 12 };

describe('the form in the registry’s terms', () => {
  it('reads the registry’s boxes with the roster’s checks; a box the registry cannot take stays text', () => {
    const f = registryFieldsOfForm(parseLrmx(Buffer.from(FILE)), MONTH);
    expect(f).toMatchObject({ name: '张三', gender: 'male', birthYear: 1985 });
    expect(f.details).toEqual({
      birthMonth: '1985-03',
      ethnicity: '汉族',
      nativePlace: '河南郑州',
      joinedParty: '2006-07',
      politicalStatus: '中共党员',
      startedWork: '2007-07',
      fullTimeEducation: '大学本科',
      fullTimeDegree: '法学学士',
      idNumber: ID,
    });
    expect(f.textOnly.map((t) => t.element)).toEqual(['ZaiZhiJiaoYu_XueLi']);
  });

  it.each([
    ['XingMing', '', '为空', 'is empty'],
    ['XingBie', '未知', '不在可选值中', 'not one of the allowed values'],
    ['ChuShengNianYue', '198513', '月份须在 1 至 12 之间', 'the month must be 1 to 12'],
    ['ShenFenZheng', ID17 + (idNumberCheckChar(ID17) === '0' ? '1' : '0'), '校验', 'check'],
    ['ShenFenZheng', '110105199003071239', '出生年月不符', 'disagrees with ChuShengNianYue'],
  ] as const)('%s “%s” refuses the form', (element, value, zh, en) => {
    const form = parseLrmx(Buffer.from(FILE));
    form.fields = { ...form.fields, [element]: value };
    const e = refusal(() => registryFieldsOfForm(form, MONTH));
    expect(e.zh).toContain(zh);
    expect(e.en.toLowerCase()).toContain(en.toLowerCase());
  });

  it('written from the registry and read back gives the registry’s fields; the other boxes stay as recorded', () => {
    const form = parseLrmx(Buffer.from(FILE));
    const fields = registryFieldsOfForm(form, MONTH);
    const out = formOfRegistry(
      {
        name: fields.name,
        gender: fields.gender,
        birthYear: fields.birthYear,
        details: fields.details,
        currentTitle: '城关镇副镇长',
        grades: '2024年度优秀；2025年度称职',
      },
      form,
    );
    expect(out.fields).toMatchObject({
      ChuShengNianYue: '198503',
      RuDangShiJian: '200607',
      MinZu: '汉族',
      NianDuKaoHeJieGuo: '2024年度优秀；2025年度称职',
      ShenFenZheng: ID,
    });
    expect(out.fields.JianLi).toBe(form.fields.JianLi);
    expect(out.extra).toEqual(form.extra);
    const back = registryFieldsOfForm(parseLrmx(writeLrmx(out)), MONTH);
    expect(back).toEqual(fields);
  });
});

describe('what an import records', () => {
  const digest = (t: string) => createHash('sha256').update(t).digest('hex');
  const unit = {
    orgUnitId: 'ts-01',
    name: '城关镇',
    kind: 'township' as const,
    parentId: 'county',
    effectiveFrom: '2020-01-01',
    dissolved: null,
  };
  const zhang: RegistryPerson = {
    personId: 'p-0001',
    name: '张三',
    gender: 'male',
    birthYear: 1985,
    orgUnitId: 'ts-01',
    rank: '副科级',
    details: { birthMonth: '1985-03', idNumber: ID },
    post: null,
  };
  const registry = (people: RegistryPerson[]): RegistrySnapshot => ({ orgUnits: [unit], people });
  const input = (over: Partial<LrmxImportInput>): LrmxImportInput => ({
    form: parseLrmx(Buffer.from(FILE)),
    registry: registry([]),
    recordedFormOf: () => null,
    today: '2026-12-07',
    digest,
    ...over,
  });

  it('given no such person and no unit, when imported, then it is refused and nothing recorded', () => {
    const e = refusal(() => decideLrmxImport(input({})));
    expect(e.en).toContain('needs a unit and a rank');
  });

  it('given no such person, when imported with a unit and rank, then the person is registered with the form recorded beside', () => {
    const d = decideLrmxImport(input({ newPerson: { orgUnitId: 'ts-01', rank: '副科级' } }));
    expect(d.matchedBy).toBeNull();
    expect(d.events.map((e) => e.type)).toEqual(['PersonRegistered', 'AppointmentFormRecorded']);
    const recorded = d.events[1]!.data as { form: LrmxForm };
    expect(recorded.form.fields.ShenFenZheng).toBeUndefined();
    expect(recorded.form.extra).toHaveLength(2);
  });

  it('given the person by ID number, when only the name differs, then one correction names only the name', () => {
    const form = parseLrmx(Buffer.from(FILE));
    const recorded = { ...form, fields: { ...form.fields } };
    delete recorded.fields.ShenFenZheng;
    const d = decideLrmxImport(
      input({
        registry: registry([{ ...zhang, name: '张叁', details: registryFieldsOfForm(form, MONTH).details }]),
        recordedFormOf: () => recorded,
      }),
    );
    expect(d.matchedBy).toBe('id-number');
    expect(d.events).toEqual([
      { type: 'PersonCorrected', data: { personId: 'p-0001', fields: { name: '张三' }, correctedOn: '2026-12-07' } },
    ]);
  });

  it('given the person as the form says and the form recorded, when imported again, then nothing is recorded', () => {
    const form = parseLrmx(Buffer.from(FILE));
    const first = decideLrmxImport(input({ newPerson: { orgUnitId: 'ts-01', rank: '副科级' } }));
    const recorded = (first.events[1]!.data as { form: LrmxForm }).form;
    const d = decideLrmxImport(
      input({ registry: registry([{ ...zhang, details: registryFieldsOfForm(form, MONTH).details }]), recordedFormOf: () => recorded }),
    );
    expect(d.events).toEqual([]);
    expect(d.idempotencyKey).toBeNull();
  });

  it('given two people of the same name and birth and no ID number on the form, when imported, then it is refused', () => {
    const form = parseLrmx(Buffer.from(FILE));
    delete form.fields.ShenFenZheng;
    const other = { ...zhang, personId: 'p-0002', details: { birthMonth: '1985-03' } };
    const e = refusal(() =>
      decideLrmxImport(input({ form, registry: registry([{ ...zhang, details: { birthMonth: '1985-03' } }, other]) })),
    );
    expect(e.en).toContain('give the ID number');
  });
});

it('出生年月（岁）counts the age on the day', () => {
  expect(birthWithAge('198503', '2026-12-07')).toBe('1985.03（41岁）');
  expect(birthWithAge('198512', '2026-11-07')).toBe('1985.12（40岁）');
});

describe('the 任免审批表 as a Word document', () => {
  // A 1×1 PNG.
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const facts = (over: Partial<FormFacts> = {}): FormFacts => ({
    personId: 'p-0001',
    name: '张三',
    gender: 'male',
    birthYear: 1985,
    orgUnitId: 'ts-01',
    orgUnitName: '城关镇',
    townshipId: 'ts-01',
    rank: '副科级',
    currentTitle: '城关镇副镇长',
    probationStatus: 'on-probation',
    details: { birthMonth: '1985-03', idNumber: ID, ethnicity: '汉族' },
    recorded: {
      fields: { JianLi: '2007.07--  城关镇工作', ZhaoPian: PNG },
      family: [{ fields: { ChengWei: '妻子', XingMing: '李四' }, extra: [] }],
      extra: [],
    },
    grades: [
      { year: 2024, label: '优秀' },
      { year: 2025, label: '称职' },
    ],
    proposedPost: '城关镇党委副书记',
    ...over,
  });
  const text = async (docx: Buffer) => {
    const zip = await JSZip.loadAsync(docx);
    return { zip, text: (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '') };
  };

  it('prints the registry, the grades, 拟任职务, the probation, the family and the photo, and never the ID number', async () => {
    const { zip, text: t } = await text(await appointmentFormDocx(facts(), '2026-12-07'));
    for (const words of [
      '干部任免审批表',
      '张三',
      '1985.03（41岁）',
      '汉族',
      '城关镇副镇长（试用期内）',
      '城关镇党委副书记',
      '2024年度优秀；2025年度称职',
      '城关镇工作',
      '妻子',
      '李四',
      '审批机关',
    ]) {
      expect(t).toContain(words);
    }
    expect(t).not.toContain(ID);
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/'))).toBe(true);
  });

  it('without a photo the box says 照片; not on probation, 现任职务 is the title alone', async () => {
    const { zip, text: t } = await text(await appointmentFormDocx(facts({ recorded: null, probationStatus: 'confirmed' }), '2026-12-07'));
    expect(t).toContain('照片');
    expect(t).toContain('城关镇副镇长');
    expect(t).not.toContain('试用期内');
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/'))).toBe(false);
  });
});
