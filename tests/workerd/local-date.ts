/** Today's calendar date in a time zone, YYYY-MM-DD (en-CA formats dates that way). */
export function localToday(now: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Calendar arithmetic on a YYYY-MM-DD date (UTC noon avoids any DST edge). */
export function plusDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
