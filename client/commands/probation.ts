/**
 * `cadreflow probation …`: start a probation case (试用期) for a cadre appointed on trial
 * (client/probationService.ts). Its decisions, the check-ins through the county's decision, go
 * through the generic `cadreflow decide`; so does `end-early`, which the case takes as an
 * Update of its own (client/stepUpdates.ts).
 */
import type { Command } from 'commander';
import { COUNTY_ROLES } from '../actorArgs';
import { commandActor, withBackend } from '../backend';
import type { Config } from '../config';
import type { StartProbationArgs } from '../probationService';

export function registerProbationCommands(program: Command, config: Config): void {
  const probation = program.command('probation').description('试用期 cases');
  probation
    .command('start')
    .description('start a probation case for a cadre appointed on trial')
    .requiredOption('--cadre <personId>', 'the cadre (person id, e.g. p-0005)')
    .requiredOption('--post <title>', 'the trial post title, e.g. 副镇长')
    .requiredOption('--appointed <YYYY-MM-DD>', 'appointment date')
    .option('--unit <orgUnitId>', 'org unit of the post (default: the cadre’s own)')
    .option('--rank <rank>', 'rank of the trial post (default 副科级 in a township)')
    .option('--notice', 'post the pre-appointment public notice (任前公示) first')
    .action(async (opts: { cadre: string; post: string; appointed: string; unit?: string; rank?: string; notice?: boolean }) => {
      const actor = await commandActor(config, 'probation start', COUNTY_ROLES);
      // The options as the API's body, read by the same parser (domain/probationStart.ts) in the service.
      const start: StartProbationArgs = {
        personId: opts.cadre,
        title: opts.post,
        appointedOn: opts.appointed,
        ...(opts.unit !== undefined ? { orgUnitId: opts.unit } : {}),
        ...(opts.rank !== undefined ? { trialRank: opts.rank } : {}),
        ...(opts.notice ? { preAppointmentNotice: true } : {}),
      };
      await withBackend(config, async (backend) => {
        const r = await backend.startProbation(start, actor);
        console.log(r.started ? `started ${r.caseId}` : `${r.caseId} is already running; nothing started`);
      });
    });
}
