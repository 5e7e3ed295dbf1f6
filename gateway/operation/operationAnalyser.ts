import type { ApolloServerPlugin } from '@apollo/server';
import { analyseOperation } from './analyseOperation';
import type { OperationAnalysis } from './OperationAnalysis';

/** What {@link operationAnalyser} adds to the request context. */
export interface AnalysedContext {
  /** The analysis of the operation, set once before planning; absent when the document has no such operation. */
  readonly analysis?: OperationAnalysis;
}

/**
 * Analyses the operation once ({@link analyseOperation}) and stores the frozen result,
 * read-only, as `analysis` on the request context, for the guards, the data sources and
 * the audit. List it before every plugin that reads it: Apollo Server calls the
 * `didResolveOperation` hooks in plugin order, and this one sets the field before it
 * awaits anything. It never throws for a request: refusing is the guards' business.
 */
export function operationAnalyser<TContext extends AnalysedContext = AnalysedContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, operationName, request, contextValue }) {
          if (!operation) return;
          const analysis = analyseOperation(schema, document, operationName, request.variables);
          // Non-writable: no plugin can swap the analysis another one has read.
          Object.defineProperty(contextValue, 'analysis', { value: analysis, enumerable: true });
        },
      };
    },
  };
}
