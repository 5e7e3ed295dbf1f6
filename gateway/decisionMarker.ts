import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './GatewayContext';

/**
 * Reports stale entities served to plain reads in the response's `extensions.stale`.
 * Requests that ask for a recognition decision are told apart before planning by the
 * context's `analysis.selectsRecognition` (`operationAnalyser()`), so no data source serves
 * them stale data: a decision is made on fresh, verified data or not at all.
 */
export function decisionMarker(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (contextValue.stale.length && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, stale: contextValue.stale };
          }
        },
      };
    },
  };
}
