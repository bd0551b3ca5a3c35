import {API, call, list, session, withVersion} from './api.js';
import {disposeAll} from './charts.js';
import {clear, el, errorBox, field, loading, select} from './dom.js';
import {renderSignIn} from './views/signin.js';
import {renderMonth} from './views/month.js';
import {renderBreakdown} from './views/breakdown.js';
import {renderRates} from './views/rates.js';
import {renderInvoices} from './views/invoices.js';
import {renderBudgets} from './views/budgets.js';
import {renderWhatIf} from './views/whatif.js';
import {renderChargeback} from './views/chargeback.js';
import {renderAccess} from './views/access.js';
import {renderOperatorSubscriptions, renderPrincipals, renderIssuing} from './views/operator.js';
import {renderDeliveries} from './views/deliveries.js';
import {renderIngestion} from './views/ingestion.js';

const SUBSCRIPTION = 'meterwise.subscription';

/** Views of a subscription, then operator views (shown when the operator API answers this principal). */
const VIEWS = [
  {path: 'month', title: 'This month', render: renderMonth},
  {path: 'breakdown', title: 'Breakdown', render: renderBreakdown},
  {path: 'rates', title: 'Rate card', render: renderRates},
  {path: 'invoices', title: 'Invoices', render: renderInvoices},
  {path: 'budgets', title: 'Budgets & alerts', render: renderBudgets},
  {path: 'whatif', title: 'What-if', render: renderWhatIf},
  {path: 'chargeback', title: 'Chargeback', render: renderChargeback},
  {path: 'access', title: 'Access', render: renderAccess},
  {path: 'operator/subscriptions', title: 'Tenants & subscriptions', render: renderOperatorSubscriptions, operator: true},
  {path: 'operator/principals', title: 'Principals', render: renderPrincipals, operator: true},
  {path: 'operator/issuing', title: 'Invoice issuing', render: renderIssuing, operator: true},
  {path: 'operator/deliveries', title: 'Alert deliveries', render: renderDeliveries, operator: true},
  {path: 'operator/ingestion', title: 'Ingestion', render: renderIngestion, operator: true},
];

const state = {subscriptions: [], subscription: null, operator: false, ready: false};
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const sessionBox = document.getElementById('session');

document.getElementById('skip').addEventListener('click', () => main.focus());
session.onSignedOut(() => showSignIn('Your session has ended. Please sign in again.'));
window.addEventListener('hashchange', route);

async function start() {
  if (!session.token()) {
    showSignIn();
    return;
  }
  clear(main).append(loading('Loading your subscriptions…'));
  try {
    state.subscriptions = (await list(withVersion('/subscriptions', API.subscriptions)))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    state.operator = await isOperator();
  } catch (e) {
    if (session.token()) {
      clear(main).append(errorBox(e));
    }
    return;
  }
  const remembered = sessionStorage.getItem(SUBSCRIPTION);
  state.subscription = state.subscriptions.find(s => s.subscriptionId === remembered) || state.subscriptions[0] || null;
  state.ready = true;
  renderSession();
  renderNav();
  if (!location.hash.startsWith('#/')) {
    location.hash = state.subscription ? '#/month' : (state.operator ? '#/operator/subscriptions' : '#/month');
  }
  route();
}

/** The operator API answers the operator and refuses everyone else: the dashboard asks rather than guesses. */
async function isOperator() {
  try {
    await call('/providers/Meterwise/principals');
    return true;
  } catch (e) {
    if (e.status === 403) {
      return false;
    }
    throw e;
  }
}

function showSignIn(message) {
  state.ready = false;
  disposeAll();
  nav.hidden = true;
  clear(sessionBox);
  document.title = 'Sign in · Meterwise';
  renderSignIn(clear(main), message, start);
}

function renderSession() {
  const picker = select(state.subscriptions.map(s => [s.subscriptionId, s.displayName]),
    state.subscription && state.subscription.subscriptionId, {id: 'subscription'});
  picker.addEventListener('change', () => {
    state.subscription = state.subscriptions.find(s => s.subscriptionId === picker.value);
    sessionStorage.setItem(SUBSCRIPTION, picker.value);
    route();
  });
  const signOut = el('button', {type: 'button', class: 'secondary', id: 'sign-out', onclick: () => {
    session.clear();
    sessionStorage.removeItem(SUBSCRIPTION);
    location.hash = '';
    showSignIn('You are signed out.');
  }}, 'Sign out');
  clear(sessionBox).append(
    state.subscriptions.length ? field('Subscription', picker) : el('span', {class: 'muted'}, 'No subscriptions'),
    signOut);
}

function renderNav() {
  const views = VIEWS.filter(v => !v.operator || state.operator);
  clear(nav).append(el('ul', {}, views.map(v => el('li', {class: v.operator ? 'operator' : null},
    el('a', {href: '#/' + v.path, 'data-view': v.path}, v.title)))));
  nav.hidden = false;
}

async function route() {
  if (!state.ready) {
    return;
  }
  if (!location.hash.startsWith('#/')) {
    return; // an in-page anchor, not a view
  }
  const path = location.hash.slice(2);
  const view = VIEWS.find(v => v.path === path && (!v.operator || state.operator)) || VIEWS[0];
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.view === view.path) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  disposeAll();
  const root = clear(main);
  document.title = view.title + ' · Meterwise';
  root.append(el('h1', {id: 'view-title'}, view.title));
  if (!view.operator && !state.subscription) {
    root.append(el('p', {}, 'You hold no role on any subscription. Ask an Owner of a subscription to assign you one.'));
    return;
  }
  const container = el('div', {class: 'view', 'data-view': view.path});
  root.append(container);
  try {
    await view.render(container, state);
    container.dataset.state = 'ready';
  } catch (e) {
    container.append(errorBox(e));
    container.dataset.state = 'failed';
  }
}

start();
