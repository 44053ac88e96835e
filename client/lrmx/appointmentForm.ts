/**
 * The 干部任免审批表 as a Word document, in the form's usual layout: one bordered table,
 * the person's particulars and photo at the top, education, posts (现任, 拟任, 拟免), the
 * resume, rewards and penalties, the last years' grades, the reason, the family, and the
 * boxes for the submitting unit's and the approving body's opinions. Filled from what
 * readFormFacts reads (the registry, the form last imported, the evaluation read models,
 * an open selection case, the probation status). The layout has no box for the ID
 * number, so it is never printed. `docx` is loaded when a form is written.
 */
import type { LrmxForm } from '../../domain/lrmx/form';
import { lrmxFormOf, type FormFacts } from './lrmxRegistry';

/** 出生年月(岁) as the form prints it: `1975.03（51岁）`, the age on `today`. */
export function birthWithAge(birth: string, today: string): string {
  const m = /^(\d{4})(\d{2})?$/.exec(birth);
  if (!m) return birth;
  const [ty, tm] = today.split('-').map(Number) as [number, number];
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : null;
  const age = ty - year - (month !== null && month > tm ? 1 : 0);
  return `${year}${month !== null ? `.${m[2]}` : ''}（${age}岁）`;
}

const lrmxMonthText = (v: string | undefined): string => (v && /^\d{6}$/.test(v) ? `${v.slice(0, 4)}.${v.slice(4)}` : (v ?? ''));

function photoType(bytes: Buffer): 'jpg' | 'png' | 'gif' | 'bmp' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg';
  if (bytes[0] === 0x89 && bytes.subarray(1, 4).toString('latin1') === 'PNG') return 'png';
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return 'gif';
  if (bytes.subarray(0, 2).toString('latin1') === 'BM') return 'bmp';
  return null;
}

/** The form's text, box by box, as the document prints it (tests read the same words back). */
export function appointmentFormBoxes(facts: FormFacts, today: string): { form: LrmxForm; current: string; birth: string } {
  const form = lrmxFormOf(facts, false);
  const f = form.fields;
  const current = (f.XianRenZhiWu ?? '') + (facts.probationStatus === 'on-probation' ? '（试用期内）' : '');
  return { form, current, birth: f.ChuShengNianYue ? birthWithAge(f.ChuShengNianYue, today) : '' };
}

export async function appointmentFormDocx(facts: FormFacts, today: string): Promise<Buffer> {
  const d = await import('docx');
  const { form, current, birth } = appointmentFormBoxes(facts, today);
  const f = form.fields;
  const font = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
  const COLS = [1300, 1500, 1200, 1500, 1300, 1300, 1700];
  const total = COLS.reduce((a, b) => a + b, 0);
  const border = { style: d.BorderStyle.SINGLE, size: 6, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };

  const paras = (text: string, opts: { bold?: boolean; center?: boolean } = {}) =>
    (text === '' ? [''] : text.split(/\r?\n/)).map(
      (line) =>
        new d.Paragraph({
          alignment: opts.center ? d.AlignmentType.CENTER : d.AlignmentType.LEFT,
          children: [new d.TextRun({ text: line, font, size: 22, bold: opts.bold })],
        }),
    );
  const cell = (
    text: string,
    span = 1,
    opts: { label?: boolean; rowSpan?: number; minHeight?: number; children?: InstanceType<typeof d.Paragraph>[] } = {},
  ) =>
    new d.TableCell({
      columnSpan: span,
      rowSpan: opts.rowSpan,
      borders,
      verticalAlign: d.VerticalAlign.CENTER,
      width: { size: 0, type: d.WidthType.AUTO },
      children: opts.children ?? paras(text, { center: opts.label }),
    });
  const label = (text: string, span = 1, rowSpan?: number) => cell(text, span, { label: true, rowSpan });
  const row = (cells: InstanceType<typeof d.TableCell>[], height?: number) =>
    new d.TableRow({ children: cells, ...(height ? { height: { value: height, rule: d.HeightRule.ATLEAST } } : {}) });

  let photoCell: InstanceType<typeof d.TableCell>;
  const photo = f.ZhaoPian ? Buffer.from(f.ZhaoPian.replace(/\s+/g, ''), 'base64') : null;
  const type = photo && photo.length > 0 ? photoType(photo) : null;
  if (photo && type) {
    const image = new d.ImageRun({ type, data: photo, transformation: { width: 100, height: 133 } } as ConstructorParameters<
      typeof d.ImageRun
    >[0]);
    photoCell = cell('', 1, { rowSpan: 4, children: [new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [image] })] });
  } else {
    photoCell = cell('照片', 1, { label: true, rowSpan: 4 });
  }

  const family = form.family.length > 0 ? form.family : [{ fields: {}, extra: [] }];
  const rows = [
    row(
      [label('姓名'), cell(f.XingMing ?? ''), label('性别'), cell(f.XingBie ?? ''), label('出生年月\n（岁）'), cell(birth), photoCell],
      700,
    ),
    row([label('民族'), cell(f.MinZu ?? ''), label('籍贯'), cell(f.JiGuan ?? ''), label('出生地'), cell(f.ChuShengDi ?? '')], 700),
    row(
      [
        label('入党时间'),
        cell(lrmxMonthText(f.RuDangShiJian)),
        label('参加工作时间'),
        cell(lrmxMonthText(f.CanJiaGongZuoShiJian)),
        label('健康状况'),
        cell(f.JianKangZhuangKuang ?? ''),
      ],
      700,
    ),
    row(
      [label('专业技术职务'), cell(f.ZhuanYeJiShuZhiWu ?? '', 2), label('熟悉专业有何专长'), cell(f.ShuXiZhuanYeYouHeZhuanChang ?? '', 2)],
      700,
    ),
    row([
      label('学历\n学位', 1, 2),
      label('全日制\n教育'),
      cell([f.QuanRiZhiJiaoYu_XueLi, f.QuanRiZhiJiaoYu_XueWei].filter(Boolean).join('\n'), 2),
      label('毕业院校系及专业'),
      cell([f.QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi, f.QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi].filter(Boolean).join('\n'), 2),
    ]),
    row([
      label('在职\n教育'),
      cell([f.ZaiZhiJiaoYu_XueLi, f.ZaiZhiJiaoYu_XueWei].filter(Boolean).join('\n'), 2),
      label('毕业院校系及专业'),
      cell([f.ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi, f.ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi].filter(Boolean).join('\n'), 2),
    ]),
    row([label('现任职务', 2), cell(current, 5)], 600),
    row([label('拟任职务', 2), cell(f.NiRenZhiWu ?? '', 5)], 600),
    row([label('拟免职务', 2), cell(f.NiMianZhiWu ?? '', 5)], 600),
    row([label('简\n\n历'), cell(f.JianLi ?? '', 6)], 4000),
    row([label('奖惩\n情况'), cell(f.JiangChengQingKuang ?? '', 6)], 900),
    row([label('年度考核\n结果'), cell(f.NianDuKaoHeJieGuo ?? '', 6)], 700),
    row([label('任免\n理由'), cell(f.RenMianLiYou ?? '', 6)], 700),
    row([
      label('家庭主要成员及重要社会关系', 1, family.length + 1),
      label('称谓'),
      label('姓名'),
      label('出生年月'),
      label('政治面貌'),
      label('工作单位及职务', 2),
    ]),
    ...family.map((m) =>
      row([
        cell(m.fields.ChengWei ?? ''),
        cell(m.fields.XingMing ?? ''),
        cell(lrmxMonthText(m.fields.ChuShengRiQi)),
        cell(m.fields.ZhengZhiMianMao ?? ''),
        cell(m.fields.GongZuoDanWeiJiZhiWu ?? '', 2),
      ]),
    ),
    row([label('呈报\n单位'), cell(`${f.ChengBaoDanWei ?? ''}\n\n（盖章）    年  月  日`, 6)], 1200),
    row([label('审批机关\n意见'), cell('\n\n（盖章）    年  月  日', 6)], 1200),
  ];

  const doc = new d.Document({
    creator: 'cadreflow',
    title: `干部任免审批表 ${facts.name}`,
    styles: { default: { document: { run: { font, size: 22 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 } } },
        children: [
          new d.Paragraph({
            alignment: d.AlignmentType.CENTER,
            spacing: { after: 200 },
            children: [new d.TextRun({ text: '干部任免审批表', font, size: 36, bold: true })],
          }),
          new d.Table({
            width: { size: total, type: d.WidthType.DXA },
            columnWidths: COLS,
            layout: d.TableLayoutType.FIXED,
            rows,
          }),
          new d.Paragraph({
            spacing: { before: 120 },
            children: [new d.TextRun({ text: `填表人：${f.TianBiaoRen ?? ''}    填表时间：${today}`, font, size: 20 })],
          }),
        ],
      },
    ],
  });
  return d.Packer.toBuffer(doc);
}

/** `任免审批表-张三.docx`; the ASCII fallback is the person's id. */
export function appointmentFormFileName(facts: Pick<FormFacts, 'name' | 'personId'>): { name: string; ascii: string } {
  return { name: `任免审批表-${facts.name}.docx`, ascii: `appointment-form-${facts.personId.replace(/[^A-Za-z0-9._-]+/g, '-')}.docx` };
}
