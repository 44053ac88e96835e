/**
 * `cadreflow registry register|correct|appoint|end-post|transfer|retire|death|unit-add|
 * unit-rename|unit-dissolve`: the registry's changes as county staff (`--user`) make
 * them, through the same service as the API (client/registry/service.ts), served by a
 * running `up` over its control channel. The options are the roster's columns, typed as
 * in a roster (`--gender 男 --birth 1975.03`), checked by the roster's own checks.
 */
import type { Command } from 'commander';
import { shanghaiDate } from '../../domain/calendar';
import { CORRECTABLE_KEYS, POST_END_REASONS } from '../../domain/registryForms';
import { ORG_UNIT_COLUMNS, PERSON_COLUMNS } from '../../domain/roster/columns';
import { COUNTY_ROLES } from '../actorArgs';
import { commandActor, withModule } from '../backend';
import { UserError } from '../cases';
import type { Config } from '../config';
import { registryChangesBackend } from '../registry/backendModule';
import type { RegistryOutcome, RegistryRequest } from '../registry/service';

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const PERSON_OPTIONS = PERSON_COLUMNS.filter((c) => c.key !== 'personId');

/** What was recorded; a bad form's problems (printed to stderr) or a refusal as a UserError, Chinese then English. */
export function reportOutcome(outcome: RegistryOutcome): string {
  if (outcome.ok) {
    return outcome.duplicate
      ? `此前已记录，未重复写入 / recorded before under this key; nothing written (${outcome.subjectId})`
      : `已记录 / recorded ${outcome.events.join(', ')} for ${outcome.subjectId}`;
  }
  if (outcome.status === 'invalid') {
    // The CLI prints a UserError's first line: each problem goes to stderr before it.
    for (const p of outcome.problems) console.error(`  ${p.zh}\n  ${p.en}`);
    throw new UserError(
      `表单有 ${outcome.problems.length} 处问题，未写入任何内容 / the form has ${outcome.problems.length} problems; nothing was written`,
    );
  }
  throw new UserError(`拒绝 / refused (${outcome.code}): ${outcome.zh} / ${outcome.en}`);
}

export function registerRegistryChangeCommands(registry: Command, config: Config): void {
  const run = async (what: string, req: RegistryRequest, key: string | undefined) => {
    const actor = await commandActor(config, `registry ${what}`, COUNTY_ROLES);
    const outcome = await withModule(config, registryChangesBackend, (m) =>
      m.change(req, actor, { today: shanghaiDate(Date.now()), ...(key ? { idempotencyKey: key } : {}) }),
    );
    console.log(reportOutcome(outcome));
  };
  const KEY = ['--key <key>', 'an idempotency key: the same key again writes nothing'] as const;
  const ON = ['--on <YYYY-MM-DD>', 'the day (default today; not later)'] as const;

  const register = registry
    .command('register')
    .description(
      'register a person (county staff, --user): the people sheet’s columns, checked as an import checks them; --unit is a unit code',
    );
  for (const c of PERSON_OPTIONS) register.option(`--${kebab(c.key)} <value>`, `${c.header}${c.required ? ' (required)' : ''}`);
  register.option(...KEY).action(async (opts: Record<string, string>) => {
    const form = Object.fromEntries(PERSON_OPTIONS.filter((c) => opts[c.key] !== undefined).map((c) => [c.key, opts[c.key]!]));
    await run('register', { kind: 'register', form }, opts.key);
  });

  const correct = registry
    .command('correct')
    .description('correct a person’s fields (county staff, --user); an empty value clears a detail')
    .argument('<personId>');
  for (const k of CORRECTABLE_KEYS) correct.option(`--${kebab(k)} <value>`, PERSON_COLUMNS.find((c) => c.key === k)!.header);
  correct.option(...KEY).action(async (personId: string, opts: Record<string, string>) => {
    const form = Object.fromEntries(CORRECTABLE_KEYS.filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]!]));
    if (Object.keys(form).length === 0)
      throw new UserError('没有要更正的字段 / name at least one field to correct, e.g. --phone 13800138000');
    await run('correct', { kind: 'correct', personId, form }, opts.key);
  });

  registry
    .command('appoint')
    .description('appoint a person to a post (任职, formal; county staff, --user); a post held ends, replaced')
    .argument('<personId>')
    .requiredOption('--title <title>', '现任职务')
    .requiredOption('--since <month>', '任现职时间, e.g. 2024.03')
    .option('--rank <rank>', '职级 (default: the person’s)')
    .option('--unit <code>', 'the post’s unit (default: the person’s)')
    .option(...KEY)
    .action(async (personId: string, o: { title: string; since: string; rank?: string; unit?: string; key?: string }) => {
      await run('appoint', { kind: 'appoint', personId, title: o.title, titleSince: o.since, rank: o.rank, unit: o.unit }, o.key);
    });

  registry
    .command('end-post')
    .description('remove a person from a post (免职; county staff, --user)')
    .argument('<assignmentId>')
    .option('--reason <reason>', `one of ${POST_END_REASONS.join(', ')}`, 'other')
    .option(...ON)
    .option(...KEY)
    .action(async (assignmentId: string, o: { reason: string; on?: string; key?: string }) => {
      await run('end-post', { kind: 'end-post', assignmentId, reason: o.reason, on: o.on }, o.key);
    });

  registry
    .command('transfer')
    .description('transfer a person to another unit (调动; county staff, --user)')
    .argument('<personId>')
    .requiredOption('--unit <code>', 'the unit they move to')
    .option(...ON)
    .option(...KEY)
    .action(async (personId: string, o: { unit: string; on?: string; key?: string }) => {
      await run('transfer', { kind: 'transfer', personId, unit: o.unit, on: o.on }, o.key);
    });

  for (const [name, kind, zh] of [
    ['retire', 'retire', '退休'],
    ['death', 'death', '去世'],
  ] as const) {
    registry
      .command(name)
      .description(`record a ${name === 'retire' ? 'retirement' : 'death'} (${zh}; county staff, --user); a post held ends`)
      .argument('<personId>')
      .option(...ON)
      .option(...KEY)
      .action(async (personId: string, o: { on?: string; key?: string }) => {
        await run(name, { kind, personId, on: o.on }, o.key);
      });
  }

  const unitAdd = registry.command('unit-add').description('set up an org unit (设立; county staff, --user): the 单位 sheet’s columns');
  for (const c of ORG_UNIT_COLUMNS) unitAdd.option(`--${kebab(c.key)} <value>`, `${c.header}${c.required ? ' (required)' : ''}`);
  unitAdd.option(...KEY).action(async (o: Record<string, string>) => {
    const form = Object.fromEntries(ORG_UNIT_COLUMNS.filter((c) => o[c.key] !== undefined).map((c) => [c.key, o[c.key]!]));
    await run('unit-add', { kind: 'unit-add', form }, o.key);
  });

  registry
    .command('unit-rename')
    .description('rename an org unit (更名; county staff, --user)')
    .argument('<orgUnitId>')
    .requiredOption('--name <name>', '单位名称')
    .option(...KEY)
    .action(async (orgUnitId: string, o: { name: string; key?: string }) => {
      await run('unit-rename', { kind: 'unit-rename', orgUnitId, name: o.name }, o.key);
    });

  registry
    .command('unit-dissolve')
    .description('dissolve an org unit, or merge it into another with --merged-into (撤销, 合并; county staff, --user)')
    .argument('<orgUnitId>')
    .option('--merged-into <code>', 'the unit it is merged into')
    .option(...ON)
    .option(...KEY)
    .action(async (orgUnitId: string, o: { mergedInto?: string; on?: string; key?: string }) => {
      await run('unit-dissolve', { kind: 'unit-dissolve', orgUnitId, mergedInto: o.mergedInto ?? null, on: o.on }, o.key);
    });
}
