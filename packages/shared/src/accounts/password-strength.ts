import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn score (0-4) a password needs: 3 = about 10^8 guesses, safe against online guessing. */
export const MIN_PASSWORD_SCORE = 3;

const WARNINGS: Record<string, string> = {
  straightRow: '键盘上连续的一排按键很容易猜到',
  keyPattern: '键盘上的简单图案很容易猜到',
  simpleRepeat: '“aaa”这样的重复字符很容易猜到',
  extendedRepeat: '“abcabcabc”这样的重复片段很容易猜到',
  sequences: '“abc”“123”这样的顺序很容易猜到',
  recentYears: '近年的年份很容易猜到',
  dates: '日期很容易猜到',
  topTen: '这是最常用的密码之一',
  topHundred: '这是非常常用的密码',
  common: '这是常用密码',
  similarToCommon: '与常用密码过于相似',
  wordByItself: '单个单词很容易猜到',
  namesByThemselves: '单独的姓名很容易猜到',
  commonNames: '常见姓名很容易猜到',
  userInputs: '不应包含用户名、姓名等个人信息',
  pwned: '该密码已在数据泄露中出现',
};

const SUGGESTIONS: Record<string, string> = {
  l33t: '避免用“@”代替“a”这类可预见的替换',
  reverseWords: '避免倒写常用词',
  allUppercase: '大写部分字母即可，不要全部大写',
  capitalization: '不要只把首字母大写',
  dates: '避免使用与自己相关的日期',
  recentYears: '避免使用近年的年份',
  associatedYears: '避免使用与自己相关的年份',
  sequences: '避免使用顺序字符',
  repeated: '避免重复的单词和字符',
  longerKeyboardPattern: '使用更长的键盘组合并多次改变方向',
  anotherWord: '再加几个不常见的词',
  useWords: '使用多个词，避免常用短语',
  noNeed: '不必使用符号、数字或大写字母也能得到强密码',
  pwned: '如在别处使用过该密码，请一并修改',
};

let factory: ZxcvbnFactory | undefined;
// Built on first use: the dictionaries take some tens of milliseconds to rank.
// Levenshtein matching is off: it costs ~100 ms a check and adds little beyond the dictionary.
const zxcvbn = () => {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory;
};

export interface PasswordStrength {
  score: 0 | 1 | 2 | 3 | 4;
  ok: boolean;
  /** Chinese: why it is weak (null when zxcvbn has nothing to say). */
  warning: string | null;
  /** Chinese hints to make it stronger. */
  suggestions: string[];
}

/** How strong a password is, given what an attacker knows of its owner (user name, display name). */
export function passwordStrength(
  password: string,
  userInputs: readonly (string | null | undefined)[] = [],
): PasswordStrength {
  const inputs = userInputs.filter((s): s is string => !!s && s.trim().length > 0).map((s) => s.trim());
  const r = zxcvbn().check(password, inputs);
  const score = r.score as PasswordStrength['score'];
  const warning = r.feedback.warning ? (WARNINGS[r.feedback.warning] ?? null) : null;
  const suggestions = r.feedback.suggestions.map((s) => SUGGESTIONS[s]).filter((s): s is string => !!s);
  return { score, ok: score >= MIN_PASSWORD_SCORE, warning, suggestions };
}

/** The Chinese reason a weak password is refused, with zxcvbn's hint when it has one. */
export function weakPasswordReason(s: PasswordStrength): string {
  const hint = s.warning ?? s.suggestions[0];
  return `密码强度不足，容易被猜中${hint ? `：${hint}` : ''}`;
}

export const STRENGTH_LABELS = ['很弱', '弱', '一般', '强', '很强'] as const;
