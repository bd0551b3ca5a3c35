// Numbers in the user's locale, money in the subscription's currency, dates in UTC with the zone shown.
// Amounts are summed as integers of the currency's minor unit, never as binary fractions.

const locale = undefined; // the browser's locale
const digitsCache = new Map();

export function currencyDigits(currency) {
  if (!digitsCache.has(currency)) {
    digitsCache.set(currency, new Intl.NumberFormat('en', {style: 'currency', currency})
      .resolvedOptions().maximumFractionDigits);
  }
  return digitsCache.get(currency);
}

/** An API amount (number or decimal string) as an integer count of minor units. */
export function toMinor(value, currency) {
  const digits = currencyDigits(currency);
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) {
    return Math.round(Number(value) * 10 ** digits);
  }
  const fraction = (match[3] || '').padEnd(digits + 1, '0');
  let minor = Number(match[2]) * 10 ** digits + Number(fraction.slice(0, digits) || '0');
  if (Number(fraction[digits]) >= 5) {
    minor += 1; // half up, on the digit after the last shown one (API amounts are already rounded to it)
  }
  return match[1] ? -minor : minor;
}

export function minorToDecimalString(minor, currency) {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) {
    return sign + abs;
  }
  const whole = Math.floor(abs / 10 ** digits);
  const frac = String(abs % 10 ** digits).padStart(digits, '0');
  return sign + whole + '.' + frac;
}

export function money(minor, currency) {
  return new Intl.NumberFormat(locale, {style: 'currency', currency})
    .format(minor / 10 ** currencyDigits(currency));
}

/** A unit price: up to 6 decimals, as price lists carry. */
export function price(value, currency) {
  return new Intl.NumberFormat(locale, {style: 'currency', currency, maximumFractionDigits: 6})
    .format(Number(value));
}

export function number(value, maxDigits = 2) {
  return new Intl.NumberFormat(locale, {maximumFractionDigits: maxDigits}).format(Number(value));
}

export function percent(value) {
  return new Intl.NumberFormat(locale, {style: 'percent', maximumFractionDigits: 1}).format(value);
}

const dayFormat = new Intl.DateTimeFormat(locale, {timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric'});
const shortDayFormat = new Intl.DateTimeFormat(locale, {timeZone: 'UTC', day: 'numeric', month: 'short'});
const monthFormat = new Intl.DateTimeFormat(locale, {timeZone: 'UTC', month: 'long', year: 'numeric'});
const timeFormat = new Intl.DateTimeFormat(locale, {timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'});
const dateTimeFormat = new Intl.DateTimeFormat(locale, {timeZone: 'UTC', day: 'numeric', month: 'short',
  year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'});
const secondsFormat = new Intl.DateTimeFormat(locale, {timeZone: 'UTC', day: 'numeric', month: 'short',
  year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'});

/** 20261103 (Cost Management's UsageDate) as a UTC date. */
export function fromUsageDate(n) {
  const s = String(n);
  return new Date(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))));
}

/** An ISO date or date-time without a zone is UTC here. */
export function utc(text) {
  const s = String(text);
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(s) || s.length <= 10 ? s : s + 'Z');
}

export const day = d => dayFormat.format(d) + ' UTC';
export const shortDay = d => shortDayFormat.format(d);
export const month = d => monthFormat.format(d);
export const time = d => timeFormat.format(d) + ' UTC';
export const dateTime = d => dateTimeFormat.format(d) + ' UTC';
export const dateTimeSeconds = d => secondsFormat.format(d) + ' UTC';

/** yyyy-MM-dd of a UTC date. */
export function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

/** Axis labels: short money (e.g. €1.2K). */
export function compact(value, currency) {
  return new Intl.NumberFormat(locale, {style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1})
    .format(value);
}
