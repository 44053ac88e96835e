/**
 * The posts (职务) an election fills (docs/domain.md §1.7): each member of the new
 * committee gets one, 书记, 副书记 or 委员, with the rank the post carried before, and
 * the posts it replaces are found in the registry by their titles.
 */
import { RANK_VILLAGE_CADRE } from './posts';
import type { ElectionForm, OfficeRole } from './events/election';

export const OFFICE_TITLES: Readonly<Record<ElectionForm, Readonly<Record<OfficeRole, string>>>> = {
  village: { secretary: '党支部书记', deputy: '党支部副书记', member: '党支部委员' },
  township: { secretary: '党委书记', deputy: '党委副书记', member: '党委委员' },
};

/**
 * Rank of a new post when nobody held one like it before: a village post is 村干部;
 * a township secretary 正科级, the rest of the committee 副科级 (乡镇领导职数).
 */
const FALLBACK_RANK: Readonly<Record<ElectionForm, Readonly<Record<OfficeRole, string>>>> = {
  village: { secretary: RANK_VILLAGE_CADRE, deputy: RANK_VILLAGE_CADRE, member: RANK_VILLAGE_CADRE },
  township: { secretary: '正科级', deputy: '副科级', member: '副科级' },
};

/**
 * Which committee post a registry title is, if any. A combined title (一肩挑,
 * "党支部书记、村委会主任") counts by its Party part: the election replaces it.
 */
export function officeRoleOfTitle(title: string, form: ElectionForm): OfficeRole | undefined {
  const parts = title.split(/[、,，/]/).map((p) => p.trim());
  const titles = OFFICE_TITLES[form];
  for (const role of ['secretary', 'deputy', 'member'] as const) {
    if (parts.includes(titles[role])) return role;
  }
  return undefined;
}

/** A post the elected committee replaces, as the client found it in the registry. */
export interface PreviousHolder {
  assignmentId: string;
  personId: string;
  title: string;
  rank: string;
  role: OfficeRole;
}

/** The rank a post carried before (the secretary's for the secretary, …), else the form's usual one. */
export function rankForOffice(role: OfficeRole, previous: readonly PreviousHolder[], form: ElectionForm): string {
  return previous.find((p) => p.role === role)?.rank ?? FALLBACK_RANK[form][role];
}

export interface OfficeAssignment {
  personId: string;
  role: OfficeRole;
  title: string;
  rank: string;
}

/** Each member of the new committee gets one post: 书记, 副书记, or 委员. */
export function committeePosts(
  committee: readonly string[],
  officers: { secretary: string; deputy: string | null },
  previous: readonly PreviousHolder[],
  form: ElectionForm,
): OfficeAssignment[] {
  return committee.map((personId) => {
    const role: OfficeRole = personId === officers.secretary ? 'secretary' : personId === officers.deputy ? 'deputy' : 'member';
    return { personId, role, title: OFFICE_TITLES[form][role], rank: rankForOffice(role, previous, form) };
  });
}
