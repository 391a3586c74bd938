// The beds API's shapes: the server's own types, inferred from its zod schemas
// (server/modules/beds/schema.ts; type-only, nothing of the server is bundled).
export type {
  Board,
  BoardStay,
  BedMoveView,
  BedView,
  MoveResult,
  PrintOutcomeView as PrintOutcome,
  RoomView,
  WardView,
} from '../../../../server/modules/beds/schema.js';

/** A doctor or nurse offered at 安床. */
export interface StaffChoice {
  id: number;
  name: string;
  title: string;
  mine: boolean;
}
