// Start the NHS.UK frontend components (menus, details, error summaries). Loaded as a module from this server:
// the Content-Security-Policy allows no inline script.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()
