/**
 * Sender rules, checked at start (the Worker and `npm start`) so a sender the provider would refuse is
 * found before the first message, not by failing it. Twilio and SMSHosting take the same forms: a number
 * (E.164, or digits for a short code), a Twilio Messaging Service SID, or an alphanumeric name of at most
 * 11 characters made of ASCII letters, digits and spaces, with at least one letter.
 */

/** The longest alphanumeric sender the networks carry. */
export const ALPHANUMERIC_SENDER_MAX = 11;

const NUMBER = /^\+?[1-9]\d{2,14}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const ALPHANUMERIC = /^[A-Za-z0-9 ]+$/;

/**
 * Why `value` (the content of the variable `name`) cannot be a sender, in words that name the variable
 * and never repeat the value; undefined when it can.
 */
export function senderProblem(name: string, value: string): string | undefined {
  if (NUMBER.test(value) || MESSAGING_SERVICE_SID.test(value)) return undefined;
  const rule = `an alphanumeric sender has 1 to ${ALPHANUMERIC_SENDER_MAX} letters A-Z, digits or spaces, at least one a letter; or use a number in E.164 form (+39…)`;
  const length = [...value].length;
  if (length > ALPHANUMERIC_SENDER_MAX) return `${name} is ${length} characters long: ${rule}`;
  if (!ALPHANUMERIC.test(value)) return `${name} holds characters a sender cannot have: ${rule}`;
  if (!/[A-Za-z]/.test(value)) return `${name} has no letter: ${rule}`;
  return undefined;
}

/** Why `value` cannot be a Twilio Messaging Service SID; undefined when it can. */
export function messagingServiceProblem(name: string, value: string): string | undefined {
  return MESSAGING_SERVICE_SID.test(value)
    ? undefined
    : `${name} is not a Messaging Service SID (MG followed by 32 hexadecimal digits)`;
}
