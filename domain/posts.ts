/**
 * Titles (职务) and ranks (职级) as the county's registry writes them, where code needs to
 * recognise a post: a village Party secretary's branch, a township's 党委书记, the rank
 * a new village post takes. The demo county (demo/county.ts) writes its posts with them.
 */

export const TITLE_TOWNSHIP_SECRETARY = '党委书记';
export const TITLE_VILLAGE_SECRETARY = '党支部书记';
export const TITLE_VILLAGE_DIRECTOR = '村委会主任';
/** 一肩挑: the village secretary also chairs the village committee. */
export const TITLE_VILLAGE_SECRETARY_AND_DIRECTOR = '党支部书记、村委会主任';
export const RANK_VILLAGE_CADRE = '村干部';
export const RANK_STAFF = '科员';
