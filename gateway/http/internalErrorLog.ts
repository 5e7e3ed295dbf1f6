import type { ApolloServerPlugin } from '@apollo/server';
import { isErrorCode } from '../../common/errorCodes';
import type { Logger } from '../../common/logger';
import type { GatewayContext } from '../GatewayContext';

/**
 * Logs every error the client will only see as `INTERNAL_ERROR`, with the request id
 * the client gets in `X-Request-Id`, so operations can find it. Documented errors are
 * the client's business and are not logged. Only the error's class, message and stack
 * are logged: never variables or response data.
 */
export function internalErrorLog(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const own = (error.originalError as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
            if (isErrorCode(error.extensions?.code) || isErrorCode(own)) continue;
            const cause = error.originalError ?? error;
            logger.error({ requestId: contextValue.requestId, err: { name: cause.name, message: cause.message, stack: cause.stack } }, 'internal error');
          }
        },
      };
    },
  };
}
