import { z } from 'zod';
import { count, expecting } from './validation';

/** Settings of a policy version shared by every host and service (`policies.json`, `global`). */
export const globalSchema = z.strictObject(
  {
    /** A permit with this many days or fewer left gets `EXPIRES_SOON`. */
    expiresSoonDays: count,
    /** `MEDICAL_BILLING` only: days after `validUntil` that are referred, not rejected. */
    medicalGraceDays: count,
    /** A months threshold missed by this many months or fewer is referred, not rejected. */
    nearThresholdMonths: count,
  },
  expecting('global settings {expiresSoonDays, medicalGraceDays, nearThresholdMonths}'),
);

/** Settings shared by every host. */
export type GlobalPolicy = z.infer<typeof globalSchema>;
