// The public APIs, called with the signed-in principal's bearer token. The token lives in sessionStorage only (gone
// when the tab closes, never in a cookie), and is sent only to this origin.

const TOKEN = 'meterwise.token';
const EXPIRES = 'meterwise.tokenExpires';

export const API = {
  subscriptions: '2020-01-01',
  cost: '2023-03-01',
  consumption: '2021-10-01',
  billing: '2017-04-24-preview',
  billingPeriods: '2018-03-01-preview',
  authorization: '2022-04-01',
};

export class ApiError extends Error {
  constructor(status, code, message, target) {
    super(message);
    this.status = status;
    this.code = code;
    this.target = target;
  }
}

let onSignedOut = () => {};

export const session = {
  token() {
    const token = sessionStorage.getItem(TOKEN);
    const expires = Number(sessionStorage.getItem(EXPIRES) || '0');
    if (token && expires && Date.now() > expires) {
      this.clear();
      return null;
    }
    return token;
  },
  store(token, expiresInSeconds) {
    sessionStorage.setItem(TOKEN, token);
    const fromToken = tokenExpiry(token);
    const expires = expiresInSeconds ? Date.now() + expiresInSeconds * 1000 : fromToken;
    if (expires) {
      sessionStorage.setItem(EXPIRES, String(expires));
    } else {
      sessionStorage.removeItem(EXPIRES);
    }
  },
  clear() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(EXPIRES);
  },
  onSignedOut(callback) {
    onSignedOut = callback;
  },
};

/** The expiry a JWT claims (display and housekeeping only: the server verifies every token). */
function tokenExpiry(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch (e) {
    return null;
  }
}

/** Client credentials grant at the built-in token endpoint. */
export async function signIn(clientId, clientSecret) {
  const body = new URLSearchParams({grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret});
  const response = await fetch('/oauth2/token', {method: 'POST', body, credentials: 'omit', cache: 'no-store'});
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, json.error || 'SignInFailed',
      json.error_description || 'The client id or secret was not accepted.');
  }
  session.store(json.access_token, json.expires_in);
}

/** Absolute links from the APIs (nextLink) are followed on this origin only: the token never leaves it. */
function sameOrigin(url) {
  const parsed = new URL(url, window.location.href);
  return parsed.pathname + parsed.search;
}

export async function call(path, {method = 'GET', body, as = 'json'} = {}) {
  const token = session.token();
  if (!token) {
    onSignedOut();
    throw new ApiError(401, 'SignedOut', 'Please sign in.');
  }
  const headers = {Authorization: 'Bearer ' + token};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(sameOrigin(path), {method, headers, credentials: 'omit', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body)});
  if (!response.ok) {
    const json = await response.json().catch(() => ({}));
    const error = json.error || {};
    if (response.status === 401) {
      session.clear();
      onSignedOut();
    }
    throw new ApiError(response.status, error.code || 'HttpError' + response.status,
      error.message || response.statusText || 'The request failed.', error.target);
  }
  if (as === 'blob') {
    return response.blob();
  }
  return response.status === 204 ? null : response.json();
}

/** A list API's items, following nextLink up to maxPages pages. */
export async function list(path, maxPages = 20) {
  const items = [];
  let next = path;
  for (let page = 0; next && page < maxPages; page++) {
    const json = await call(next);
    items.push(...(json.value || []));
    next = json.nextLink;
  }
  return items;
}

export function withVersion(path, version, params = {}) {
  const query = new URLSearchParams({'api-version': version, ...params});
  return path + '?' + query.toString();
}

/**
 * A Cost Management query (or forecast, which answers the same shape): every page (POST the same body to nextLink), rows as objects keyed by column name.
 */
export async function costQuery(scope, definition, maxPages = 50, operation = 'query') {
  let next = withVersion(scope + '/providers/Microsoft.CostManagement/' + operation, API.cost);
  const rows = [];
  let columns = [];
  for (let page = 0; next && page < maxPages; page++) {
    const json = await call(next, {method: 'POST', body: definition});
    columns = json.properties.columns.map(c => c.name);
    for (const row of json.properties.rows) {
      rows.push(Object.fromEntries(columns.map((name, i) => [name, row[i]])));
    }
    next = json.properties.nextLink;
  }
  return {columns, rows};
}

export const subscriptionPath = id => '/subscriptions/' + encodeURIComponent(id);
