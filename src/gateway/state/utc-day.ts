/** `YYYY-MM-DD` (UTC) of an instant, formatted once per day rather than once per request. */
const DAY_MS = 86_400_000;

export function createDayClock(): (now: number) => string {
  let currentDay = '';
  let nextDayAt = 0;
  return (now) => {
    if (now >= nextDayAt || now < nextDayAt - DAY_MS) {
      currentDay = new Date(now).toISOString().slice(0, 10);
      nextDayAt = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
    }
    return currentDay;
  };
}
