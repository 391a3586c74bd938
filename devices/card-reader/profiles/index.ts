// The card profiles the box knows, in priority order (the first whose probe succeeds reads
// the card). Add a profile here (e.g. the resident health card) and nothing else changes.
import type { CardProfile } from './profile.js';
import { socialSecurityProfile } from './social-security.js';
import { genericProfile } from './generic.js';

export type { CardProfile } from './profile.js';

export const DEFAULT_PROFILES: CardProfile[] = [socialSecurityProfile, genericProfile];
