// Start the NHS.UK frontend components (menus, details, error summaries). Loaded as a module from this server:
// the Content-Security-Policy allows no inline script.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()

// Forms whose work takes a while (generating a report set, checking or importing an extract) are marked
// `data-busy`. Once submitted they say so in their status region (role="status", announced politely) with the
// message of the button pressed, or else the form's, and a second submission is ignored: a double click must not
// start the work twice. Buttons are marked aria-disabled rather than disabled, so the pressed button's name and
// value are still sent. Without JavaScript the forms work as before.
for (const form of document.querySelectorAll('form[data-busy]')) {
  form.addEventListener('submit', (event) => {
    if (form.dataset.busySubmitted === 'true') {
      event.preventDefault()
      return
    }
    form.dataset.busySubmitted = 'true'
    for (const button of form.querySelectorAll('button')) {
      button.setAttribute('aria-disabled', 'true')
    }
    const message = event.submitter?.dataset.busyMessage || form.dataset.busyMessage
    const status = form.querySelector('[data-busy-status]')
    if (message && status) {
      status.textContent = message
    }
  })
}

// Set last: the page's behaviour is in place. A module script runs after the document is parsed, so a test that
// has seen the heading must wait for this before it presses a data-busy button.
document.documentElement.dataset.wresReady = 'true'
