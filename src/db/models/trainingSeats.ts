import { Schema, model } from 'mongoose';

/*
 * The places of a training (kuota) as numbered seats: seat `T00001#0007` is place 7 of training
 * T00001, one document per place taken. Taking a place is inserting its seat, and the database's
 * unique keys decide every race, on MongoDB and on the embedded engine alike, without transactions:
 * two registrations inserting the same seat number get one insert and one duplicate key (the loser
 * tries the next free number), and the unique (trainingId, personId) index gives a person one place.
 *
 * A conditional update (`placesLeft > 0` then `$inc: -1`) would be the usual counter, but FerretDB
 * v1 does not apply an update's filter atomically: 30 racing updates on 29 places all matched
 * (tests/training/seats.test.ts was written against that design first). Unique keys it does enforce,
 * through SQLite's unique indexes.
 *
 * A seat names its participation, so it is also the journal of the registration: a hub killed
 * between the seat insert and the participation insert leaves a seat whose participation does not
 * exist yet, and recovery writes it (src/services/trainingSeats.ts). Freeing a place is deleting its
 * seat, which a repeat does not do twice.
 */

export interface TrainingSeatDoc {
  /** `<trainingId>#<4-digit seat number>`, or `<trainingId>#init` for the marker that the imported participations were seated. */
  _id: string;
  trainingId: string;
  /** Null on the marker. */
  personId: string | null;
  participationId: string | null;
  at: Date;
}

const trainingSeatSchema = new Schema<TrainingSeatDoc>(
  {
    _id: { type: String, required: true, match: /^T\d{5}#(\d{4,5}|init)$/ },
    trainingId: { type: String, required: true, match: /^T\d{5}$/ },
    personId: { type: String, default: null, match: /^P\d{7}$/ },
    participationId: { type: String, default: null, match: /^TP\d{8}$/ },
    at: { type: Date, required: true },
  },
  { collection: 'trainingSeats', versionKey: false },
);
// One place per person and training (the marker's null person occurs once per training).
trainingSeatSchema.index({ trainingId: 1, personId: 1 }, { unique: true });

export const TrainingSeat = model<TrainingSeatDoc>('TrainingSeat', trainingSeatSchema);
