import { representationsOf, type Send } from './Send';

/**
 * Names the permit of an error on `_entities[i]` by `extensions.permitId` instead of a
 * path (and the failing field, if any, by `extensions.field`). Why: @apollo/gateway 2.14
 * maps `_entities` indexes onto every entity at the fetch's path, not only the ones it
 * sent (other types and nulls are skipped when it builds representations), so in a mixed
 * batch the mapped path points at the wrong item. An id is never wrong.
 */
export function entityErrorsById(send: Send): Send {
  return async (request) => {
    const response = await send(request);
    const reps = representationsOf(request);
    if (!reps || !response.errors) return response;
    const errors = response.errors.map((error) => {
      const [head, index, ...rest] = error.path ?? [];
      if (head !== '_entities' || typeof index !== 'number') return error;
      const { path: _path, ...withoutPath } = error;
      const permitId = reps[index]?.id;
      return {
        ...withoutPath,
        extensions: { ...error.extensions, permitId: typeof permitId === 'string' ? permitId : null, ...(rest.length ? { field: rest.join('.') } : {}) },
      };
    });
    return { ...response, errors };
  };
}
