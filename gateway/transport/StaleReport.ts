import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** What a served stale entity is reported as, in `extensions.stale` of the response. */
export interface StaleNote {
  subgraph: string;
  permitId: string;
  ageSeconds: number;
}

/**
 * Collects, per request, the stale entities the entity cache served while their region
 * failed, and reports them in the response's `extensions.stale` (its `plugin()`). A
 * request is named by its context object, held weakly: the notes go with the request,
 * and no field of the context is written behind the plugins' backs.
 */
export class StaleReport {
  private readonly notes = new WeakMap<object, StaleNote[]>();

  /** Records one stale entity served to `request` (its context object). */
  note(request: object, note: StaleNote): void {
    const notes = this.notes.get(request);
    if (notes) notes.push(note);
    else this.notes.set(request, [note]);
  }

  /** The notes of `request`, in the order served; forgets them. */
  take(request: object): StaleNote[] {
    const notes = this.notes.get(request) ?? [];
    this.notes.delete(request);
    return notes;
  }

  /** Adds `extensions.stale` to a response that was served stale entities. */
  plugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ response, contextValue }) => {
          const stale = this.take(contextValue);
          if (stale.length && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, stale };
          }
        },
      }),
    };
  }
}
