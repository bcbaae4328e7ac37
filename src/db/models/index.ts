import type { Model } from 'mongoose';
import { Desa, Kecamatan } from './region';

export { Desa, Kecamatan };

/** Every model of the hub, for index creation and test clean-up. */
export function allModels(): Model<any>[] {
  return [Kecamatan, Desa];
}
