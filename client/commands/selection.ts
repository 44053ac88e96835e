/**
 * `cadreflow selection …`: open a selection (选拔任用, docs/selection.md), show where it
 * stands, and write its full-process record (全程纪实) as a .docx. Decisions go through the
 * generic `cadreflow decide`; docs/selection.md lists each step's fields. The calls are a
 * backend module, so they also work through a running `cadreflow up`.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { shanghaiDate } from '../../domain/calendar';
import { commandActor, withModule } from '../backend';
import { COUNTY_ROLES } from '../actorArgs';
import { UserError } from '../cases';
import type { Config } from '../config';
import { recordDocx } from '../selectionRecord';
import { table } from '../views';
import { selectionBackend, type SelectionView } from '../selectionService';

function renderSelection(v: SelectionView): string {
  const s = v.status;
  const out = [`${v.caseId}  stage ${s.stage}${s.outcome ? ` · ${s.outcome}` : ''} · round ${s.round}`];
  if (s.targets.length) out.push(`targets: ${s.targets.join('、')}`);
  if (s.cleared.length) out.push(`cleared by the inspection: ${s.cleared.join('、')}`);
  if (s.approved.length) out.push(`approved by the committee: ${s.approved.join('、')}`);
  if (s.appointed.length) out.push(`appointed: ${s.appointed.join('、')}`);
  if (s.probations.length) out.push(`probation cases: ${s.probations.join(', ')}`);
  if (v.pending.length)
    out.push('', 'pending:', table(v.pending.map((t) => ({ step: t.step, for: t.role, due: t.dueAt.slice(0, 10), title: t.title }))));
  return out.join('\n');
}

export function registerSelectionCommands(program: Command, config: Config): void {
  const selection = program
    .command('selection')
    .description('选拔任用: selecting and appointing a cadre, to the appointment and its probation');

  selection
    .command('start')
    .description('open a selection (分析研判和动议); its steps are decided with `cadreflow decide` (docs/selection.md)')
    .requiredOption('--unit <orgUnitId>', 'the township (or county unit) whose post is filled, e.g. ts-03')
    .requiredOption('--post-id <id>', 'a short id for the post, e.g. deputy-head')
    .requiredOption('--title <title>', 'the post, e.g. 副乡长')
    .requiredOption('--rank <rank>', 'the rank it carries, e.g. 副科级')
    .requiredOption('--qualifications <text>', '任职资格')
    .requiredOption('--scope <text>', '选拔范围')
    .option('--positions <n>', 'how many are appointed', '1')
    .option('--method <method>', 'competitive (竞争性选拔, 差额) or ordinary', 'ordinary')
    .option('--elected', 'the post is filled by election: no probation follows the appointment')
    .option('--opened-on <YYYY-MM-DD>', 'the day the selection was opened (default: today)')
    .action(
      async (opts: {
        unit: string;
        postId: string;
        title: string;
        rank: string;
        qualifications: string;
        scope: string;
        positions: string;
        method: string;
        elected?: boolean;
        openedOn?: string;
      }) => {
        if (!/^\d+$/.test(opts.positions)) throw new UserError(`--positions must be a whole number, got "${opts.positions}"`);
        const actor = await commandActor(config, 'selection start', COUNTY_ROLES);
        const opening = {
          orgUnitId: opts.unit,
          post: { postId: opts.postId, title: opts.title, rank: opts.rank, positions: Number(opts.positions), nonElected: !opts.elected },
          method: opts.method,
          qualifications: opts.qualifications,
          scope: opts.scope,
          openedOn: opts.openedOn ?? shanghaiDate(Date.now()),
        };
        await withModule(config, selectionBackend, async (m) => {
          const r = await m.start({ opening, actor });
          console.log(r.started ? `started ${r.caseId}` : `${r.caseId} is already running; nothing started`);
        });
      },
    );

  selection
    .command('show')
    .argument('<case>', 'e.g. selection/ts-03/deputy-head/2026-03-02')
    .option('--json', 'print JSON')
    .description('where a selection stands: targets, candidates, appointments and pending steps (`case show` has the timeline)')
    .action(async (caseId: string, opts: { json?: boolean }) =>
      withModule(config, selectionBackend, async (m) => {
        const view = await m.show(caseId);
        console.log(opts.json ? JSON.stringify(view, null, 2) : renderSelection(view));
      }),
    );

  selection
    .command('record')
    .argument('<case>', 'e.g. selection/ts-03/deputy-head/2026-03-02')
    .requiredOption('--out <file.docx>', 'where to write the record')
    .description('write the full-process record (全程纪实) as a Word document, from the event log only')
    .action(async (caseId: string, opts: { out: string }) =>
      withModule(config, selectionBackend, async (m) => {
        const lines = await m.record(caseId);
        writeFileSync(opts.out, await recordDocx(lines), { mode: 0o600 });
        console.log(`wrote ${lines.length} lines of the record to ${opts.out}`);
      }),
    );
}
