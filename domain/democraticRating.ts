/**
 * The democratic rating (民主测评, docs/domain.md §3.2 and §3.8): whether a rating
 * meeting may be used, what a village cadre's vote proposes, and the re-rating after a
 * warning (诫勉). Shares are compared with meetsFraction: "90% of 30 votes" is exactly
 * 27, and a float must not decide which side of 27 a cadre falls.
 */
import { addMonths, compareDates } from './calendar';
import { refusedWith, type Checked } from './checked';
import { EvaluationInputError, requireCount, type EvaluationPolicy } from './evaluationInput';
import type { DemocraticRatingVotes } from './ratingVotes';
import { describeThreshold, meetsFraction, type Threshold } from './fraction';

/**
 * One secret ballot per representative, one of the four grades. Blank or spoiled
 * ballots (废票) are not counted, so cast is the sum of the four.
 */
export type RatingVotes = DemocraticRatingVotes;

export function castOf(votes: RatingVotes): number {
  requireCount(votes.excellent, 'votes.excellent');
  requireCount(votes.competent, 'votes.competent');
  requireCount(votes.basicallyCompetent, 'votes.basicallyCompetent');
  requireCount(votes.notCompetent, 'votes.notCompetent');
  return votes.excellent + votes.competent + votes.basicallyCompetent + votes.notCompetent;
}

/** Villager representatives due to attend the rating meeting and those present. */
export interface RatingMeeting {
  present: number;
  due: number;
}

/** The default for 村民代表会议: valid with more than 2/3 present (exactly 2/3 is not enough). */
export const VILLAGE_RATING_QUORUM: Threshold = { num: 2, den: 3, mode: 'more-than' };

export type RatingMeetingRefusal =
  | { kind: 'no-quorum'; present: number; due: number; quorum: Threshold }
  | { kind: 'no-ballots' }
  | { kind: 'more-ballots-than-present'; cast: number; present: number };

/**
 * Whether a rating meeting's result may be used: a quorum of representatives and no
 * more ballots than people in the room. The quorum is an argument: it is the policy's
 * `evaluation.ratingQuorum`, or the built-in one for a case started before that field.
 */
export function checkRatingMeeting(
  meeting: RatingMeeting,
  votes: RatingVotes,
  quorum: Threshold = VILLAGE_RATING_QUORUM,
): Checked<RatingMeeting & { cast: number }, RatingMeetingRefusal> {
  requireCount(meeting.present, 'present');
  requireCount(meeting.due, 'due');
  if (meeting.due === 0 || meeting.present > meeting.due) {
    throw new EvaluationInputError(`present ${meeting.present} of ${meeting.due} due is not an attendance`);
  }
  if (!meetsFraction(meeting.present, meeting.due, quorum, quorum.mode)) {
    return refusedWith(
      { kind: 'no-quorum', present: meeting.present, due: meeting.due, quorum },
      `the rating meeting is not valid: ${meeting.present} of ${meeting.due} representatives present, ` +
        `${describeThreshold(quorum)} must attend`,
    );
  }
  const cast = castOf(votes);
  if (cast === 0) return refusedWith({ kind: 'no-ballots' }, 'no ballots were cast');
  if (cast > meeting.present) {
    return refusedWith(
      { kind: 'more-ballots-than-present', cast, present: meeting.present },
      `${cast} ballots counted but only ${meeting.present} representatives present`,
    );
  }
  return { ok: true, value: { ...meeting, cast } };
}

export interface VillageRating {
  cast: number;
  /** 优秀 + 称职: the "competent" votes the 90% rule counts. */
  competentOrBetter: number;
  /** 不称职 votes. */
  fail: number;
  /**
   * What the vote alone proposes. null: the vote settles nothing, and the committee
   * grades 称职 or 基本称职 on the rest of the evidence. (null rather than absent,
   * because events are stored as JSON.)
   */
  proposedGrade: 'excellent' | 'not-competent' | null;
  /** 诫勉: due whenever the fail share reaches the policy share, whatever the grade. */
  warningDue: boolean;
}

/**
 * Village practice: ≥ 90% competent-or-better → proposed 优秀; ≥ 50% 不称职 → 不称职;
 * 40%+ 不称职 → a warning case. The harsher finding wins when a county's shares
 * would let both apply.
 */
export function rateVillageCadre(votes: RatingVotes, p: EvaluationPolicy): VillageRating {
  const cast = castOf(votes);
  if (cast === 0) throw new EvaluationInputError('cannot rate on 0 ballots');
  const competentOrBetter = votes.excellent + votes.competent;
  const failVotes = votes.notCompetent;
  const notCompetent = meetsFraction(failVotes, cast, p.villageNotCompetentShare, p.villageNotCompetentShare.mode);
  const excellent = meetsFraction(competentOrBetter, cast, p.villageExcellentShare, p.villageExcellentShare.mode);
  return {
    cast,
    competentOrBetter,
    fail: failVotes,
    proposedGrade: notCompetent ? 'not-competent' : excellent ? 'excellent' : null,
    warningDue: meetsFraction(failVotes, cast, p.warningFailShare, p.warningFailShare.mode),
  };
}

/** The first day a re-rating may be held after a warning (诫勉期满). */
export function earliestReRating(warnedOn: string, p: EvaluationPolicy): string {
  return addMonths(warnedOn, p.warningMonths);
}

export interface ReRating {
  /** 'removal': the procedure to remove the cadre (罢免 / 责令辞职) is due. */
  outcome: 'passed' | 'removal';
  /**
   * Every ballot but 不称职. Counting 基本称职 as a pass makes "> 60% pass" the exact
   * complement of "40%+ fail", so a re-rating passes just when the warning would no
   * longer be due (with the default shares).
   */
  pass: number;
  cast: number;
}

export type ReRatingRefusal = { kind: 'too-early'; warnedOn: string; ratedOn: string; earliestOn: string };

export function reRate(votes: RatingVotes, warnedOn: string, ratedOn: string, p: EvaluationPolicy): Checked<ReRating, ReRatingRefusal> {
  const earliestOn = earliestReRating(warnedOn, p);
  if (compareDates(ratedOn, earliestOn) < 0) {
    return refusedWith(
      { kind: 'too-early', warnedOn, ratedOn, earliestOn },
      `a re-rating after the warning of ${warnedOn} may be held from ${earliestOn} (${p.warningMonths} months), not on ${ratedOn}`,
    );
  }
  const cast = castOf(votes);
  if (cast === 0) throw new EvaluationInputError('cannot re-rate on 0 ballots');
  const pass = cast - votes.notCompetent;
  const passed = meetsFraction(pass, cast, p.reRatingPassShare, p.reRatingPassShare.mode);
  return { ok: true, value: { outcome: passed ? 'passed' : 'removal', pass, cast } };
}
