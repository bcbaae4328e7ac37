import { randomUUID } from 'node:crypto';
import { createLoaders, type Loaders } from '../loaders';

/** Everything one GraphQL request carries; built fresh for each request. */
export interface Context {
  requestId: string;
  /** The moment the request started: ages and durations are computed against it. */
  now: Date;
  loaders: Loaders;
}

export function createContext(requestId: string = randomUUID()): Context {
  return { requestId, now: new Date(), loaders: createLoaders() };
}
