import { describe, expect, it } from 'vitest';
import { messagingServiceProblem, senderProblem } from '../../worker/src/sms/sender';

describe('sender names', () => {
  it.each(['Sportello', 'SportelloLv', 'Sportello 1', 'A', 'CAF 2026'])('accepts the alphanumeric sender %j', (s) => {
    expect(senderProblem('TWILIO_FROM', s)).toBeUndefined();
  });

  it.each(['+393471234567', '+14155550100', '393471234567', '12345', 'MG0123456789abcdef0123456789abcdef'])(
    'accepts the number or Messaging Service %j',
    (s) => expect(senderProblem('TWILIO_FROM', s)).toBeUndefined(),
  );

  it.each([
    ['SportelloLav', /^TWILIO_FROM is 12 characters long/],
    ['Sportello Lavoro', /^TWILIO_FROM is 16 characters long/],
    ['Sportello.', /^TWILIO_FROM holds characters a sender cannot have/],
    ['Città', /^TWILIO_FROM holds characters/],
    ['Sportello_1', /^TWILIO_FROM holds characters/],
    ['12 34', /^TWILIO_FROM has no letter/],
    ['+39 347', /^TWILIO_FROM holds characters/],
    ['0123', /^TWILIO_FROM has no letter/],
  ])('refuses %j, naming the variable and never the value', (s, why) => {
    const problem = senderProblem('TWILIO_FROM', s);
    expect(problem).toMatch(why);
    expect(problem).not.toContain(s);
    expect(problem).toContain('1 to 11');
  });

  it('checks a Messaging Service SID', () => {
    expect(
      messagingServiceProblem('TWILIO_MESSAGING_SERVICE_SID', 'MG0123456789abcdef0123456789abcdef'),
    ).toBeUndefined();
    expect(messagingServiceProblem('TWILIO_MESSAGING_SERVICE_SID', 'MGabc')).toMatch(
      /^TWILIO_MESSAGING_SERVICE_SID is not/,
    );
  });
});
