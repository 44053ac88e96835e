/**
 * The registry (read models folded from the log): org units, people with their current
 * post and probation status, and post assignments. A township committee reads its own
 * township and its villages only.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { OrgUnitKind } from '../../../domain/events';
import type { PersonListItem } from '../../../domain/wire/personListItem';
import type { OrgUnit } from '../../../domain/wire/orgUnit';
import type { PersonView } from '../../../domain/wire/personView';
import type { PostLine } from '../../../domain/wire/postLine';
import type { DB, PersonProbationStatus } from '../../../schema/db';
import { byApiUser, recordAccess } from '../accessLog';
import { principal, readScope, READERS, visibleTo } from '../auth';
import { paging, type ApiContext } from '../context';
import { PERSON_DETAIL_COLUMNS } from '../../../activities/projections/personDetails';
import { sealedDetailsOfRow } from '../../roster/personDetailsRow';
import { PERSON_DETAILS_SCHEMA, REVEAL_VALUES, revealedFields, shownDetails, type Reveal } from '../personView';
import { forbidden, notFound } from '../problem';
import { ID, ORG_UNIT, page, PAGE_QUERY, PERSON, POST, responses } from '../schemas';
import { lrmxRoutes } from './lrmx';
import { registryChangeRoutes } from './registryChanges';
import { registryImportRoutes } from './registryImports';
import { registryTemplateRoutes } from './registryTemplate';
import { registrySearchRoutes } from './registrySearch';

const TAGS = ['registry'];
const BOOL = { type: 'string', enum: ['true', 'false'] } as const;

interface PersonRow {
  person_id: string;
  name: string;
  gender: string;
  birth_year: number;
  org_unit_id: string;
  township_id: string | null;
  rank: string;
  current_assignment_id: string | null;
  current_title: string | null;
  current_org_unit_id: string | null;
  probation_status: PersonProbationStatus;
  probation_case_id: string | null;
}

/** One cadre with their details and posts (domain/wire/personView.ts). */
export const PERSON_VIEW = {
  type: 'object',
  properties: { ...PERSON.properties, details: PERSON_DETAILS_SCHEMA, posts: { type: 'array', items: POST } },
  required: [...PERSON.required, 'details', 'posts'],
} as const;

function toPerson(p: PersonRow): PersonListItem {
  return {
    personId: p.person_id,
    name: p.name,
    gender: p.gender,
    birthYear: p.birth_year,
    orgUnitId: p.org_unit_id,
    townshipId: p.township_id,
    rank: p.rank,
    currentPost: p.current_assignment_id
      ? { assignmentId: p.current_assignment_id, title: p.current_title, orgUnitId: p.current_org_unit_id }
      : null,
    probation: { status: p.probation_status, caseId: p.probation_case_id },
  };
}

export function registryRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // Uploading a roster (名册) is a route of its own, with its own body type and limit.
  registryImportRoutes(app, ctx);
  registryTemplateRoutes(app);
  // A person's 干部任免审批表 (LRMX, .docx): routes/lrmx.ts.
  lrmxRoutes(app, ctx);
  // Search and structure statistics compute over the registry in domain/cadres/.
  registrySearchRoutes(app, ctx);
  // Changes (county staff) are a module of their own, over client/registry/service.ts.
  registryChangeRoutes(app, ctx);
  app.get<{ Querystring: { township?: string; kind?: OrgUnitKind; parent?: string; dissolved?: 'true' | 'false' } }>(
    '/registry/org-units',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'Org units (county, townships, villages, branches); dissolved ones only on request',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            township: ID,
            kind: { type: 'string', enum: ['county', 'township', 'village', 'branch'] },
            parent: ID,
            dissolved: { ...BOOL, description: 'true: include units dissolved by a merger (合乡并村)' },
          },
        },
        response: responses({ 200: { type: 'array', items: ORG_UNIT } }, [400, 401, 403]),
      },
    },
    async (request): Promise<OrgUnit[]> => {
      const q = request.query;
      const township = readScope(principal(request), q.township);
      let query = ctx.db.selectFrom('org_units').selectAll();
      if (township) query = query.where('township_id', '=', township);
      if (q.kind) query = query.where('kind', '=', q.kind);
      if (q.parent) query = query.where('parent_id', '=', q.parent);
      if (q.dissolved !== 'true') query = query.where('effective_to', 'is', null);
      const rows = await query.orderBy('org_unit_id').execute();
      return rows.map((u) => ({
        orgUnitId: u.org_unit_id,
        name: u.name,
        kind: u.kind,
        parentId: u.parent_id,
        townshipId: u.township_id,
        effectiveFrom: u.effective_from,
        effectiveTo: u.effective_to,
        mergedInto: u.merged_into,
      }));
    },
  );

  app.get<{
    Querystring: { township?: string; orgUnit?: string; probation?: PersonProbationStatus; name?: string; limit?: string; offset?: string };
  }>(
    '/registry/people',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'Cadres with their current post and probation status',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            township: ID,
            orgUnit: ID,
            probation: { type: 'string', enum: ['none', 'on-probation', 'confirmed', 'removed', 'ended-early'] },
            name: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[^\\u0000-\\u001f%_\\\\]+$', description: 'part of the name' },
            ...PAGE_QUERY,
          },
        },
        response: responses({ 200: page(PERSON) }, [400, 401, 403]),
      },
    },
    async (request) => {
      const q = request.query;
      const township = readScope(principal(request), q.township);
      const { limit, offset } = paging(q);
      let base = ctx.db.selectFrom('people');
      if (township) base = base.where('township_id', '=', township);
      if (q.orgUnit) base = base.where('org_unit_id', '=', q.orgUnit);
      if (q.probation) base = base.where('probation_status', '=', q.probation);
      if (q.name) base = base.where('name', 'like', `%${q.name}%`);
      const [{ n }, rows] = await Promise.all([
        base.select(sql<bigint>`count(*)`.as('n')).executeTakeFirstOrThrow(),
        base.selectAll().orderBy('person_id').limit(limit).offset(offset).execute(),
      ]);
      return { items: rows.map(toPerson), total: Number(n), limit, offset };
    },
  );

  app.get<{ Params: { personId: string }; Querystring: { reveal?: Reveal } }>(
    '/registry/people/:personId',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'A cadre, with their details and every post held (current and past); ID and phone numbers masked',
        description:
          'reveal=idNumber|phone|all shows the whole value to county staff only, and records that view in the access log (person.personal-data-viewed).',
        params: { type: 'object', properties: { personId: ID }, required: ['personId'] },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { reveal: { type: 'string', enum: [...REVEAL_VALUES] } },
        },
        response: responses(
          {
            200: PERSON_VIEW,
          },
          [400, 401, 403, 404, 503],
        ),
      },
    },
    async (request): Promise<PersonView> => {
      const caller = principal(request);
      const reveal = revealedFields(request.query.reveal);
      if (reveal.length > 0 && caller.user.role !== 'county-org-dept') {
        throw forbidden('只有县委组织部工作人员可以查看完整的身份证号和联系电话 / only county staff may see whole ID and phone numbers');
      }
      // The view is recorded in the transaction that reads it: no record, no data.
      return ctx.db.transaction().execute(async (trx) => {
        const p = await trx.selectFrom('people').selectAll().where('person_id', '=', request.params.personId).executeTakeFirst();
        // Another township's cadre is answered exactly as a missing one.
        if (!p || !visibleTo(caller, p.township_id)) throw notFound(`no cadre ${request.params.personId} in the registry`);
        const posts = await postsQuery(trx).where('post_assignments.person_id', '=', p.person_id).orderBy('started_on').execute();
        const row = await trx.selectFrom('person_details').selectAll().where('person_id', '=', p.person_id).executeTakeFirst();
        const details = shownDetails(row ? sealedDetailsOfRow(row) : {}, ctx.personalData, reveal);
        const by = byApiUser(caller.user, request.id);
        await recordAccess(trx, by, 'person.viewed', p.person_id, { townshipId: p.township_id });
        const shown = reveal.filter((f) => row?.[PERSON_DETAIL_COLUMNS[f]] != null);
        if (shown.length > 0) {
          await recordAccess(trx, by, 'person.personal-data-viewed', p.person_id, { townshipId: p.township_id, fields: shown });
        }
        return { ...toPerson(p), details, posts: posts.map(toPost) };
      });
    },
  );

  app.get<{
    Querystring: {
      township?: string;
      orgUnit?: string;
      current?: 'true' | 'false';
      onTrial?: 'true' | 'false';
      limit?: string;
      offset?: string;
    };
  }>(
    '/registry/posts',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'Post assignments (who holds or held which post, on trial or not)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            township: ID,
            orgUnit: ID,
            current: { ...BOOL, description: 'true: only posts held now; false: only ended ones' },
            onTrial: { ...BOOL, description: 'true: only trial posts (试任)' },
            ...PAGE_QUERY,
          },
        },
        response: responses({ 200: page(POST) }, [400, 401, 403]),
      },
    },
    async (request) => {
      const q = request.query;
      const township = readScope(principal(request), q.township);
      const { limit, offset } = paging(q);
      let base = postsQuery(ctx.db);
      if (township) base = base.where('org_units.township_id', '=', township);
      if (q.orgUnit) base = base.where('post_assignments.org_unit_id', '=', q.orgUnit);
      if (q.current) base = base.where('ended_on', q.current === 'true' ? 'is' : 'is not', null);
      if (q.onTrial) base = base.where('on_trial', '=', q.onTrial === 'true');
      const [{ n }, rows] = await Promise.all([
        base
          .clearSelect()
          .select(sql<bigint>`count(*)`.as('n'))
          .executeTakeFirstOrThrow(),
        base.orderBy('post_assignments.org_unit_id').orderBy('started_on').orderBy('assignment_id').limit(limit).offset(offset).execute(),
      ]);
      return { items: rows.map(toPost), total: Number(n), limit, offset };
    },
  );
}

function postsQuery(db: DB) {
  return db
    .selectFrom('post_assignments')
    .innerJoin('people', 'people.person_id', 'post_assignments.person_id')
    .leftJoin('org_units', 'org_units.org_unit_id', 'post_assignments.org_unit_id')
    .select([
      'assignment_id',
      'post_assignments.person_id',
      'people.name as person_name',
      'post_assignments.org_unit_id',
      'org_units.township_id',
      'title',
      'post_assignments.rank',
      'started_on',
      'ended_on',
      'on_trial',
      'confirmed_on',
      'end_reason',
    ]);
}

type PostRow = Awaited<ReturnType<ReturnType<typeof postsQuery>['execute']>>[number];

function toPost(r: PostRow): PostLine {
  return {
    assignmentId: r.assignment_id,
    personId: r.person_id,
    personName: r.person_name,
    orgUnitId: r.org_unit_id,
    townshipId: r.township_id,
    title: r.title,
    rank: r.rank,
    startedOn: r.started_on,
    endedOn: r.ended_on,
    onTrial: r.on_trial,
    confirmedOn: r.confirmed_on,
    endReason: r.end_reason,
  };
}
