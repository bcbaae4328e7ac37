import { GraphQLError } from 'graphql';
import { rowFilter, withScope } from '../auth/scope';
import { Person, type PersonDoc } from '../db/models/person';
import { Training, TrainingParticipation, type TrainingDoc, type TrainingParticipationDoc } from '../db/models/training';
import type { ParticipationStatus, TrainingOutcome } from '../domain/records';
import { ErrorCode } from '../errors';
import { nextHubId } from '../services/hubIds';
import { freeSeat, recoverSeats, takeSeat } from '../services/trainingSeats';
import { requireAction, subjectInScope } from '../writes/guard';
import { runWrite, type WriteContext } from '../writes/run';
import { badField, conflict, notFound } from '../writes/validate';

/*
 * Training registration (docs/domain.md section 9): register a person for a training with open places, mark
 * attendance, complete with an outcome, or drop (which frees the place). The person must be in the viewer's rows
 * (KARANG_TARUNA: youth of its desa), else NOT_FOUND; the training catalogue is public.
 *
 * The place is a numbered seat won by a unique insert before the journal is written (src/services/trainingSeats.ts);
 * the seat names the participation, so a registration cut short after winning it is finished by its retry or by the
 * training's recovery. A status step is decided by a unique key like the aid proposals' steps: the first step inserts
 * `<participation>><status>`, which a participation reaches once.
 */

const day = (d: Date) => d.toISOString().slice(0, 10);

/** TRAINING_FULL: no place left (the places left are 0; who holds them is not said). */
function trainingFull(id: string): GraphQLError {
  return new GraphQLError(`input.trainingId: training ${id} has no places left`, {
    extensions: { code: ErrorCode.TRAINING_FULL, field: 'input.trainingId', argument: 'input.trainingId', placesLeft: 0 },
  });
}

function alreadyRegistered(): GraphQLError {
  return new GraphQLError('input.personId: the person already holds a place in this training', {
    extensions: { code: ErrorCode.ALREADY_REGISTERED, field: 'input.personId', argument: 'input.personId' },
  });
}

export interface RegisterInput {
  idempotencyKey: string;
  trainingId: string;
  personId: string;
}

export function registerTrainingParticipant(ctx: WriteContext, input: RegisterInput): Promise<Record<string, unknown>> {
  return runWrite(ctx, {
    mutation: 'registerTrainingParticipant',
    input: { ...input },
    subjects: [input.personId],
    plan: async () => {
      requireAction(ctx.viewer, 'MANAGE_TRAINING_PARTICIPANT');
      const training = /^T\d{5}$/.test(input.trainingId) ? await Training.findById(input.trainingId).lean<TrainingDoc>() : null;
      if (!training) throw notFound('input.trainingId', 'training', input.trainingId);
      const person = await subjectInScope<PersonDoc>(ctx.viewer, 'persons', input.personId, 'input.personId', ctx.now);
      if (day(training.endDate) < day(ctx.now)) throw badField('input.trainingId', `training ${training._id} ended on ${day(training.endDate)}`);
      const participationId = await nextHubId('TP');
      let seat = await takeSeat(training, participationId, person._id);
      if (seat.kind === 'FULL' && (await recoverSeats(training._id)).freed > 0) seat = await takeSeat(training, participationId, person._id);
      if (seat.kind === 'FULL') throw trainingFull(training._id);
      let id = participationId;
      if (seat.kind === 'ALREADY_HELD') {
        // A registration of this person cut short after winning its seat (its participation not yet written) is
        // finished here; one that went through is a second registration.
        if (!seat.participationId || (await TrainingParticipation.exists({ _id: seat.participationId }))) throw alreadyRegistered();
        id = seat.participationId;
      }
      const doc = { _id: id, trainingId: training._id, personId: person._id, status: 'REGISTERED', outcome: null };
      return {
        steps: [{ kind: 'insert', collection: 'trainingParticipations', doc }],
        audit: [{ subjectType: 'trainingParticipations', subjectId: id, personIds: [person._id], old: null, new: { trainingId: training._id, status: 'REGISTERED' } }],
        result: { collection: 'trainingParticipations', id },
      };
    },
  });
}

type StepAction = 'ATTEND' | 'COMPLETE' | 'DROP';

const STEPS: Record<StepAction, { from: readonly ParticipationStatus[]; to: ParticipationStatus; mutation: string }> = {
  ATTEND: { from: ['REGISTERED'], to: 'ATTENDED', mutation: 'markTrainingAttendance' },
  COMPLETE: { from: ['ATTENDED'], to: 'COMPLETED', mutation: 'completeTrainingParticipation' },
  DROP: { from: ['REGISTERED', 'ATTENDED'], to: 'DROPPED', mutation: 'dropTrainingParticipant' },
};

export interface ParticipationStepInput {
  idempotencyKey: string;
  participationId: string;
  expectedStatus: ParticipationStatus;
  outcome?: TrainingOutcome | null;
}

/** A participation whose person the viewer sees; else null (missing and out of scope read the same). */
async function participationInScope(ctx: WriteContext, id: string): Promise<TrainingParticipationDoc | null> {
  if (!/^TP\d{8}$/.test(id)) return null;
  const tp = await TrainingParticipation.findById(id).lean<TrainingParticipationDoc>();
  if (!tp) return null;
  const filter = withScope({ _id: tp.personId }, rowFilter(ctx.viewer, 'persons', ctx.now));
  return filter !== null && (await Person.exists(filter)) ? tp : null;
}

function participationConflict(id: string, current: { status?: unknown } | null, expected: string): GraphQLError {
  return conflict(`participation ${id} is ${String(current?.status ?? 'gone')}; expected ${expected}. Read it again`, current ? { status: current.status ?? null } : null);
}

export async function stepTrainingParticipation(ctx: WriteContext, action: StepAction, input: ParticipationStepInput): Promise<Record<string, unknown>> {
  const s = STEPS[action];
  if (!s.from.includes(input.expectedStatus)) {
    throw badField('input.expectedStatus', `${s.mutation} takes a participation that is ${s.from.join(' or ')}, not ${input.expectedStatus}`);
  }
  const result = await runWrite(ctx, {
    mutation: s.mutation,
    input: { ...input },
    subjects: [input.participationId],
    plan: async () => {
      requireAction(ctx.viewer, 'MANAGE_TRAINING_PARTICIPANT');
      const tp = await participationInScope(ctx, input.participationId);
      if (!tp) throw notFound('input.participationId', 'training participation', input.participationId);
      if (tp.status !== input.expectedStatus) throw participationConflict(tp._id, tp, input.expectedStatus);
      const set = { status: s.to, ...(action === 'COMPLETE' ? { outcome: input.outcome ?? 'NONE' } : {}) };
      return {
        steps: [
          { kind: 'insert', collection: 'participationSteps', doc: { _id: `${tp._id}>${s.to}`, participationId: tp._id, status: s.to, by: ctx.viewer.subject, at: ctx.now } },
          { kind: 'update', collection: 'trainingParticipations', id: tp._id, set },
        ],
        audit: [{ subjectType: 'trainingParticipations', subjectId: tp._id, personIds: [tp.personId], old: { status: tp.status, outcome: tp.outcome }, new: set }],
        result: { collection: 'trainingParticipations', id: tp._id },
        onConflict: () => participationConflict(tp._id, { status: s.to }, input.expectedStatus),
      };
    },
  });
  // The place goes back once the drop is recorded; a crash before this is finished by the training's recovery.
  if (action === 'DROP') await freeSeat(String(result.trainingId), String(result._id));
  return result;
}
