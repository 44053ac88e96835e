/**
 * Cadres beyond the demo county's 1,057, for a round larger than the county: townships
 * `tz-NN` under the demo county, each with 100 cadres of its own and 20 villages of 20
 * village cadres (500 a township), registered and holding a post as a round's scope wants
 * them. Appended one stream per person under fixed keys, so seeding again appends nothing.
 */
import { COUNTY_ID } from '../../demo/county';
import type { DomainEvent } from '../../domain/events';
import { seedDemoStreams } from '../../client/registrySeed';
import type { DB } from '../../schema/db';

const PER_TOWNSHIP = 100;
const VILLAGES = 20;
const PER_VILLAGE = 20;
export const CADRES_PER_EXTRA_TOWNSHIP = PER_TOWNSHIP + VILLAGES * PER_VILLAGE;

/** Adds townships until at least `cadres` more cadres are registered; returns how many were added. */
export async function addExtraCadres(db: DB, cadres: number): Promise<number> {
  const townships = Math.ceil(cadres / CADRES_PER_EXTRA_TOWNSHIP);
  const events: Array<{ streamId: string; event: DomainEvent }> = [];
  const unit = (orgUnitId: string, kind: 'township' | 'village', parentId: string) =>
    events.push({
      streamId: `orgunit/${orgUnitId}`,
      event: { type: 'OrgUnitEstablished', data: { orgUnitId, name: orgUnitId, kind, parentId, effectiveFrom: '2025-01-01' } },
    });
  const cadre = (personId: string, orgUnitId: string, title: string) => {
    const streamId = `person/${personId}`;
    events.push({
      streamId,
      event: {
        type: 'PersonRegistered',
        data: { personId, name: `干部${personId}`, gender: 'female', birthYear: 1985, orgUnitId, rank: '科员' },
      },
    });
    events.push({
      streamId,
      event: {
        type: 'PostAssigned',
        data: { assignmentId: `a-${personId}`, personId, orgUnitId, title, rank: '科员', startedOn: '2024-01-01', onTrial: false },
      },
    });
  };
  for (let t = 1; t <= townships; t++) {
    const township = `tz-${String(t).padStart(2, '0')}`;
    unit(township, 'township', COUNTY_ID);
    for (let i = 1; i <= PER_TOWNSHIP; i++) cadre(`${township}-p${String(i).padStart(3, '0')}`, township, '委员');
    for (let v = 1; v <= VILLAGES; v++) {
      const village = `${township}-v${String(v).padStart(2, '0')}`;
      unit(village, 'village', township);
      for (let i = 1; i <= PER_VILLAGE; i++) cadre(`${village}-p${String(i).padStart(2, '0')}`, village, '村委会委员');
    }
  }
  await seedDemoStreams(db, events, 'bench-extra-cadres');
  return townships * CADRES_PER_EXTRA_TOWNSHIP;
}
