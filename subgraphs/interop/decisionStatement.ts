import type { ApolloServerPlugin } from '@apollo/server';
import { DECISIONS_EXTENSION, type StatedDecision } from '../../common/statedDecisions';
import type { Recognition } from './recognition/evaluateRecognition';

/** The hub's per-request context: the decisions its answer sends out, by the Recognition that holds each. */
export interface HubContext {
  decisions: Map<object, StatedDecision>;
}

// The permit a Recognition was decided for, out of the schema's reach (no field resolves it).
const PERMIT_ID = Symbol('permitId');

/** A Recognition as the hub's resolvers return it: the decision and the permit it is about. */
export type DecidedRecognition = Recognition & { [PERMIT_ID]: string };

/** Marks a decision with the permit it was made for, so its statement can name it. */
export function decidedFor(permitId: string, recognition: Recognition): DecidedRecognition {
  return { ...recognition, [PERMIT_ID]: permitId };
}

/** A fresh context for one request to the hub. */
export function hubContext(): HubContext {
  return { decisions: new Map() };
}

/**
 * `Recognition.decision`: a decision is stated when the answer carries it, that is when
 * the operation selected `decision` (under any alias, once per Recognition) and the hub
 * resolved it — what the gateway's audit recorded from the answer itself before.
 */
export const recognitionResolvers = {
  decision: (recognition: DecidedRecognition, _args: unknown, context: HubContext) => {
    context.decisions.set(recognition, {
      permitId: recognition[PERMIT_ID],
      host: recognition.host,
      service: recognition.service,
      decision: recognition.decision,
    });
    return recognition.decision;
  },
};

/**
 * States the request's decisions in the answer's `extensions` (`DECISIONS_EXTENSION`),
 * for the gateway's audit; an answer without decisions states none.
 */
export function decisionStatement(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || contextValue.decisions.size === 0) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, [DECISIONS_EXTENSION]: [...contextValue.decisions.values()] };
        },
      };
    },
  };
}
