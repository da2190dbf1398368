// Progressive enhancement only: every page works without this. Marks the body as the NHS.UK frontend expects
// (its template does this with an inline script, which our Content-Security-Policy forbids) and starts its components
// (error summary focus, skip link, checkboxes).
import { initAll } from './nhsuk-frontend-10.6.1.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()
