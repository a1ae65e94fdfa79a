/**
 * The steps after the choice of a time (details, review, done), and the waitlist's form and its done step:
 * not needed to show the first step, so the build makes them a chunk of their own, fetched as soon as the
 * person moves on from it. Their texts come with them (i18n/later.ts).
 */
import { registerLater } from '../i18n';
import { LATER_CATALOGS } from '../i18n/later';

registerLater(LATER_CATALOGS);

export { detailsStep } from './details-step';
export { checkDetails, requestBody } from './details-request';
export { reviewStep } from './review-step';
export { doneStep } from './done-step';
export { checkWaitlist, waitlistBody, waitlistStep, waitlistValues, waitlistedStep } from './waitlist-step';
