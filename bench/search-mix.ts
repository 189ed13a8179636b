// The search benchmark's word mixes (bench/run.ts), in their own module so tests can draw the
// same queries (tests/search-relevance.test.ts).
import { benchVocabulary } from "./seed-listings";

/** A deterministic PRNG (mulberry32): every side gets the same word sequence. */
export function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The vocabulary in a shuffled order (so frequent queries are not all frequent words), and a draw ∝ 1/rank. */
function zipfDraw(random: () => number) {
  const vocabulary = benchVocabulary();
  for (let i = vocabulary.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [vocabulary[i], vocabulary[j]] = [vocabulary[j]!, vocabulary[i]!];
  }
  const weights = vocabulary.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return () => {
    let r = random() * total;
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) <= 0) return vocabulary[i]!;
    return vocabulary.at(-1)!;
  };
}

/**
 * Search words as people type them: a vocabulary of a few hundred words (the listings' own),
 * drawn with probability ∝ 1/rank; one query in five is two words.
 */
export function zipfQueries(count: number, seed = 12): string[] {
  const random = prng(seed);
  const draw = zipfDraw(random);
  return Array.from({ length: count }, () => (random() < 0.2 ? `${draw()} ${draw()}` : draw()));
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** One edit: a letter dropped, doubled, swapped with the next, or replaced. */
export function oneEdit(word: string, random: () => number): string {
  if (word.length < 2) return word;
  const at = Math.floor(random() * word.length);
  const letter = LETTERS[Math.floor(random() * LETTERS.length)]!;
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + word[at] + word.slice(at);
    case 2:
      return at + 1 < word.length ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : word.slice(0, at) + letter;
    default:
      return word.slice(0, at) + letter + word.slice(at + 1);
  }
}

/**
 * The same Zipf mix as typed in a hurry: `share` of the queries have one word with one edit
 * (pottery → potery), so they miss the exact words and take the forgiving path.
 */
export function misspelledMix(count: number, share = 0.3, seed = 13): { q: string; edited: boolean }[] {
  const random = prng(seed);
  const draw = zipfDraw(random);
  return Array.from({ length: count }, () => {
    const words = random() < 0.2 ? [draw(), draw()] : [draw()];
    const edited = random() < share;
    if (edited) {
      const i = Math.floor(random() * words.length);
      words[i] = oneEdit(words[i]!, random);
    }
    return { q: words.join(" "), edited };
  });
}

export function misspelledQueries(count: number, share = 0.3, seed = 13): string[] {
  return misspelledMix(count, share, seed).map((m) => m.q);
}

/** What a suggestion box is asked while a Zipf word is typed: its first 2 to 5 letters. */
export function prefixQueries(count: number, seed = 14): string[] {
  const random = prng(seed);
  const draw = zipfDraw(random);
  return Array.from({ length: count }, () => {
    const word = draw();
    return word.slice(0, Math.min(word.length, 2 + Math.floor(random() * 4)));
  });
}
