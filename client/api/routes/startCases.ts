/**
 * Starting the procedures' cases over HTTP that the CLI starts with `election start` (and,
 * below, the others): county staff only, as on the CLI (COUNTY_ROLES). The routes stay
 * thin: the body goes to the procedure's service (client/electionService.ts …), which reads
 * it with the domain's parser and checks it against the registry, exactly as for the CLI.
 */
import type { FastifyInstance } from 'fastify';
import type { StartElectionArgs } from '../../electionService';
import { COUNTY } from '../auth';
import { moduleOf, type ApiContext } from '../context';
import { responses } from '../schemas';
import { ELECTION_STARTED, START_ELECTION_BODY } from '../startSchemas';

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
      const r = await moduleOf(ctx, 'election').start(request.body);
      return reply.code(r.started ? 201 : 200).send(r);
    },
  );
}
