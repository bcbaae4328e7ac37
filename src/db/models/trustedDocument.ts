import { Schema, model } from 'mongoose';

/**
 * An operation a client app registered (`npm run documents -- register`), by the
 * sha256 of its text: the key of the codegen client preset's
 * `persisted-documents.json`. One record per document, naming every client that
 * registered it.
 */
export interface TrustedDocumentDoc {
  /** Lower-case hex sha256 of `document`. */
  _id: string;
  document: string;
  /** Client names (`apollographql-client-name`, the token's `client_id`) that registered it. */
  clients: string[];
  registeredAt: Date;
}

const trustedDocumentSchema = new Schema<TrustedDocumentDoc>(
  {
    _id: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    document: { type: String, required: true },
    clients: { type: [String], required: true },
    registeredAt: { type: Date, required: true },
  },
  { collection: 'trustedDocuments', versionKey: false },
);

export const TrustedDocument = model<TrustedDocumentDoc>('TrustedDocument', trustedDocumentSchema);
