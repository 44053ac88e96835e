/**
 * The words of the voting page and the published-ballots page. These pages are for
 * participants holding a ballot token, with no account and no language switch, so they
 * speak Chinese only; the server's refusals carry their own Chinese (shown) and English.
 */
import type { Mark } from '../../../domain/ballots/counting';
import type { RatingGrade } from '../../../domain/ballots/sessionDefinition';

export const T = {
  appTitle: '无记名投票',
  loading: '正在读取选票…',
  group: '您所在的测评组',
  closesAt: '投票截止',
  ruleTitle: '有效票规则',
  ruleRating: '在“优秀、称职、基本称职、不称职”四个等次中选一个。',
  ruleChoose: (seats: number) => `最多推荐 ${seats} 人。可以一人不选（空白票有效，不计入任何人）；推荐多于 ${seats} 人的为废票。`,
  ruleSlate: (seats: number) =>
    `对每位候选人划“赞成”“不赞成”或“弃权”，未表态的视为弃权。赞成的人数不能多于应选 ${seats} 人，多于的为废票。`,
  rulePerson: '在“赞成”“不赞成”“弃权”中选一个，未表态的视为弃权。',
  atMost: (seats: number, chosen: number) => `最多选 ${seats} 人，已选 ${chosen} 人`,
  yesCount: (seats: number, yes: number) => `赞成最多 ${seats} 人，已赞成 ${yes} 人`,
  submit: '投票',
  pickGrade: '请先选一个等次。',
  refusedBeforeCast: '这张票不能投出：',
  confirmTitle: '请确认您的选票',
  confirmHint: '投出后不能更改。',
  youChose: '您的选择',
  blank: '空白票（一人未选，不计入任何人）',
  unmarked: '未表态（视为弃权）',
  overTitle: '这张票将作为废票',
  overChoose: (seats: number, chosen: number) =>
    `您选了 ${chosen} 人，多于最多可选的 ${seats} 人。按规则这张票是废票：计入投票数，但不计入任何人的票数。`,
  overSlate: (seats: number, yes: number) =>
    `您赞成了 ${yes} 人，多于应选的 ${seats} 人。按规则这张票是废票：计入投票数，但不计入任何人的票数。`,
  overAgree: '我知道这张票将作为废票计算，仍要投出',
  back: '返回修改',
  cast: '确认投出',
  casting: '正在投票…',
  castDone: '投票成功',
  receipt: '回执码',
  receiptHint: '请抄下或截图保存回执码。投票结束、结果公布后，凭回执码可以查到您的选票已被计入，别人无法从回执码知道您投了什么人。',
  checkLater: '投票结束后查看公布结果',
  publishedTitle: '投票结果公布',
  notYetTitle: '投票尚未结束',
  notYetText: '结果在投票结束后公布。请保存好回执码，投票结束后再打开本页查看。',
  refresh: '刷新',
  question: '表决事项',
  turnout: (cast: number, due: number) => `应到 ${due} 人，收回选票 ${cast} 张`,
  validInvalid: (valid: number, invalid: number) => `有效票 ${valid} 张，废票 ${invalid} 张`,
  candidate: '候选人',
  votes: '得票',
  grade: '等次',
  count: '票数',
  yes: '赞成',
  no: '不赞成',
  abstain: '弃权',
  receiptFound: (position: number) => `您的选票在公布的名单中：第 ${position} 张`,
  receiptCountedValid: '已计入，为有效票。',
  receiptCountedInvalid: '已计入，为废票（不计入任何人的票数）。',
  receiptSays: '选票内容',
  receiptNotFound: '在公布的选票中没有找到这个回执码。请核对回执码；如确认无误，请向主持人反映。',
  receiptMalformed: '回执码应为 12 位数字或字母 a–f。',
  receiptLookup: '查询回执码',
  ballotsPublished: (n: number) => `共公布选票 ${n} 张，每张附有回执码和哈希值，任何人都可以据此复核计票。`,
  headHash: '选票链末尾哈希',
  retry: '重试',
  code: '代码',
} as const;

export const GRADE_TEXT: Record<RatingGrade, string> = {
  excellent: '优秀',
  competent: '称职',
  basicallyCompetent: '基本称职',
  notCompetent: '不称职',
};

export const MARK_TEXT: Record<Mark, string> = { yes: '赞成', no: '不赞成', abstain: '弃权' };

/** Each refusal's page title; the server's own Chinese sentence is shown under it. */
export const REFUSAL_TITLE: Record<string, string> = {
  'token-used': '这张票已经投过',
  'token-voided': '这张票已作废',
  'unknown-token': '投票码无效',
  'bad-token': '投票码无效',
  'session-closed': '投票已经结束',
  'session-full': '投票人数已满',
  'bad-ballot': '选票不能投出',
  'unknown-session': '没有这次投票',
  'rate-limited': '尝试次数过多',
  network: '连不上服务器',
};

/** What the voter can do next, by refusal. */
export const REFUSAL_HINT: Record<string, string> = {
  'token-used': '如果是您本人投的，请保存好投票后看到的回执码，投票结束后凭它查询结果。',
  'token-voided': '主持人已作废这张票，请向主持人领取新的投票码。',
  'unknown-token': '请核对二维码或投票码；仍不行请向主持人反映。',
  'bad-token': '投票码是 26 位数字和字母，请核对二维码或投票码。',
  'session-closed': '投票结束后不能再投。',
  'session-full': '投出的选票已达到应到人数，不能再多投。请向主持人反映。',
  'unknown-session': '请核对链接。',
  'rate-limited': '请稍等一会儿再试。',
  network: '请检查网络后重试。',
};

export const refusalTitle = (code: string): string => REFUSAL_TITLE[code] ?? '操作未成功';
