// The query-string helpers live in the contract (libs/contracts query.ts), shared by every endpoint's schema; they
// are re-exported here for the API's own schemas.
export { queryDay, queryInt, queryMonth, queryNumber, queryOnce } from '@hotline/contracts';
