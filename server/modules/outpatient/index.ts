// The outpatient module's public entry. Its visit commands are the only writers of `visits`.
export {
  cancelVisit,
  finishVisit,
  openVisit,
  openWalkInVisit,
  saveVisitRecord,
  setVisitPayer,
  startConsultation,
  visitStatus,
} from './visits.js';
