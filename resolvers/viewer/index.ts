import { viewer } from './Query/viewer';
import { Viewer } from './Viewer';

export const viewerResolvers = {
  Query: { viewer },
  Viewer,
};
