/**
 * Picks the SMS provider named by SMS_PROVIDER and configures it from the environment. A provider that
 * is named but not fully configured (or an unknown name) does not fall back to `console`, which would
 * mark messages sent without sending them: it refuses every send as a temporary failure, so messages
 * wait in the outbox until the configuration is fixed. A sender the provider would refuse (too long, odd
 * characters: sender.ts) is the same: an error `npm start` stops on, and in the Worker a log line and an
 * unavailable provider whose refusal says why (the admin portal's SMS alert shows it). The warnings and
 * errors name variables, never values.
 */
import type { SmsAlertReason } from '../domain/vocabulary';
import type { SmsProvider } from './provider';
import { consoleSmsProvider } from './provider';
import { messagingServiceProblem, senderProblem } from './sender';
import { smsHostingProvider, DEFAULT_SMSHOSTING_API_BASE } from './smshosting';
import { twilioProvider, DEFAULT_TWILIO_API_BASE } from './twilio';

export const SMS_PROVIDERS = ['console', 'twilio', 'smshosting'] as const;

export interface SelectedSmsProvider {
  provider: SmsProvider;
  /** Configuration problems, for the startup log (errors included). */
  warnings: string[];
  /** Configuration the provider would refuse: `npm start` stops on these; the Worker logs them and waits. */
  errors: string[];
}

/** The provider for SMS_PROVIDER (default `console`), configured from the same env. */
export function smsProviderFromEnv(
  env: Record<string, string | undefined>,
  opts: { fetch: typeof fetch; publicBaseUrl: string; print?: (line: string) => void },
): SelectedSmsProvider {
  const name = (env.SMS_PROVIDER || 'console').trim().toLowerCase();
  const value = (k: string) => env[k]?.trim() || undefined;
  const missing = (keys: string[]) => keys.filter((k) => !value(k));

  if (name === 'console') return { provider: consoleSmsProvider(opts.print), warnings: [], errors: [] };

  if (name === 'twilio') {
    const absent = missing(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']);
    if (!value('TWILIO_FROM') && !value('TWILIO_MESSAGING_SERVICE_SID'))
      absent.push('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID');
    if (absent.length) return unconfigured('twilio', absent);
    const service = value('TWILIO_MESSAGING_SERVICE_SID');
    // The Messaging Service wins over TWILIO_FROM (twilio.ts), so only the one in use is checked.
    const refused = service
      ? messagingServiceProblem('TWILIO_MESSAGING_SERVICE_SID', service)
      : senderProblem('TWILIO_FROM', value('TWILIO_FROM') ?? '');
    if (refused) return invalid('twilio', refused);
    return {
      provider: twilioProvider(
        {
          accountSid: value('TWILIO_ACCOUNT_SID') ?? '',
          authToken: value('TWILIO_AUTH_TOKEN') ?? '',
          from: value('TWILIO_FROM'),
          messagingServiceSid: value('TWILIO_MESSAGING_SERVICE_SID'),
          apiBase: value('TWILIO_API_BASE') ?? DEFAULT_TWILIO_API_BASE,
          publicBaseUrl: opts.publicBaseUrl,
        },
        opts.fetch,
      ),
      warnings: [],
      errors: [],
    };
  }

  if (name === 'smshosting') {
    const absent = missing(['SMSHOSTING_AUTH_KEY', 'SMSHOSTING_AUTH_SECRET']);
    if (absent.length) return unconfigured('smshosting', absent);
    const from = value('SMSHOSTING_FROM');
    const refused = from ? senderProblem('SMSHOSTING_FROM', from) : undefined;
    if (refused) return invalid('smshosting', refused);
    const warnings = value('SMSHOSTING_CALLBACK_TOKEN')
      ? []
      : ['SMSHOSTING_CALLBACK_TOKEN is not set: messages are sent but delivery reports are not requested'];
    return {
      provider: smsHostingProvider(
        {
          authKey: value('SMSHOSTING_AUTH_KEY') ?? '',
          authSecret: value('SMSHOSTING_AUTH_SECRET') ?? '',
          from: value('SMSHOSTING_FROM'),
          apiBase: value('SMSHOSTING_API_BASE') ?? DEFAULT_SMSHOSTING_API_BASE,
          publicBaseUrl: opts.publicBaseUrl,
          callbackToken: value('SMSHOSTING_CALLBACK_TOKEN'),
        },
        opts.fetch,
      ),
      warnings,
      errors: [],
    };
  }

  return {
    provider: unavailableProvider(name.slice(0, 40)),
    warnings: [`SMS_PROVIDER=${name.slice(0, 40)} is not one of ${SMS_PROVIDERS.join(', ')}: no SMS is sent`],
    errors: [],
  };
}

function unconfigured(name: string, absent: string[]): SelectedSmsProvider {
  return {
    provider: unavailableProvider(name),
    warnings: [`SMS_PROVIDER=${name} but ${absent.join(', ')} not set: no SMS is sent until it is`],
    errors: [],
  };
}

function invalid(name: string, problem: string): SelectedSmsProvider {
  return {
    provider: unavailableProvider(name, { reason: 'sender', code: 'sender_invalid', message: problem }),
    warnings: [`${problem}. No SMS is sent until it is corrected`],
    errors: [problem],
  };
}

/**
 * Refuses every message as an account problem and stops the run: messages wait without using up
 * attempts, nothing is lost, and the admin portal's alert carries `why.message`.
 */
export function unavailableProvider(
  name: string,
  why: { reason: SmsAlertReason; code: string; message: string } = {
    reason: 'not_configured',
    code: 'provider_not_configured',
    message: 'the SMS provider is not configured',
  },
): SmsProvider {
  return {
    name,
    async send() {
      return { ok: false, permanent: false, haltRun: true, account: why.reason, code: why.code, message: why.message };
    },
  };
}
