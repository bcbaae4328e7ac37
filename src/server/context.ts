import { randomUUID } from 'node:crypto';
import { createLoaders, type Loaders } from '../loaders';

/** Everything one GraphQL request carries; built fresh for each request. */
export interface Context {
  requestId: string;
  loaders: Loaders;
}

export function createContext(requestId: string = randomUUID()): Context {
  return { requestId, loaders: createLoaders() };
}
