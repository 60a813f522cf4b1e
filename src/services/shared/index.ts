/** What every component shares: who acts, the transaction context, audit, and status changes through the lifecycle tables. */
export { assertTransition } from './assert-transition';
export { changeCaseStatus, changeFoundPersonStatus, changeMatchStatus, type ChangeDetails } from './change-status';
export {
  BackgroundJobs, runTransaction, storeContext, SYSTEM_ACTOR, type Actor, type Clock, type Policy, type StoreAccess, type TxContext,
} from './context';
export { findCase } from './find-case';
export { assertUploadComplete, readUpload } from './read-upload';
export { auditEntry, recordAudit } from './record-audit';
