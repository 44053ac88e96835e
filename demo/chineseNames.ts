/**
 * Character lists for the invented demo county. Nothing here names a real person;
 * place names are combined from common toponym characters so that any resemblance
 * to a real place is incidental.
 */

/**
 * Common surnames with weights roughly proportional to their national share
 * (per 10,000 people, rounded, after the 2020 census ranking), so that a county of
 * a thousand cadres has as many 王/李/张 as one would expect and a tail of rarer ones.
 */
export const SURNAMES: ReadonlyArray<readonly [surname: string, weight: number]> = [
  ['王', 712], ['李', 700], ['张', 674], ['刘', 510], ['陈', 461],
  ['杨', 322], ['黄', 245], ['赵', 219], ['吴', 205], ['周', 193],
  ['徐', 145], ['孙', 138], ['马', 129], ['朱', 126], ['胡', 116],
  ['郭', 115], ['何', 106], ['林', 102], ['高', 100], ['罗', 95],
  ['郑', 88], ['梁', 87], ['谢', 72], ['宋', 70], ['唐', 69],
  ['许', 63], ['韩', 62], ['冯', 60], ['邓', 59], ['曹', 57],
  ['彭', 55], ['曾', 54], ['肖', 53], ['田', 52], ['董', 51],
  ['袁', 50], ['潘', 50], ['于', 49], ['蒋', 48], ['蔡', 47],
  ['余', 46], ['杜', 45], ['叶', 44], ['程', 43], ['苏', 42],
  ['魏', 41], ['吕', 40], ['丁', 39], ['任', 38], ['沈', 37],
  ['姚', 36], ['卢', 35], ['姜', 34], ['崔', 33], ['钟', 32],
  ['谭', 31], ['陆', 30], ['汪', 29], ['范', 28], ['金', 27],
  ['石', 26], ['廖', 25], ['贾', 24], ['夏', 23], ['韦', 22],
  ['付', 21], ['方', 20], ['白', 19], ['邹', 18], ['孟', 17],
];

/** First characters of two-character given names, by the gender they are usual for. */
export const GIVEN_FIRST = {
  male: ['建', '国', '志', '文', '海', '永', '德', '立', '少', '俊', '振', '家', '宏', '明', '晓', '子', '浩', '天', '继', '春', '长', '世', '光', '学'],
  female: ['秀', '玉', '丽', '春', '海', '晓', '雪', '美', '桂', '金', '淑', '思', '雨', '佳', '欣', '梦', '丹', '慧', '亚', '彩', '小', '红', '凤', '静'],
} as const;

/** Second characters of two-character given names. */
export const GIVEN_SECOND = {
  male: ['伟', '强', '军', '磊', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '飞', '波', '斌', '宇', '凯', '健', '峰', '龙', '林', '东', '成', '亮', '生', '福', '忠', '江'],
  female: ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '英', '燕', '红', '梅', '琳', '婷', '莉', '萍', '颖', '倩', '洁', '琴', '云', '兰', '花', '珍', '华', '玲', '荣', '月', '芬', '妮'],
} as const;

/** Single-character given names, common among cadres born from the late 1960s on. */
export const GIVEN_SINGLE = {
  male: ['伟', '强', '军', '磊', '勇', '杰', '涛', '超', '刚', '辉', '鹏', '斌', '凯', '健', '峰', '亮', '宁', '浩', '鑫', '帆'],
  female: ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '婷', '莉', '萍', '颖', '倩', '洁', '琴', '慧', '雪', '玲', '丹'],
} as const;

/**
 * First characters of invented place names: landscape, colour, direction and
 * auspicious words, the stock that rural Chinese toponyms are mostly built from.
 */
export const PLACE_FIRST = [
  '青', '石', '白', '龙', '凤', '柳', '桃', '杨', '槐', '松',
  '红', '新', '东', '西', '南', '北', '大', '小', '上', '下',
  '高', '长', '平', '安', '永', '兴', '太', '金', '双', '三',
  '清', '黄', '马', '牛', '鹿', '云', '梨', '枣', '丰', '和',
] as const;

/** Second characters of place names: landforms and settlement words. */
export const PLACE_SECOND = [
  '山', '河', '桥', '坪', '沟', '湾', '口', '岭', '庄', '堡',
  '寨', '坝', '塘', '溪', '营', '园', '铺', '集', '店', '林',
  '峪', '洼', '台', '岗', '源', '田', '泉', '阳', '门', '坡',
] as const;

/** Settlement words that follow a surname + 家 in clan-village names such as 王家庄. */
export const CLAN_VILLAGE_SUFFIX = ['庄', '湾', '沟', '坪', '寨', '营', '河', '岭', '院', '山'] as const;
