/**
 * `cadreflow registry lrmx export|import` and `registry appointment-form`: a person's
 * 干部任免审批表 as an LRMX file (the national 任免表 editor's exchange format) and as a
 * Word document. An LRMX file carries the full ID number, so exporting one is county
 * staff's (`--user`) and is recorded in the access log; importing writes registry events
 * with the account as their actor. docs/lrmx.md.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { shanghaiDate } from '../../domain/calendar';
import { LRMX_LIMITS } from '../../domain/lrmx/form';
import { COUNTY_ROLES } from '../actorArgs';
import { commandActor, withModule } from '../backend';
import { UserError } from '../cases';
import type { Config } from '../config';
import { lrmxBackend } from '../lrmx/backendModule';

function readInput(file: string): Buffer {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UserError(`找不到文件 ${file} / no such file: ${file}`);
  }
  if (size > LRMX_LIMITS.maxFileBytes) {
    throw new UserError(
      `文件大于 ${LRMX_LIMITS.maxFileBytes / 1024 / 1024} MB，不是一份任免审批表 / the file is larger than ${LRMX_LIMITS.maxFileBytes / 1024 / 1024} MB: not one appointment form`,
    );
  }
  return readFileSync(file);
}

export function registerLrmxCommands(registry: Command, config: Config): void {
  const lrmx = registry.command('lrmx').description('a person’s 干部任免审批表 as an LRMX file (the national 任免表 editor’s format)');

  lrmx
    .command('export')
    .description('write a person’s LRMX file, with the full ID number (county staff, --user; recorded in the access log)')
    .argument('<personId>', 'the registry’s person id')
    .requiredOption('--out <file>', 'the .lrmx file to write')
    .action(async (personId: string, opts: { out: string }) => {
      const actor = await commandActor(config, 'registry lrmx export', COUNTY_ROLES);
      const by = { actor: { login: actor.id, role: actor.role }, channel: 'cli' as const };
      const { name, base64 } = await withModule(config, lrmxBackend, (m) => m.exportLrmx(personId, by));
      writeFileSync(opts.out, Buffer.from(base64, 'base64'));
      console.log(`wrote ${name}’s 任免审批表 (LRMX) to ${opts.out}`);
    });

  lrmx
    .command('import')
    .description(
      'import an LRMX file (county staff, --user): a registered person (matched by ID number, or name and birth) is corrected where the form differs; a new one is registered in --unit at --rank',
    )
    .argument('<file>', 'the .lrmx file')
    .option('--unit <orgUnitId>', 'the unit a person not in the registry is registered in')
    .option('--rank <rank>', 'the rank (职级) a person not in the registry is registered at, e.g. 副科级')
    .action(async (file: string, opts: { unit?: string; rank?: string }) => {
      const actor = await commandActor(config, 'registry lrmx import', COUNTY_ROLES);
      const bytes = readInput(file);
      const r = await withModule(config, lrmxBackend, (m) =>
        m.importLrmx(bytes.toString('base64'), { orgUnitId: opts.unit, rank: opts.rank, today: shanghaiDate(Date.now()) }, actor),
      );
      const how =
        r.matchedBy === null
          ? '新登记 / registered'
          : r.matchedBy === 'id-number'
            ? '按身份证号匹配 / matched by ID number'
            : '按姓名和出生年月匹配 / matched by name and birth';
      console.log(`${r.name} (${r.personId}): ${how}`);
      for (const t of r.textOnly)
        console.log(
          `  ${t.label}（${t.element}）“${t.value}”：${t.problem.zh}，仅保留在表中 / ${t.problem.en}; kept as the form's text only`,
        );
      console.log(r.written.length === 0 ? '无变化，未写入 / nothing changed; nothing written' : `写入 / wrote: ${r.written.join(', ')}`);
    });

  registry
    .command('appointment-form')
    .description('write a person’s 干部任免审批表 as a Word document (no ID number on it)')
    .argument('<personId>', 'the registry’s person id')
    .requiredOption('--out <file>', 'the .docx file to write')
    .action(async (personId: string, opts: { out: string }) => {
      const { name, base64 } = await withModule(config, lrmxBackend, (m) => m.appointmentForm(personId, shanghaiDate(Date.now())));
      writeFileSync(opts.out, Buffer.from(base64, 'base64'));
      console.log(`wrote ${name} to ${opts.out}`);
    });
}
