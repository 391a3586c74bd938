// The users module's public entry: what other modules use (its wiring is module.ts). users and
// user_roles are written only by this module.
export {
  addUserRoles,
  clearFailedSignIns,
  countFailedSignIn,
  insertUser,
  resetToOneTimePassword,
  setChosenPassword,
} from './accounts.js';
export { assertUserAdminRemains } from './guard.js';
