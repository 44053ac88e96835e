/**
 * The demo county's people's other roster columns (民族, 出生年月, 政治面貌, 入党时间,
 * 参加工作时间, 学历 and 学位): plausible for a county's cadres and deterministic. Drawn
 * from a generator of their own, after the county is built, so adding them changed
 * nothing else the seed gives (names, posts, villages). No ID or phone numbers: those are
 * sealed under the keyring, which the demo's seeding does not hold.
 *
 * Every value passes the roster's own checks (domain/roster/personRow.ts): months after
 * birth and before the county takes effect, 入党时间 at 18 or later and only for members.
 */
import type { PersonDetails, PersonRegistered } from '../domain/events';
import { RANK_VILLAGE_CADRE } from '../domain/posts';
import { Rng } from './seededRandom';

/** Mixed into the county's seed so the details' draws are not the county's own. */
const DETAILS_SALT = 0x5eed_d37a;

/** Most cadres are 汉族; the county has a 回族 community and a few others, as many northern counties do. */
const MINORITIES: ReadonlyArray<readonly [string, number]> = [
  ['回族', 0.05],
  ['满族', 0.02],
  ['蒙古族', 0.01],
  ['土家族', 0.005],
];

const DEGREE_FIELDS = ['法学', '管理学', '经济学', '工学', '文学', '农学', '理学'] as const;

type Kind = 'leader' | 'staff' | 'village-secretary' | 'village';

function weighted<T>(rng: Rng, options: ReadonlyArray<readonly [T, number]>, otherwise: T): T {
  let x = rng.next();
  for (const [value, p] of options) {
    if (x < p) return value;
    x -= p;
  }
  return otherwise;
}

function ym(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The person's kind, from the rank and the post title the generator gave them. */
function kindOf(person: PersonRegistered['data'], title: string): Kind {
  if (person.rank === RANK_VILLAGE_CADRE) return title.includes('书记') ? 'village-secretary' : 'village';
  return person.rank === '正科级' || person.rank === '副科级' ? 'leader' : 'staff';
}

function fullTime(rng: Rng, kind: Kind): string {
  switch (kind) {
    case 'leader':
      return weighted(
        rng,
        [
          ['研究生', 0.1],
          ['大学专科', 0.25],
          ['中等专科', 0.05],
        ],
        '大学本科',
      );
    case 'staff':
      return weighted(
        rng,
        [
          ['研究生', 0.08],
          ['大学专科', 0.25],
          ['中等专科', 0.02],
        ],
        '大学本科',
      );
    default:
      return weighted(
        rng,
        [
          ['初中', 0.2],
          ['中等专科', 0.15],
          ['大学专科', 0.25],
          ['大学本科', 0.05],
        ],
        '高中',
      );
  }
}

function degreeOf(rng: Rng, education: string): string | undefined {
  if (education === '研究生') return `${rng.pick(DEGREE_FIELDS)}硕士`;
  if (education === '大学本科' && rng.chance(0.9)) return `${rng.pick(DEGREE_FIELDS)}学士`;
  return undefined;
}

/**
 * The details of one person. `lastYear` is the last full year before the county takes
 * effect: no month may fall after it.
 */
function detailsOf(rng: Rng, person: PersonRegistered['data'], title: string, lastYear: number): PersonDetails {
  const kind = kindOf(person, title);
  const village = kind === 'village' || kind === 'village-secretary';
  const birthMonth = rng.int(1, 12);
  const details: PersonDetails = {
    ethnicity: weighted(rng, MINORITIES, '汉族'),
    birthMonth: ym(person.birthYear, birthMonth),
  };
  // Township cadres start after school (21–24), village cadres earlier and more varied.
  const workAge = village ? rng.int(18, 30) : rng.int(21, 24);
  const workYear = Math.min(person.birthYear + workAge, lastYear);
  details.startedWork = ym(workYear, village ? rng.int(1, 12) : rng.pick([7, 8, 9]));

  const age = lastYear - person.birthYear;
  const member = kind === 'leader' || kind === 'village-secretary' ? true : rng.chance(kind === 'staff' ? 0.8 : 0.55);
  if (member) {
    // A probationary member (预备党员) joined within the last year.
    const probationary = kind !== 'leader' && kind !== 'village-secretary' && rng.chance(0.04);
    const joinYear = probationary ? lastYear : Math.min(person.birthYear + rng.int(20, Math.max(20, Math.min(40, age - 1))), lastYear - 1);
    details.politicalStatus = probationary ? '中共预备党员' : '中共党员';
    // Born in month m, 18 in month m of birthYear+18; joining at 20 or later is always after it.
    details.joinedParty = ym(joinYear, rng.int(1, 12));
  } else {
    details.politicalStatus = age <= 28 ? '共青团员' : '群众';
  }

  const education = fullTime(rng, kind);
  details.fullTimeEducation = education;
  const degree = degreeOf(rng, education);
  if (degree) details.fullTimeDegree = degree;
  // In-service study (在职): common among township cadres whose school ended below 本科,
  // and a master's for some graduates; some village cadres finish a 大专 by distance learning.
  if (!village && (education === '大学专科' || education === '中等专科') && rng.chance(0.7)) {
    details.partTimeEducation = '大学本科';
    if (rng.chance(0.5)) details.partTimeDegree = `${rng.pick(DEGREE_FIELDS)}学士`;
  } else if (!village && education === '大学本科' && rng.chance(0.15)) {
    details.partTimeEducation = '研究生';
    details.partTimeDegree = `${rng.pick(DEGREE_FIELDS)}硕士`;
  } else if (village && (education === '高中' || education === '初中') && rng.chance(0.2)) {
    details.partTimeEducation = '大学专科';
  }
  return details;
}

/**
 * Details for every person, in the county's order. `titles[i]` is person i's post title;
 * `effectiveFrom` the county's first day (`YYYY-MM-DD`).
 */
export function demoPersonDetails(
  seed: number,
  people: readonly PersonRegistered['data'][],
  titles: readonly string[],
  effectiveFrom: string,
): PersonDetails[] {
  const rng = new Rng((seed ^ DETAILS_SALT) >>> 0);
  const lastYear = Number(effectiveFrom.slice(0, 4)) - 1;
  return people.map((p, i) => detailsOf(rng, p, titles[i] ?? '', lastYear));
}
