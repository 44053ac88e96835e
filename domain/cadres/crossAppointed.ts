/**
 * 一肩挑: a village whose Party organization secretary (村党组织书记: 党支部书记,
 * 党总支书记 or 党委书记 of the village) also chairs the village committee (村委会主任).
 * The registry records it as the post titles one person holds now in the village: the
 * demo and most rosters write one title, 党支部书记、村委会主任; a person may also hold the
 * two as two current posts. Either way the village counts. A 副书记 or a 副主任 does not:
 * the rule reads each part of a title (split at 、，, and spaces) as a whole.
 */

const PARTS = /[、，,;；\s]+/;
const SECRETARY = /^(村)?(党支部|党总支|党委|党组织)书记$/;
const DIRECTOR = /^(村委会|村民委员会)主任$/;

export function titleParts(title: string): string[] {
  return title.split(PARTS).filter((p) => p !== '');
}

export function isVillageSecretaryTitle(title: string): boolean {
  return titleParts(title).some((p) => SECRETARY.test(p));
}

export function isVillageDirectorTitle(title: string): boolean {
  return titleParts(title).some((p) => DIRECTOR.test(p));
}

/** Whether one person's current titles in a village make it 一肩挑. */
export function holdsBothPosts(titles: readonly string[]): boolean {
  return titles.some(isVillageSecretaryTitle) && titles.some(isVillageDirectorTitle);
}

/**
 * Whether a village is 一肩挑, given its current posts (person and title). Posts of
 * people who left the registry should not be passed.
 */
export function isCrossAppointedVillage(posts: ReadonlyArray<{ personId: string; title: string }>): boolean {
  const byPerson = new Map<string, string[]>();
  for (const p of posts) byPerson.set(p.personId, [...(byPerson.get(p.personId) ?? []), p.title]);
  return [...byPerson.values()].some(holdsBothPosts);
}
