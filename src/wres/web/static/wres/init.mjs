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

// Report sets being generated (the reports page): poll each job's status every two seconds, say it in the job's
// status region, and reload the page when the job has finished, so the set (or the reason it failed) is shown.
// Without JavaScript the page's "Check again" link does the same.
for (const item of document.querySelectorAll('[data-wres-job]')) {
  const status = item.querySelector('[data-wres-job-status]')
  const poll = async () => {
    try {
      const response = await fetch(item.dataset.wresJob, { headers: { Accept: 'application/json' } })
      if (response.ok) {
        const job = await response.json()
        if (status && status.textContent !== job.label) {
          status.textContent = job.label
        }
        if (job.finished) {
          window.location.reload()
          return
        }
      }
    } catch {
      // the server is busy or restarting: try again
    }
    window.setTimeout(poll, 2000)
  }
  window.setTimeout(poll, 2000)
}

// Set last: the page's behaviour is in place. A module script runs after the document is parsed, so a test that
// has seen the heading must wait for this before it presses a data-busy button.
document.documentElement.dataset.wresReady = 'true'

// The region page (region.jinja): pointing at an organisation's row, or moving the keyboard focus into it, highlights
// its point on the funnel; pointing at a point highlights its row. The points carry their organisation's code in
// `data-unit` (wres.web.region_page.hoverable_svg). Without JavaScript each name in the table still highlights its
// organisation through a link.
const regionTable = document.getElementById('region-table')
const funnel = document.querySelector('.wres-funnel svg')
if (regionTable && funnel) {
  const points = new Map()
  for (const point of funnel.querySelectorAll('[data-unit]')) points.set(point.dataset.unit, point)
  const rows = new Map()
  for (const row of regionTable.querySelectorAll('tr[id^="org-"]')) rows.set(row.id.slice(4), row)
  const mark = (code, on) => {
    points.get(code)?.classList.toggle('wres-point--hover', on)
    rows.get(code)?.classList.toggle('wres-row--hover', on)
  }
  for (const [code, row] of rows) {
    row.addEventListener('mouseenter', () => mark(code, true))
    row.addEventListener('mouseleave', () => mark(code, false))
    row.addEventListener('focusin', () => mark(code, true))
    row.addEventListener('focusout', () => mark(code, false))
  }
  for (const [code, point] of points) {
    point.addEventListener('mouseenter', () => mark(code, true))
    point.addEventListener('mouseleave', () => mark(code, false))
  }
}
