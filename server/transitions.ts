// One helper for every lifecycle table of (actor, action, from, to): orders, enrollment cases and
// listings (and the scheduler, which acts through the same tables as people do). A table answers
// where an action leads, which actions an actor has in a state, and who can ever take an action.
import { AppError } from "@/server/errors";

export interface Transition<Actor extends string, Action extends string, Status extends string> {
  actor: Actor;
  action: Action;
  from: Status;
  to: Status;
}

export interface TransitionTable<Actor extends string, Action extends string, Status extends string> {
  rows: readonly Transition<Actor, Action, Status>[];
  /** The status after `action`, or INVALID_STATE/ILLEGAL_TRANSITION naming the state in words. */
  next(actor: Actor, action: Action, from: Status): Status;
  /** The actions `actor` may take in `status` (for the buttons a page offers). */
  available(actor: Actor, status: Status): Action[];
  /** Every actor the table lets take `action`, in any state (for the procedure's role gate). */
  actorsOf(action: Action): Actor[];
}

export function transitionTable<Actor extends string, Action extends string, Status extends string>(spec: {
  /** How an error names the thing: "An order", "A listing". */
  noun: string;
  rows: readonly Transition<Actor, Action, Status>[];
  statusWords: Record<Status, string>;
  actionWords: Record<Action, string>;
  /** When given, a move that only another actor may make says who ("… only by the host"). */
  actorWords?: Record<Actor, string>;
}): TransitionTable<Actor, Action, Status> {
  const { noun, rows, statusWords, actionWords, actorWords } = spec;
  return {
    rows,
    next(actor, action, from) {
      const move = rows.find((t) => t.actor === actor && t.action === action && t.from === from);
      if (move) return move.to;
      const other = actorWords ? rows.find((t) => t.action === action && t.from === from && t.actor !== actor) : undefined;
      throw new AppError(
        "INVALID_STATE",
        other && actorWords
          ? `${noun} that is ${statusWords[from]} can be ${actionWords[action]} only by ${actorWords[other.actor]}.`
          : `${noun} that is ${statusWords[from]} cannot be ${actionWords[action]}.`,
        { reason: "ILLEGAL_TRANSITION" },
      );
    },
    available(actor, status) {
      return rows.filter((t) => t.actor === actor && t.from === status).map((t) => t.action);
    },
    actorsOf(action) {
      return [...new Set(rows.filter((t) => t.action === action).map((t) => t.actor))];
    },
  };
}
