/**
 * The roster upload (名册导入), county staff only: a workbook is chosen or dropped, uploaded
 * with its progress shown, checked on the server first (`?dryRun=true`: every problem by
 * sheet, row, column and value, and what importing would change), and only a report with
 * no problem enables the import, which the server checks again before writing its events
 * in one batch (docs/registry.md). The page decides nothing itself: the check is the API's.
 */
import { useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, Button, Card, Progress, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { FieldChange, RosterChange } from '../../../domain/roster/changes';
import { SHEET_NAMES, type RosterProblem, type RosterSheetKey } from '../../../domain/roster/problems';
import { ApiProblem } from '../api';
import { ProblemAlert } from '../components/Loadable';
import { useLang } from '../i18n';
import type { Lang } from '../lang';
import { MAX_ROSTER_BYTES, ROSTER_TEMPLATE_URL, uploadRoster, type RosterImportReport, type UploadPhase } from '../rosterImport';

/** This page's words, [中文, English], kept beside it (web/src/i18n.tsx holds the shared ones). */
const TEXT = {
  title: ['名册导入', 'Roster import'],
  intro: [
    '上传填好的名册（.xlsx）：先逐行检查并列出将要发生的变更，检查无误后方可导入。导入时整份名册一次写入，有任何问题则不写入任何内容；同一文件再次导入不会重复写入。',
    'Upload a filled-in roster (.xlsx): every row is checked first and what would change is listed; only a roster with no problem can be imported. An import writes the whole file or nothing, and the same file imported again writes nothing.',
  ],
  template: ['下载空白名册模板', 'Download the empty template'],
  drop: ['点击选择或拖放名册文件（.xlsx）到此处', 'Click to choose a roster (.xlsx), or drop it here'],
  dropHint: [
    '每次一个文件，不超过 {mb} MB；选择后立即检查，不写入任何内容',
    'One file, at most {mb} MB; it is checked at once and nothing is written',
  ],
  tooLarge: ['文件超过 {mb} MB，未上传', 'The file is over {mb} MB and was not uploaded'],
  file: ['文件', 'File'],
  colon: ['：', ': '],
  stepUpload: ['上传文件', 'Upload'],
  stepRead: ['读取工作簿', 'Read the workbook'],
  stepCheck: ['检查名册', 'Check the rows'],
  stepRecheck: ['再次核对', 'Check again'],
  stepWrite: ['写入登记库', 'Write to the registry'],
  uploading: ['正在上传 {percent}%', 'Uploading: {percent}%'],
  waiting: ['已上传，等待服务器处理…', 'Uploaded; waiting for the server…'],
  reading: ['正在读取工作簿…', 'Reading the workbook…'],
  checking: ['正在逐行检查：单位 {units} 行、人员 {people} 行…', 'Checking {units} unit rows and {people} people rows…'],
  writing: ['正在写入 {events} 个事件（整份名册一次写入）…', 'Writing {events} events (the whole roster in one batch)…'],
  reportTitle: ['检查结果', 'Check report'],
  rowsRead: ['读取单位 {units} 行、人员 {people} 行', 'Read {units} unit rows and {people} people rows'],
  problemsFound: [
    '发现 {n} 个问题，不能导入。请修改文件后重新选择。',
    '{n} problems found: the roster cannot be imported. Correct the file and choose it again.',
  ],
  clean: ['没有发现问题，可以导入。', 'No problem found: the roster can be imported.'],
  sheet: ['工作表', 'Sheet'],
  row: ['行', 'Row'],
  column: ['列', 'Column'],
  value: ['填写内容', 'Value'],
  problem: ['问题', 'Problem'],
  expected: ['应为', 'Expected'],
  changesTitle: ['导入后的变更', 'What importing changes'],
  countNew: ['新增', 'New'],
  countChanged: ['变更', 'Changed'],
  countUnchanged: ['不变', 'Unchanged'],
  countNotInFile: ['文件中未列出（保持不变）', 'Not in the file (left as they are)'],
  kindNew: ['新增', 'New'],
  kindChanged: ['变更', 'Changed'],
  id: ['编号', 'Id'],
  name: ['名称', 'Name'],
  changeList: ['变更内容（原 → 新）', 'Changes (before → after)'],
  newRow: ['新登记', 'Newly registered'],
  empty: ['（空）', '(blank)'],
  import: ['导入', 'Import'],
  importDisabled: ['检查无误后才能导入', 'Import is possible once the check finds no problem'],
  imported: ['已导入：写入 {events} 个事件', 'Imported: {events} events written'],
  importedDuplicates: ['，{n} 项此前已导入，未重复写入', '; {n} changes imported before were not written again'],
  importRefused: ['导入未执行，未写入任何内容', 'Not imported; nothing was written'],
  rechecked: [
    '导入时再次核对发现问题，未写入任何内容（登记库在检查后有变化）。下面是重新检查的结果。',
    'Checked again at the import, the roster has problems (the registry changed since the check); nothing was written. The new report is below.',
  ],
} as const satisfies Record<string, readonly [string, string]>;

type Key = keyof typeof TEXT;
type Say = (key: Key, vars?: Record<string, string | number>) => string;

function sayer(lang: Lang): Say {
  return (key, vars) =>
    TEXT[key][lang === 'zh' ? 0 : 1].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
}

/** The problem type of an import refused for the roster's problems (docs/api.md, "Errors"). */
const ROSTER_PROBLEMS = 'urn:cadreflow:problem:roster-problems';

const MB = Math.round(MAX_ROSTER_BYTES / (1024 * 1024));

/** What the page is doing: nothing, a check or an import in one of its phases. */
type Busy = { action: 'check' | 'import'; phase: UploadPhase } | null;

export function RosterImportPage() {
  const { lang } = useLang();
  const say = sayer(lang);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [report, setReport] = useState<RosterImportReport | null>(null);
  const [result, setResult] = useState<RosterImportReport | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [rechecked, setRechecked] = useState(false);
  // Answers for a file no longer chosen are dropped: a new choice starts a new check.
  const generation = useRef(0);

  const run = async (action: 'check' | 'import', chosen: File) => {
    const mine = ++generation.current;
    setError(null);
    setBusy({ action, phase: { phase: 'uploading', percent: 0 } });
    try {
      const answer = await uploadRoster(chosen, action === 'check', (phase) => {
        if (generation.current === mine) setBusy({ action, phase });
      });
      if (generation.current !== mine) return;
      if (action === 'check') setReport(answer);
      else setResult(answer);
    } catch (err) {
      if (generation.current !== mine) return;
      if (action === 'import' && err instanceof ApiProblem && err.problem.type === ROSTER_PROBLEMS) {
        // The registry changed since the check (a unit merged, a person retired): nothing was
        // written; the file is checked again so its problems show as the report does.
        setRechecked(true);
        void run('check', chosen);
        return;
      }
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      if (generation.current === mine) setBusy(null);
    }
  };

  const choose = (chosen: File) => {
    generation.current++;
    setFile(chosen);
    setReport(null);
    setResult(null);
    setRechecked(false);
    setBusy(null);
    if (chosen.size > MAX_ROSTER_BYTES) {
      setError(new Error(say('tooLarge', { mb: MB })));
      return;
    }
    void run('check', chosen);
  };

  const importable = !!file && !!report && report.problems.length === 0 && !busy && !result;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="roster-import-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {say('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {say('intro')}
      </Typography.Paragraph>
      <div>
        <Button href={ROSTER_TEMPLATE_URL} download data-testid="roster-template">
          {say('template')}
        </Button>
      </div>
      <div data-testid="roster-dropzone">
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          disabled={!!busy}
          // The upload is ours (XMLHttpRequest with its progress): antd only hands over the file.
          beforeUpload={(chosen) => {
            choose(chosen);
            return false;
          }}
        >
          <Typography.Paragraph style={{ margin: 0 }}>{say('drop')}</Typography.Paragraph>
          <Typography.Text type="secondary">{say('dropHint', { mb: MB })}</Typography.Text>
        </Upload.Dragger>
      </div>
      {file && (
        <Typography.Text data-testid="roster-file">
          {say('file')}
          {say('colon')}
          {file.name}
        </Typography.Text>
      )}
      {busy && <UploadProgress busy={busy} say={say} />}
      {error && <RefusalAlert error={error} say={say} importing={!!report && !result} />}
      {rechecked && <Alert type="warning" showIcon data-testid="roster-rechecked" title={say('rechecked')} />}
      {report && <ReportView report={report} lang={lang} say={say} />}
      {report && (
        <Space>
          <Button
            type="primary"
            disabled={!importable}
            loading={busy?.action === 'import'}
            onClick={() => file && void run('import', file)}
            data-testid="roster-import"
          >
            {say('import')}
          </Button>
          {report.problems.length > 0 && <Typography.Text type="secondary">{say('importDisabled')}</Typography.Text>}
        </Space>
      )}
      {result?.written && (
        <Alert
          type="success"
          showIcon
          data-testid="roster-result"
          title={
            say('imported', { events: result.written.events }) +
            (result.written.duplicates > 0 ? say('importedDuplicates', { n: result.written.duplicates }) : '')
          }
        />
      )}
    </Space>
  );
}

/** The phase as steps (upload, read, check and, for an import, write), as the server reports each beginning. */
function UploadProgress({ busy, say }: { busy: NonNullable<Busy>; say: Say }) {
  const p = busy.phase;
  const steps = [
    { title: say('stepUpload') },
    { title: say('stepRead') },
    { title: busy.action === 'check' ? say('stepCheck') : say('stepRecheck') },
    ...(busy.action === 'import' ? [{ title: say('stepWrite') }] : []),
  ];
  const current = { uploading: 0, waiting: 1, reading: 1, checking: 2, writing: 3 }[p.phase];
  const words =
    p.phase === 'uploading'
      ? say('uploading', { percent: p.percent })
      : p.phase === 'checking'
        ? say('checking', { units: p.rows.orgUnits, people: p.rows.people })
        : p.phase === 'writing'
          ? say('writing', { events: p.events })
          : say(p.phase);
  return (
    <Card size="small" data-testid="roster-progress" data-phase={p.phase}>
      <Steps size="small" current={current} items={steps} />
      {p.phase === 'uploading' ? (
        <Progress percent={p.percent} status="active" />
      ) : (
        <Progress percent={100} status="active" showInfo={false} />
      )}
      <Typography.Text type="secondary" data-testid="roster-progress-text">
        {words}
      </Typography.Text>
    </Card>
  );
}

/** A refused upload: the API's own words; an import refused for the roster's problems lists each of them. */
function RefusalAlert({ error, say, importing }: { error: Error; say: Say; importing: boolean }) {
  const listed = error instanceof ApiProblem ? (error.problem.errors ?? []) : [];
  if (listed.length === 0) return <ProblemAlert error={error} />;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="problem"
      title={importing ? say('importRefused') : error.message}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {listed.map((e, i) => (
            <li key={i} style={{ whiteSpace: 'pre-wrap' }}>
              {e.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

function ReportView({ report, lang, say }: { report: RosterImportReport; lang: Lang; say: Say }) {
  const n = report.problems.length;
  return (
    <Card
      size="small"
      title={say('reportTitle')}
      data-testid="roster-report"
      data-state={n > 0 ? 'problems' : 'clean'}
      extra={
        <Typography.Text type="secondary">{say('rowsRead', { units: report.rows.orgUnits, people: report.rows.people })}</Typography.Text>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert
          type={n > 0 ? 'error' : 'success'}
          showIcon
          title={n > 0 ? say('problemsFound', { n }) : say('clean')}
          data-testid="roster-verdict"
        />
        {n > 0 && <ProblemTable problems={report.problems} lang={lang} say={say} />}
        <Typography.Title level={5} style={{ margin: 0 }}>
          {say('changesTitle')}
        </Typography.Title>
        {(['orgUnits', 'people'] as const).map((sheet) => (
          <ChangesView key={sheet} sheet={sheet} report={report} lang={lang} say={say} />
        ))}
      </Space>
    </Card>
  );
}

function ProblemTable({ problems, lang, say }: { problems: RosterProblem[]; lang: Lang; say: Say }) {
  return (
    <Table<RosterProblem & { key: number }>
      size="small"
      dataSource={problems.map((p, key) => ({ ...p, key }))}
      pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      onRow={(p) => ({ 'data-testid': 'roster-problem', 'data-row': p.row, 'data-column': p.column }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: say('sheet'), dataIndex: 'sheet', width: 100, render: (s: RosterSheetKey) => SHEET_NAMES[s][lang] },
        { title: say('row'), dataIndex: 'row', width: 60 },
        { title: say('column'), dataIndex: 'column', width: 110 },
        {
          title: say('value'),
          dataIndex: 'value',
          width: 160,
          render: (v: string) => (v === '' ? <Typography.Text type="secondary">{say('empty')}</Typography.Text> : v),
        },
        { title: say('problem'), key: 'problem', render: (_: unknown, p) => p.problem[lang] },
        { title: say('expected'), key: 'expected', render: (_: unknown, p) => p.expected[lang] },
      ]}
    />
  );
}

function ChangesView({ sheet, report, lang, say }: { sheet: RosterSheetKey; report: RosterImportReport; lang: Lang; say: Say }) {
  const s = report.changes[sheet];
  const count = (key: string, label: Key, value: number): ReactNode => (
    <div key={key} data-testid={`roster-count-${sheet}-${key}`} data-value={value}>
      <Statistic title={say(label)} value={value} />
    </div>
  );
  return (
    <Card size="small" type="inner" title={SHEET_NAMES[sheet][lang]} data-testid={`roster-changes-${sheet}`}>
      <Space size="large" wrap>
        {count('new', 'countNew', s.new)}
        {count('changed', 'countChanged', s.changed)}
        {count('unchanged', 'countUnchanged', s.unchanged)}
        {count('not-in-file', 'countNotInFile', s.notInFile)}
      </Space>
      {s.items.length > 0 && (
        <Table<RosterChange>
          size="small"
          style={{ marginTop: 12 }}
          rowKey={(c) => `${c.row}`}
          dataSource={s.items}
          pagination={s.items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          onRow={(c) => ({ 'data-testid': 'roster-change', 'data-kind': c.kind }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: '',
              dataIndex: 'kind',
              width: 70,
              render: (k: RosterChange['kind']) => (
                <Tag color={k === 'new' ? 'green' : 'orange'}>{k === 'new' ? say('kindNew') : say('kindChanged')}</Tag>
              ),
            },
            { title: say('row'), dataIndex: 'row', width: 60 },
            { title: say('id'), dataIndex: 'id', width: 140, render: (v: string | null) => v ?? '—' },
            { title: say('name'), dataIndex: 'name', width: 160 },
            {
              title: say('changeList'),
              key: 'changes',
              render: (_: unknown, c) => (c.kind === 'new' ? say('newRow') : <ChangeCells changes={c.changes} say={say} />),
            },
          ]}
        />
      )}
    </Card>
  );
}

function ChangeCells({ changes, say }: { changes: FieldChange[]; say: Say }) {
  const shown = (v: string) => (v === '' ? say('empty') : v);
  return (
    <Space orientation="vertical" size={0}>
      {changes.map((f) => (
        <span key={f.column} data-testid="roster-change-cell">
          {f.column}
          {say('colon')}
          {shown(f.before)} → {shown(f.after)}
        </span>
      ))}
    </Space>
  );
}
