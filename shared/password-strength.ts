// Password strength (zxcvbn-ts with the common and English dictionaries): used by the server's
// password rules and, loaded on demand, by the strength meter on the signup form. No server-only code.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

/** zxcvbn score (0–4) a new password must reach: 3 is "safely unguessable" for an online attacker. */
export const MIN_SCORE = 3;
/** Longer passwords are estimated on their first characters (zxcvbn's cost grows with length). */
const ESTIMATE_CHARS = 100;

let factory: ZxcvbnFactory | undefined;
function zxcvbn() {
  factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return factory;
}

export interface Strength {
  /** 0 (very weak) to 4 (strong). */
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  ok: boolean;
  /** Why it is weak and what would help (empty when strong). */
  advice: string;
}

const LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"] as const;

export function passwordStrength(password: string, userInputs: (string | null | undefined)[] = []): Strength {
  const inputs = userInputs.filter((v): v is string => Boolean(v)).flatMap((v) => [v, ...v.split(/[@.\s]+/)]);
  const result = zxcvbn().check(password.slice(0, ESTIMATE_CHARS), inputs);
  const score = result.score as Strength["score"];
  const parts = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean);
  return {
    score,
    label: LABELS[score],
    ok: score >= MIN_SCORE,
    advice: score >= MIN_SCORE ? "" : parts.join(" ") || "Add more words that are less common.",
  };
}
