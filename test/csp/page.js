// The CSP test page's only script (external, same origin): loads the single-file bundle and
// hands its exports to the checks driven from test/csp/run.mjs.
import * as citykit from './citykit.bundle.js';

window.citykit = citykit;
