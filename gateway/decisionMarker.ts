import type { ApolloServerPlugin } from '@apollo/server';
import { TypeInfo, getNamedType, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from './GatewayContext';

/**
 * Marks, before planning, requests that ask for a recognition decision (any field of
 * type `Recognition`), so no data source serves them stale data: a decision is made on
 * fresh, verified data or not at all.
 */
export function decisionMarker(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, contextValue }) {
          contextValue.decision = selectsType(schema, document, 'Recognition');
        },
      };
    },
  };
}

function selectsType(schema: GraphQLSchema, document: DocumentNode, typename: string): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (type && getNamedType(type).name === typename) found = true;
      },
    }),
  );
  return found;
}
