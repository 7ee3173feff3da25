/**
 * The results explorer of the web app: the results page of a run and the detail page of one unit. The app's
 * router mounts them; each returns its cleanup.
 */
import "./results.css";

export { mountResults } from "./results-page.js";
export { mountUnitDetail } from "./unit-page.js";
