import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn's scale: 0 too guessable … 4 very unguessable; 3 (safely unguessable: 10^8 guesses or more) is the floor. */
export const MIN_SCORE = 3;

/** Words that make a password guessable on this platform whoever chooses it. */
const PLATFORM_WORDS = ['jinguo', 'fulian', 'funv', 'chongqing', 'women', 'federation', 'password', 'mima'];

let factory: ZxcvbnFactory | null = null;
function zxcvbn(): ZxcvbnFactory {
  // the common-password, name and keyboard-pattern lists of the zxcvbn family (@zxcvbn-ts/language-common), built once
  factory ??= new ZxcvbnFactory({
    dictionary: { ...dictionary, userInputs: PLATFORM_WORDS },
    graphs: adjacencyGraphs,
  });
  return factory;
}

/**
 * Whether a password is too guessable: a common or leaked-style password (Password1!, P@ssw0rd, Qwerty123!), a
 * keyboard walk, a dictionary word with a year, or one built on the user's own name.
 */
export function passwordTooGuessable(password: string, personal: string[]): boolean {
  const words = personal.flatMap((p) => p.toLowerCase().split(/[^a-z0-9]+/)).filter((w) => w.length >= 3);
  return zxcvbn().check(password.slice(0, 128), words).score < MIN_SCORE;
}
