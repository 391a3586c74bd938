// The shapes of the APIs the doctor station uses: the servers' zod schemas (type-only imports).
import type { z } from 'zod';
import type { CatalogItem as CatalogItemView } from '../../../../server/modules/catalog/schema.js';
import type { DepartmentView } from '../../../../server/modules/departments/schema.js';
import type {
  OrderLineView,
  OrderView,
  ProblemView,
  Vocabulary as VocabularyOut,
} from '../../../../server/modules/orders/schema.js';
import type { VisitView } from '../../../../server/modules/outpatient/schema.js';
import type { QueueEntryView, QueueList as QueueListOut } from '../../../../server/modules/queue/schema.js';
export type Diagnosis = VisitView['diagnoses'][number];
export type OrderLine = OrderLineView;
export type Order = OrderView;
export type OrderKind = OrderView['kind'];
/** A visit as the station holds it: the list answer has no `patient`, one visit's answer has. */
export type Visit = Omit<VisitView, 'patient'> & { patient?: VisitView['patient'] };

export type QueueEntry = QueueEntryView;
export type QueueList = QueueListOut;

export type CatalogItem = CatalogItemView;
export type Problem = ProblemView;
export type Vocabulary = z.infer<typeof VocabularyOut>;
export type Dept = Pick<DepartmentView, 'id' | 'name' | 'kind' | 'active'>;

export const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
