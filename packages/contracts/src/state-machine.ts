/**
 * The one shape of a workflow shared by server and UI (STYLE §6): named states, named actions, and for each action
 * the states it leaves from, the state it leads to and who may take it. Demands, cases, 三访 campaigns and the
 * modules to come declare their machine with `defineStateMachine`; the server refuses what `next` refuses and the
 * UI offers what `actionsFrom` offers.
 */
export interface TransitionSpec<S extends string, P extends string> {
  from: readonly S[];
  to: S;
  /** Who may take the action; absent: whoever the route's permission admits. */
  by?: readonly P[];
}

export interface StateMachine<S extends string, A extends string, P extends string, T extends TransitionSpec<S, P>> {
  readonly states: readonly S[];
  readonly transitions: Readonly<Record<A, T>>;
  /** The state `action` leads to from `from`, or null when the machine refuses it. */
  next(action: A, from: S): S | null;
  /** The actions that leave `from` (taken by `party`, when given), in declaration order. */
  actionsFrom(from: S, party?: P): A[];
}

export function defineStateMachine<
  S extends string,
  A extends string,
  P extends string = never,
  T extends TransitionSpec<S, P> = TransitionSpec<S, P>,
>(spec: { states: readonly S[]; transitions: Record<A, T> }): StateMachine<S, A, P, T> {
  const actions = Object.keys(spec.transitions) as A[];
  for (const a of actions) {
    const t = spec.transitions[a];
    for (const s of [...t.from, t.to])
      if (!spec.states.includes(s)) throw new Error(`state machine: action ${a} names unknown state ${s}`);
  }
  return {
    states: spec.states,
    transitions: spec.transitions,
    next: (action, from) => (spec.transitions[action].from.includes(from) ? spec.transitions[action].to : null),
    actionsFrom: (from, party) =>
      actions.filter((a) => {
        const t = spec.transitions[a];
        return t.from.includes(from) && (party === undefined || !t.by || t.by.includes(party));
      }),
  };
}
