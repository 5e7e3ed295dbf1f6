import { entityErrorsById } from '../entityErrorsById';
import { permit, subgraphRequest } from './support';

describe('entityErrorsById', () => {
  it('names an `_entities[i]` error by the permit it was sent for, not by a path', async () => {
    const send = entityErrorsById(async () => ({
      data: { _entities: [null, null] },
      errors: [
        { message: 'not found', path: ['_entities', 1], extensions: { code: 'PERMIT_NOT_FOUND' } },
        { message: 'no field', path: ['_entities', 0, 'holder', 'name'] },
        { message: 'elsewhere', path: ['other'] },
      ],
    }));
    const res = await send(subgraphRequest({ reps: [permit('A'), permit('B')] }));
    expect(res.errors).toEqual([
      { message: 'not found', extensions: { code: 'PERMIT_NOT_FOUND', permitId: 'B' } },
      { message: 'no field', extensions: { permitId: 'A', field: 'holder.name' } },
      { message: 'elsewhere', path: ['other'] },
    ]);
  });
});
