// Dates as readers expect them in the publication's locale and time zone: "4 giugno 2023, 18:05".

const formatters = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formattersFor(locale: string, timeZone: string) {
  const key = `${locale}|${timeZone}`;
  let pair = formatters.get(key);
  if (!pair) {
    pair = {
      date: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone }),
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }),
    };
    formatters.set(key, pair);
  }
  return pair;
}

export type DateFormatter = { dateTime: (iso: string) => string; date: (iso: string) => string };

export function dateFormatter(locale: string, timeZone: string): DateFormatter {
  const { date, time } = formattersFor(locale, timeZone);
  return {
    dateTime: (iso) => {
      const instant = new Date(iso);
      return `${date.format(instant)}, ${time.format(instant)}`;
    },
    date: (iso) => date.format(new Date(iso)),
  };
}
