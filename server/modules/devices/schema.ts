// Devices (设备): request and response shapes of the card-reader routes.
import { z } from 'zod';

export const ReaderNameParam = z.strictObject({
  name: z
    .string({ error: 'name (the reader name) is required' })
    .min(1, 'name (the reader name) must not be empty')
    .max(200, 'name (the reader name) is at most 200 characters'),
});

const Text = z.object({ zh: z.string(), en: z.string() });

export const MaskedRead = z.object({
  at: z.number(),
  profile: z.string(),
  uid: z.string().nullable(),
  person: z
    .object({ name: z.string(), idNumber: z.string(), sex: z.enum(['M', 'F', 'U']), birthDate: z.string().nullable() })
    .nullable(),
});

export const ReaderView = z.object({
  name: z.string(),
  state: z.enum(['no-card', 'card-present', 'reading', 'error', 'gone']),
  atr: z.string().nullable(),
  lastSeenAt: z.number(),
  lastRead: MaskedRead.nullable(),
  /** atr: the card's ATR when the read failed (an unknown card's, to add a profile for it). */
  error: z.object({ code: z.string(), message: Text, at: z.number(), atr: z.string().nullable() }).nullable(),
  workstations: z.array(z.object({ id: z.number(), name: z.string() })),
});

export const ReaderList = z.object({
  service: z.object({ mode: z.string(), state: z.string(), detail: z.string().nullable() }),
  readers: z.array(ReaderView),
});

export const TestReadResult = z.object({
  readerName: z.string(),
  profile: z.string(),
  atr: z.string(),
  read: MaskedRead,
});
