import { networkFailure } from './provider-errors';

/** A provider's answer: the HTTP response with its JSON body (null when the body is not a JSON object). */
export interface ProviderAnswer {
  ok: true;
  res: Response;
  json: Record<string, unknown> | null;
}

/**
 * POSTs a form to an SMS provider's REST API with Basic auth and a timeout. A network error or timeout is a
 * temporary failure (the message is retried); any HTTP answer is returned for the provider to classify.
 */
export async function postForm(
  fetchFn: typeof fetch,
  endpoint: string,
  authorization: string,
  form: URLSearchParams,
  timeoutMs: number,
): Promise<ProviderAnswer | ReturnType<typeof networkFailure>> {
  let res: Response;
  try {
    res = await fetchFn(endpoint, {
      method: 'POST',
      headers: {
        Authorization: authorization,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: form.toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return networkFailure(err);
  }
  return { ok: true, res, json: await readJsonObject(res) };
}

/** The response body as a JSON object, or null (providers sometimes answer errors in HTML or plain text). */
export async function readJsonObject(res: Response): Promise<Record<string, unknown> | null> {
  try {
    const v = (await res.json()) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
