import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { apiSchema } from '../purpose/__tests__/apiSchema';
import { operationAnalyser, type AnalysedContext } from '../operationAnalyser';

// What a later plugin sees in its own didResolveOperation.
const seen: Array<AnalysedContext['analysis']> = [];
const reader: ApolloServerPlugin<AnalysedContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue }) {
        seen.push(contextValue.analysis);
      },
    };
  },
};

const server = new ApolloServer<AnalysedContext>({ schema: apiSchema(), plugins: [operationAnalyser(), reader] });
beforeAll(() => server.start());
afterAll(() => server.stop());

async function analysed(request: { query: string; operationName?: string }) {
  seen.length = 0;
  const contextValue: AnalysedContext = {};
  await server.executeOperation(request, { contextValue });
  return seen[0];
}

describe('operationAnalyser', () => {
  it('hands the plugins after it the analysis of the operation', async () => {
    const analysis = await analysed({ query: '{ permit(id: "3101152024000123452") { status } }' });
    expect(analysis?.permitIds).toEqual(['3101152024000123452']);
    expect(analysis?.fields.map((f) => f.coordinate)).toEqual(['Query.permit', 'ResidencePermit.status']);
  });

  it('stores it frozen and read-only', async () => {
    let context: AnalysedContext | undefined;
    const grab: ApolloServerPlugin<AnalysedContext> = {
      async requestDidStart() {
        return {
          async didResolveOperation({ contextValue }) {
            context = contextValue;
          },
        };
      },
    };
    const probe = new ApolloServer<AnalysedContext>({ schema: apiSchema(), plugins: [operationAnalyser(), grab] });
    await probe.start();
    await probe.executeOperation({ query: '{ regions { region } }' }, { contextValue: {} });
    await probe.stop();
    expect(Object.isFrozen(context?.analysis)).toBe(true);
    expect(() => Object.assign(context!, { analysis: undefined })).toThrow(TypeError);
  });

  it('leaves no analysis when the document has no such operation', async () => {
    expect(await analysed({ query: 'query A { regions { region } }', operationName: 'B' })).toBeUndefined();
  });
});
