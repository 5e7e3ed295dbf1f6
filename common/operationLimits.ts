import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ParseOptions, type ValidationContext } from 'graphql';
import { yrdError } from './errors';

/** The limits of one service; each is a count an operation may not exceed. */
export interface OperationLimits {
  /** Field nesting depth. */
  maxDepth: number;
  /** Aliases in the document. */
  maxAliases: number;
  /** Directives in the document. */
  maxDirectives: number;
  /** Lexical tokens; the parser stops at the next one. */
  maxTokens: number;
  /** graphql-armor's cost (fields weighted by depth); null: no cost limit. */
  maxCost: number | null;
}

/**
 * Operation limits of graphql-armor, applied while the operation is validated, before
 * planning or execution: depth, aliases, directives and cost, and no field suggestions
 * (they would reveal the schema to anyone); and the parser's own token limit
 * (`parseOptions`), so an oversized document is not even parsed whole. Every rejection
 * is one error with `QUERY_TOO_COMPLEX` (HTTP 400), which `formatError` keeps.
 */
export function operationLimits(limits: OperationLimits) {
  // One array per limit, with `propagateOnRejection: false`: otherwise armor appends
  // its own reporter (code BAD_USER_INPUT) to the limit's `onReject`, and with one
  // shared array every rejection was reported once per limit, under that code.
  const reject = () => ({
    propagateOnRejection: false,
    onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(tooComplex(err.message))],
  });
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...reject() },
    maxAliases: { n: limits.maxAliases, ...reject() },
    maxDirectives: { n: limits.maxDirectives, ...reject() },
    // Off: armor's Apollo token limit re-parses in `parsingDidStart`, where a throw is an
    // unexpected error to Apollo, so every syntax error (and the limit) answered 500.
    maxTokens: { enabled: false },
    costLimit: limits.maxCost === null ? { enabled: false } : { maxCost: limits.maxCost, ...reject() },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  const parseOptions: ParseOptions = { maxTokens: limits.maxTokens };
  return { ...armor, parseOptions, plugins: [...armor.plugins, tokenLimitCode()] };
}

function tooComplex(message: string): GraphQLError {
  return yrdError('QUERY_TOO_COMPLEX', {}, { detail: message.replace(/^Syntax Error: /, '') });
}

// graphql-js 16 words its limit (typo included) "Document contains more that N tokens. Parsing aborted."
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens\. Parsing aborted\.$/;

/**
 * The parser reports its token limit as a syntax error (`GRAPHQL_PARSE_FAILED`), yet the
 * document may well be valid: give that error our code, which `formatError` keeps.
 */
function tokenLimitCode(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async parsingDidStart() {
          return async (err) => {
            if (err instanceof GraphQLError && TOKEN_LIMIT.test(err.message)) {
              Object.assign(err.extensions, yrdError('QUERY_TOO_COMPLEX').extensions);
            }
          };
        },
      };
    },
  };
}
