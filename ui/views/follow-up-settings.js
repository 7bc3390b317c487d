// Settings → Follow-up calls: when the follow-up call is proposed after a
// fix (days after, calling time, closed days), when to try again after no
// answer, whether Mend shows desktop reminders, and the calendar export.

import { getFollowUpSettings, updateFollowUpSettings } from '../api.js';
import { h, prepend } from '../dom.js';
import { showError, clearError, toast } from '../feedback.js';
import { field, input, busy, handleSaveError, clearFieldErrors, showFieldErrors } from './form.js';
import { calendarButton } from './calls-common.js';
import { intl } from '../format.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
// 1 January 2024 was a Monday: the week's names in the user's language.
const dayName = (i, style) => intl(Intl.DateTimeFormat, { weekday: style }).format(new Date(2024, 0, 1 + i));

/** The section (#follow-up-settings-section) and isDirty() for its form. */
export function followUpSettings() {
  const days = input({ id: 'follow-up-days', name: 'days_after', type: 'number', min: '0', max: '60', step: '1', inputmode: 'numeric' });
  const time = input({ id: 'follow-up-time', name: 'call_time', type: 'time', step: '60' });
  const retry = input({ id: 'retry-days', name: 'retry_days', type: 'number', min: '1', max: '30', step: '1', inputmode: 'numeric' });
  const notifications = h('input', { type: 'checkbox', id: 'notifications', name: 'notifications' });
  const closed = h('fieldset', { class: 'field wide closed-days', 'data-field': 'closed_days' },
    h('legend', null, 'Closed on'),
    h('div', { class: 'day-options' }, DAYS.map((d, i) =>
      h('label', { class: 'day-option', for: `closed-${d}`, title: dayName(i, 'long') },
        h('input', { type: 'checkbox', class: 'closed-day', id: `closed-${d}`, value: d }),
        dayName(i, 'short')))),
    h('p', { class: 'hint' }, 'No calls are proposed on these days: they move to the next open day.'));
  const saveBtn = h('button', { type: 'submit', id: 'save-follow-up-settings', class: 'button primary' }, 'Save');

  const form = h('form', { id: 'follow-up-settings', class: 'grid three follow-up-settings', novalidate: true, autocomplete: 'off' },
    field({ label: 'Call this many days after the fix', control: days, keys: 'days_after', hint: '1 = the next day. 0 = later the same day.' }),
    field({ label: 'Calling time', control: time, keys: 'call_time', hint: 'When the proposed calls are placed, e.g. 10:00.' }),
    field({ label: 'No answer: try again after (days)', control: retry, keys: 'retry_days', hint: 'The next try is at the calling time.' }),
    closed,
    h('div', { class: 'field wide checkbox-field reminders-field', 'data-field': 'notifications' },
      notifications,
      h('label', { for: 'notifications' }, 'Desktop reminders when a call or promise is due'),
      h('span', { class: 'hint' }, '(while Mend is open)')),
    h('div', { class: 'form-actions wide' }, saveBtn));

  const snapshot = () => JSON.stringify([days.value, time.value, retry.value, notifications.checked,
    [...form.querySelectorAll('input.closed-day')].map((b) => b.checked)]);
  let initial = snapshot();

  function fill(s) {
    days.value = String(s.rules.days_after);
    time.value = s.rules.call_time;
    retry.value = String(s.rules.retry_days);
    notifications.checked = Boolean(s.notifications);
    for (const box of form.querySelectorAll('input.closed-day')) box.checked = s.rules.closed_days.includes(box.value);
    initial = snapshot();
  }

  saveBtn.disabled = true;
  getFollowUpSettings()
    .then((s) => {
      fill(s);
      saveBtn.disabled = false;
    })
    .catch((err) => {
      showError(err, 'Could not load the follow-up settings');
      prepend(form, h('p', { class: 'field-error wide' }, 'The current settings could not be loaded, so they can’t be changed now. Restart Mend and try again.'));
    });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (saveBtn.disabled) return;
    clearFieldErrors(form);
    const errors = {};
    const whole = (el, key) => {
      const raw = el.value.trim();
      if (!raw || el.validity?.badInput || !/^-?\d+$/.test(raw)) {
        errors[key] = 'Please enter a whole number of days.';
        return 0;
      }
      return Number(raw);
    };
    const rules = {
      days_after: whole(days, 'days_after'),
      call_time: time.value.trim(),
      closed_days: [...form.querySelectorAll('input.closed-day')].filter((b) => b.checked).map((b) => b.value),
      retry_days: whole(retry, 'retry_days'),
    };
    if (Object.keys(errors).length) {
      showFieldErrors(form, errors);
      return;
    }
    const done = busy(saveBtn);
    try {
      const saved = await updateFollowUpSettings(rules, notifications.checked);
      fill(saved);
      clearError();
      toast('Follow-up settings saved. New proposals use them.');
    } catch (err) {
      handleSaveError(form, err, 'The follow-up settings were not saved');
    } finally {
      done();
    }
  });

  const element = h('section', { class: 'panel', id: 'follow-up-settings-section', 'aria-labelledby': 'follow-up-settings-title' },
    h('h2', { id: 'follow-up-settings-title' }, 'Follow-up calls'),
    h('p', { class: 'muted small' },
      'When an incident is resolved, Mend proposes a call to check everything is fixed. These are the defaults for that call; you can always pick another time.'),
    form,
    h('div', { class: 'calendar-export' },
      h('h3', null, 'Calendar'),
      h('p', { class: 'muted small' }, 'Save the open calls and promises as a calendar file to open in your phone’s or computer’s calendar.'),
      calendarButton('export-calendar-settings')));

  return { element, isDirty: () => !saveBtn.disabled && snapshot() !== initial };
}
