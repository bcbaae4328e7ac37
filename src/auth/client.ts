/**
 * A client app's name: what its `apollographql-client-name` header and its tokens' `client_id` claim say, and
 * what its trusted documents are registered under (src/auth/trustedDocuments.ts).
 */
export const CLIENT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
