/**
 * Starting the procedures' cases over HTTP that the CLI starts with `election start` and
 * `rectification screen|start` and `member apply`: county staff only, as on the CLI (COUNTY_ROLES). The routes stay
 * thin: the body goes to the procedure's service (client/electionService.ts …), which reads
 * it with the domain's parser and checks it against the registry, exactly as for the CLI.
 */
import type { FastifyInstance } from 'fastify';
import type { StartElectionArgs } from '../../electionService';
import { actorOf } from '../accounts';
import { COUNTY, principal } from '../auth';
import { moduleOf, type ApiContext } from '../context';
import { responses } from '../schemas';
import type { ScreenArgs, StartArgs } from '../../rectificationService';
import type { ApplyArgs } from '../../memberApplicationService';
import {
  ELECTION_STARTED,
  MEMBER_APPLICATION_BODY,
  MEMBER_APPLICATION_STARTED,
  RECTIFICATION_STARTED,
  SCREENING,
  SCREENING_BODY,
  START_ELECTION_BODY,
  START_RECTIFICATION_BODY,
} from '../startSchemas';

export function startCaseRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: StartElectionArgs }>(
    '/cases/election',
    {
      config: { access: COUNTY },
      schema: {
        tags: ['cases', 'election'],
        summary: 'Start an election (两推一选 for a township, 双推直选 for a village branch) (county organization department)',
        description:
          'Starts the case `election/<orgUnitId>/<term>` at its first step, the request (请示). Starting the same unit and ' +
          'term again starts nothing and answers 200. The steps are decided through `POST /cases/{caseId}/decisions`; ' +
          'docs/election.md lists each step’s fields.',
        body: START_ELECTION_BODY,
        response: responses({ 201: ELECTION_STARTED, 200: ELECTION_STARTED }, [400, 401, 403, 404, 413, 415, 503]),
      },
    },
    async (request, reply) => {
      const r = await moduleOf(ctx, 'election').start(request.body, actorOf(principal(request).user));
      return reply.code(r.started ? 201 : 200).send(r);
    },
  );

  app.post<{ Body: ScreenArgs }>(
    '/rectification/screenings',
    {
      config: { access: COUNTY },
      schema: {
        tags: ['rectification'],
        summary:
          'Screen the village branches (排查): the policy’s criteria over the registry and the facts file, plus branches added by hand',
        description:
          'Writes nothing: the list with each branch’s reasons, for the county to fix. `facts` is the CLI’s facts file ' +
          '(`rectification screen --facts`), sent as its JSON; the web UI uploads the file. A branch in the facts or ' +
          'the added list that is not a village branch in force on the day is refused by id.',
        body: SCREENING_BODY,
        response: responses({ 200: SCREENING }, [400, 401, 403, 413, 415]),
      },
    },
    async (request) => moduleOf(ctx, 'rectification').screen(request.body),
  );

  app.post<{ Body: StartArgs }>(
    '/cases/rectification',
    {
      config: { access: COUNTY },
      schema: {
        tags: ['cases', 'rectification'],
        summary: 'Start one rectification case (后进党组织整顿) per branch on the list the county fixed',
        description:
          'Each branch is screened again against the same day and facts, so its case records why it is on the list. ' +
          'A branch whose case of that year exists already is listed under `existing` and not started again: 201 when ' +
          'a case was started, 200 when none was.',
        body: START_RECTIFICATION_BODY,
        response: responses({ 201: RECTIFICATION_STARTED, 200: RECTIFICATION_STARTED }, [400, 401, 403, 413, 415, 503]),
      },
    },
    async (request, reply) => {
      const r = await moduleOf(ctx, 'rectification').start(request.body, actorOf(principal(request).user));
      return reply.code(r.started.length > 0 ? 201 : 200).send(r);
    },
  );

  app.post<{ Body: ApplyArgs }>(
    '/cases/member-development',
    {
      config: { access: COUNTY },
      schema: {
        tags: ['cases', 'member-development'],
        summary: 'Open a Party member development case (发展党员): a new application, or a person of the register from their stage on',
        description:
          'Starts the case `member-development/<personId>`. A person with a case already gets it back (200, `started: false`); ' +
          'a full member or a disqualified one is refused. A person neither in the registry nor in the register is 404.',
        body: MEMBER_APPLICATION_BODY,
        response: responses({ 201: MEMBER_APPLICATION_STARTED, 200: MEMBER_APPLICATION_STARTED }, [400, 401, 403, 404, 413, 415, 503]),
      },
    },
    async (request, reply) => {
      const r = await moduleOf(ctx, 'members').apply(request.body, actorOf(principal(request).user));
      return reply.code(r.started ? 201 : 200).send(r);
    },
  );
}
